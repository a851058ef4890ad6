export { VirtualMachineTable, vmDetailsHref } from './VirtualMachineTable';
export type { VirtualMachineTableProps } from './VirtualMachineTable';
export { toVmRow, vmRowsFromSearchResult } from './vmRow';
export type { VmRow } from './vmRow';
