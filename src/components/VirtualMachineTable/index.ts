export { VirtualMachineTable } from './VirtualMachineTable';
export type { VirtualMachineTableProps } from './VirtualMachineTable';
export { toVmRow, vmiIPs, vmRowsFromSearchResult } from './vmRow';
export type { VmRow } from './vmRow';
export {
  entrySortValue,
  ipSortValue,
  isVmSortColumn,
  rowSortValue,
  sortByValue,
  VM_SORT_COLUMNS,
} from './sort';
export type { SortDirection, SortValue, VmSort, VmSortColumn } from './sort';
export { VmActionsMenu, VM_ACTION_CONTEXT_ID } from './VmActionsMenu';
