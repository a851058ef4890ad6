import { isVmHealth, vmHealth, type VmHealth } from '../../kubevirt/health';
import { statusGroup } from '../../kubevirt/status';
import type { VirtualMachine, VirtualMachineInstance } from '../../kubevirt/types';
import {
  formatBytes,
  formatOS,
  parseQuantity,
  vmEffectiveSize,
  vmNode,
  vmOS,
  type VmEntry,
  type VmSizeSource,
} from '../../kubevirt/vm';

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
  /** The health verdict (src/kubevirt/health): the status icon follows it. */
  health?: VmHealth;
  /** English sentence explaining the verdict (the diagnosis summary), shown as the icon's title. */
  healthSummary?: string;
  stuck?: boolean;
  /** Effective vCPUs and memory (src/kubevirt/vm vmEffectiveSize). */
  cpu?: number;
  memory?: string;
  /** The same memory in bytes (for sorting); absent when the size is not known. */
  memoryBytes?: number;
  /** IP addresses the VMI reports (`status.interfaces[].ipAddress(es)`), first interface first. */
  ips?: string[];
  /** `unknown`: the VM's instancetype could not be read, so the size is not known. */
  sizeSource?: VmSizeSource;
  /** The live object, when the row came from the cluster (row actions need it). */
  vm?: VirtualMachine;
  vmi?: VirtualMachineInstance;
}

const rowKey = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * The IP addresses of a VMI, once each, in interface order: `ipAddress` (the primary one) then
 * `ipAddresses` of each entry of `status.interfaces` (KubeVirt reports both; the list repeats the
 * primary address).
 */
export const vmiIPs = (vmi: VirtualMachineInstance | undefined): string[] => {
  const interfaces = vmi?.status?.interfaces;
  if (!Array.isArray(interfaces)) return [];
  const ips = new Set<string>();
  for (const iface of interfaces) {
    const candidates = [
      iface?.ipAddress,
      ...(Array.isArray(iface?.ipAddresses) ? iface.ipAddresses : []),
    ];
    for (const ip of candidates) {
      if (typeof ip === 'string' && ip.trim() !== '') ips.add(ip.trim());
    }
  }
  return [...ips];
};

/**
 * A row from live objects. `related` (migrations, instancetypes) and `now` feed the health verdict
 * and the effective size exactly as the search matcher computes them.
 */
export const toVmRow = (
  vm: VirtualMachine,
  vmi?: VirtualMachineInstance,
  related: Pick<VmEntry, 'migrations' | 'instancetypes'> & { now?: Date } = {},
): VmRow => {
  const name = vm.metadata?.name ?? '';
  const namespace = vm.metadata?.namespace ?? '';
  const status = vm.status?.printableStatus ?? 'Unknown';
  const os = vmOS(vm, vmi);
  const verdict = vmHealth(
    { vm, vmi, migrations: related.migrations },
    { now: related.now ?? new Date() },
  );
  const size = vmEffectiveSize(vm, vmi, related.instancetypes);
  const ips = vmiIPs(vmi);
  return {
    key: rowKey(namespace, name),
    name,
    namespace,
    status,
    statusGroup: statusGroup(status),
    node: vmNode({ vm, vmi }),
    created: vm.metadata?.creationTimestamp,
    os: os ? formatOS(os) : undefined,
    health: verdict.health,
    healthSummary: verdict.summary,
    stuck: verdict.stuck,
    cpu: size.cpu,
    memory: size.memoryBytes !== undefined ? formatBytes(size.memoryBytes) : undefined,
    ...(size.memoryBytes !== undefined ? { memoryBytes: size.memoryBytes } : {}),
    ...(ips.length > 0 ? { ips } : {}),
    sizeSource: size.source,
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
    const health = isVmHealth(record.health) ? record.health : undefined;
    const cpu =
      typeof record.cpu === 'number' && Number.isFinite(record.cpu) ? record.cpu : undefined;
    const memory = text(record.memory);
    const memoryBytes = memory
      ? parseQuantity(memory.replace(/\s+/g, '').replace(/B$/, ''))
      : undefined;
    const ips = (Array.isArray(record.ips) ? (record.ips as unknown[]) : []).filter(
      (ip): ip is string => typeof ip === 'string' && ip.trim() !== '' && ip.length <= 64,
    );
    rows.push({
      key: rowKey(namespace, name),
      name,
      namespace,
      status,
      statusGroup: statusGroup(status),
      node: text(record.node),
      created: text(record.created) ?? text(record.creationTimestamp),
      os: text(record.os),
      ...(health ? { health, healthSummary: text(record.healthSummary) } : {}),
      ...(record.stuck === true ? { stuck: true } : {}),
      ...(cpu !== undefined ? { cpu } : {}),
      ...(memory ? { memory } : {}),
      ...(memoryBytes !== undefined ? { memoryBytes } : {}),
      ...(ips.length > 0 ? { ips: ips.slice(0, 16) } : {}),
    });
  }
  return rows;
};
