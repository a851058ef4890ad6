import { statusGroup } from '../../kubevirt/status';
import type { VirtualMachine, VirtualMachineInstance } from '../../kubevirt/types';
import { formatOS, vmNode, vmOS } from '../../kubevirt/vm';

/** What one table row shows: built from live objects or from a search tool's structured result. */
export interface VmRow {
  /** namespace/name: unique per cluster. */
  key: string;
  name: string;
  namespace: string;
  status: string;
  statusGroup: string;
  node?: string;
  created?: string;
  os?: string;
  /** The live object, when the row came from the cluster (row actions need it). */
  vm?: VirtualMachine;
  vmi?: VirtualMachineInstance;
}

const rowKey = (namespace: string, name: string) => `${namespace}/${name}`;

export const toVmRow = (vm: VirtualMachine, vmi?: VirtualMachineInstance): VmRow => {
  const name = vm.metadata?.name ?? '';
  const namespace = vm.metadata?.namespace ?? '';
  const status = vm.status?.printableStatus ?? 'Unknown';
  const os = vmOS(vm, vmi);
  return {
    key: rowKey(namespace, name),
    name,
    namespace,
    status,
    statusGroup: statusGroup(status),
    node: vmNode({ vm, vmi }),
    created: vm.metadata?.creationTimestamp,
    os: os ? formatOS(os) : undefined,
    vm,
    vmi,
  };
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/**
 * Rows from `search_virtual_machines` structuredContent (`{vms: [{name, namespace, status, node,
 * created, os?}]}`). The content comes from a model's tool call: every field is checked, and entries
 * without a name and namespace are dropped instead of rendered half-empty.
 */
export const vmRowsFromSearchResult = (structuredContent: unknown): VmRow[] => {
  if (!structuredContent || typeof structuredContent !== 'object') return [];
  const vms = (structuredContent as { vms?: unknown }).vms;
  if (!Array.isArray(vms)) return [];
  const rows: VmRow[] = [];
  const seen = new Set<string>();
  for (const entry of vms) {
    if (!entry || typeof entry !== 'object') continue;
    const record = entry as Record<string, unknown>;
    const name = text(record.name);
    const namespace = text(record.namespace);
    if (!name || !namespace || seen.has(rowKey(namespace, name))) continue;
    seen.add(rowKey(namespace, name));
    const status = text(record.status) ?? text(record.printableStatus) ?? 'Unknown';
    rows.push({
      key: rowKey(namespace, name),
      name,
      namespace,
      status,
      statusGroup: statusGroup(status),
      node: text(record.node),
      created: text(record.created) ?? text(record.creationTimestamp),
      os: text(record.os),
    });
  }
  return rows;
};
