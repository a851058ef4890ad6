import type { K8sObject, VirtualMachine, VirtualMachineInstance } from '../types';
import { parseQuantity } from './quantity';

/**
 * vCPUs of a VM: sockets × cores × threads of `domain.cpu` (each defaulting to 1), else the CPU
 * request rounded up (KubeVirt derives the topology from it). A VM sized by an instancetype carries
 * no CPU in its own spec, and the instancetype object is not at hand: undefined rather than a guess.
 * With no hint at all KubeVirt gives a VM one vCPU.
 */
export const vmCpuCount = (vm: VirtualMachine | undefined): number | undefined => {
  const domain = vm?.spec?.template?.spec?.domain;
  const cpu = domain?.cpu;
  if (cpu && (cpu.sockets || cpu.cores || cpu.threads)) {
    return (cpu.sockets || 1) * (cpu.cores || 1) * (cpu.threads || 1);
  }
  const requested =
    parseQuantity(domain?.resources?.requests?.cpu) ??
    parseQuantity(domain?.resources?.limits?.cpu);
  if (requested !== undefined && requested > 0) return Math.ceil(requested);
  if (vm?.spec?.instancetype) return undefined;
  return vm?.spec?.template ? 1 : undefined;
};

/**
 * Guest memory in bytes: `domain.memory.guest`, else the memory request (or limit). Undefined
 * for instancetype-sized VMs and VMs without a memory hint.
 */
export const vmMemoryBytes = (vm: VirtualMachine | undefined): number | undefined => {
  const domain = vm?.spec?.template?.spec?.domain;
  return (
    parseQuantity(domain?.memory?.guest) ??
    parseQuantity(domain?.resources?.requests?.memory) ??
    parseQuantity(domain?.resources?.limits?.memory)
  );
};

/** Instancetypes by `kind/namespace/name` (kind lower-case; namespace empty for cluster ones). */
export type InstancetypeIndex = ReadonlyMap<string, K8sObject>;

const CLUSTER_INSTANCETYPE = 'virtualmachineclusterinstancetype';
const NAMESPACED_INSTANCETYPE = 'virtualmachineinstancetype';

const instancetypeKey = (kind: string, namespace: string, name: string): string =>
  `${kind}/${kind === CLUSTER_INSTANCETYPE ? '' : namespace}/${name}`;

/**
 * Index `VirtualMachineInstancetype` / `VirtualMachineClusterInstancetype` objects (other kinds are
 * ignored) for `vmEffectiveSize`.
 */
export const indexInstancetypes = (
  objects: readonly K8sObject[] | undefined,
): InstancetypeIndex => {
  const index = new Map<string, K8sObject>();
  for (const obj of objects ?? []) {
    const kind = obj.kind?.toLowerCase();
    if (kind !== CLUSTER_INSTANCETYPE && kind !== NAMESPACED_INSTANCETYPE) continue;
    const name = obj.metadata?.name;
    if (!name) continue;
    index.set(instancetypeKey(kind, obj.metadata?.namespace ?? '', name), obj);
  }
  return index;
};

/** The instancetype a VM names: `spec.instancetype`, else `status.instancetypeRef` (inferred ones). */
export const vmInstancetypeRef = (
  vm: VirtualMachine | undefined,
): { kind: string; name: string } | undefined => {
  const statusRef = vm?.status?.instancetypeRef as { kind?: string; name?: string } | undefined;
  const name = vm?.spec?.instancetype?.name || statusRef?.name;
  if (!name) return undefined;
  const kind = (
    vm?.spec?.instancetype?.kind ||
    statusRef?.kind ||
    CLUSTER_INSTANCETYPE
  ).toLowerCase();
  return { kind, name };
};

/**
 * Where an effective size comes from: the running VMI, the VM's instancetype, the VM's own domain,
 * or nothing readable (`unknown`: the VM names an instancetype the caller could not read and the VM
 * is not running).
 */
export type VmSizeSource = 'vmi' | 'instancetype' | 'domain' | 'unknown';

export interface VmEffectiveSize {
  cpu?: number;
  memoryBytes?: number;
  source: VmSizeSource;
  /** The instancetype the VM names, when it names one. */
  instancetype?: string;
}

const topologyCount = (
  topology: { sockets?: number; cores?: number; threads?: number } | undefined,
): number | undefined =>
  topology && (topology.sockets || topology.cores || topology.threads)
    ? (topology.sockets || 1) * (topology.cores || 1) * (topology.threads || 1)
    : undefined;

const vmiSize = (vmi: VirtualMachineInstance): { cpu?: number; memoryBytes?: number } => {
  const status = vmi.status as
    | {
        currentCPUTopology?: { sockets?: number; cores?: number; threads?: number };
        memory?: { guestCurrent?: string };
      }
    | undefined;
  const domain = vmi.spec?.domain;
  return {
    cpu: topologyCount(status?.currentCPUTopology) ?? topologyCount(domain?.cpu),
    memoryBytes:
      parseQuantity(status?.memory?.guestCurrent) ??
      parseQuantity(domain?.memory?.guest) ??
      parseQuantity(domain?.resources?.requests?.memory),
  };
};

/**
 * vCPUs and guest memory as the user means them: from the VMI when it runs (KubeVirt has expanded
 * the instancetype into it), else from the VM's instancetype (`spec.cpu.guest`, `spec.memory.guest`)
 * when it is in `instancetypes`, else from the VM's domain (`vmCpuCount` / `vmMemoryBytes`).
 * Follows KubeVirt's precedence (pkg/instancetype in kubevirt/kubevirt v1.4): an instancetype's
 * CPU and memory replace the VM's, which then may not set them.
 */
export const vmEffectiveSize = (
  vm: VirtualMachine | undefined,
  vmi?: VirtualMachineInstance,
  instancetypes?: InstancetypeIndex,
): VmEffectiveSize => {
  const ref = vmInstancetypeRef(vm);
  const named = ref ? { instancetype: ref.name } : {};
  if (vmi && vmi.status?.phase === 'Running') {
    const size = vmiSize(vmi);
    if (size.cpu !== undefined || size.memoryBytes !== undefined) {
      return { ...size, source: 'vmi', ...named };
    }
  }
  if (ref) {
    const object = instancetypes?.get(
      instancetypeKey(ref.kind, vm?.metadata?.namespace ?? '', ref.name),
    ) as { spec?: { cpu?: { guest?: number }; memory?: { guest?: string } } } | undefined;
    if (object) {
      return {
        cpu: object.spec?.cpu?.guest,
        memoryBytes: parseQuantity(object.spec?.memory?.guest),
        source: 'instancetype',
        ...named,
      };
    }
    return {
      cpu: vmCpuCount(vm),
      memoryBytes: vmMemoryBytes(vm),
      source: 'unknown',
      ...named,
    };
  }
  const cpu = vmCpuCount(vm);
  const memoryBytes = vmMemoryBytes(vm);
  return {
    cpu,
    memoryBytes,
    source: cpu === undefined && memoryBytes === undefined ? 'unknown' : 'domain',
  };
};
