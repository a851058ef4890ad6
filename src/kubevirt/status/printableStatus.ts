import type { VirtualMachine } from '../types';

/**
 * `status.printableStatus` values of a kubevirt.io/v1 VirtualMachine, as KubeVirt defines them
 * (`VirtualMachinePrintableStatus` in staging/src/kubevirt.io/api/core/v1/types.go).
 * `ErrorDataVolumeNotFound` was removed in KubeVirt v0.57 but older clusters still report it.
 */
export const VM_PRINTABLE_STATUSES = [
  'Stopped',
  'Provisioning',
  'Starting',
  'Running',
  'Paused',
  'Stopping',
  'Terminating',
  'CrashLoopBackOff',
  'Migrating',
  'Unknown',
  'ErrorUnschedulable',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrorPvcNotFound',
  'ErrorDataVolumeNotFound',
  'DataVolumeError',
  'WaitingForVolumeBinding',
  'WaitingForReceiver',
] as const;

export type VmPrintableStatus = (typeof VM_PRINTABLE_STATUSES)[number];

export const VM_STATUS_GROUPS = ['error', 'starting', 'running', 'stopped', 'other'] as const;

export type VmStatusGroup = (typeof VM_STATUS_GROUPS)[number];

/**
 * Groups follow KubeVirt's own metrics (`vmstats_collector.go`): the error group is what the
 * `VirtualMachineStuckInUnhealthyState` alert calls `status_group='error'`. Unlike the
 * kubevirt-plugin UI, WaitingForVolumeBinding counts as starting (KubeVirt's view: it resolves by
 * itself once a PV binds); a VM that stays there is a diagnosis matter, not a status group.
 */
const STATUS_GROUP: Record<VmPrintableStatus, VmStatusGroup> = {
  CrashLoopBackOff: 'error',
  Unknown: 'error',
  ErrorUnschedulable: 'error',
  ErrImagePull: 'error',
  ImagePullBackOff: 'error',
  ErrorPvcNotFound: 'error',
  ErrorDataVolumeNotFound: 'error',
  DataVolumeError: 'error',
  Provisioning: 'starting',
  Starting: 'starting',
  WaitingForVolumeBinding: 'starting',
  Running: 'running',
  Migrating: 'running',
  Stopped: 'stopped',
  Paused: 'stopped',
  Stopping: 'stopped',
  Terminating: 'stopped',
  WaitingForReceiver: 'other',
};

const KNOWN_STATUSES: ReadonlySet<string> = new Set(VM_PRINTABLE_STATUSES);

export const isVmPrintableStatus = (value: unknown): value is VmPrintableStatus =>
  typeof value === 'string' && KNOWN_STATUSES.has(value);

export const isVmStatusGroup = (value: unknown): value is VmStatusGroup =>
  typeof value === 'string' && (VM_STATUS_GROUPS as readonly string[]).includes(value);

/** The group of a printableStatus; values this library does not know (newer KubeVirt) are 'other'. */
export const statusGroup = (status: string | undefined): VmStatusGroup =>
  isVmPrintableStatus(status) ? STATUS_GROUP[status] : 'other';

export const isErrorStatus = (status: string | undefined): boolean =>
  statusGroup(status) === 'error';

/** Every printableStatus of a group, in the order KubeVirt lists them. */
export const statusesInGroup = (group: VmStatusGroup): VmPrintableStatus[] =>
  VM_PRINTABLE_STATUSES.filter((status) => STATUS_GROUP[status] === group);

/**
 * The VM's printableStatus as virt-controller reported it. A VM the controller has not reconciled
 * yet has none: it reads as 'Unknown', KubeVirt's own fallback. Values newer than this library are
 * returned unchanged so they still display.
 */
export const vmPrintableStatus = (vm: VirtualMachine | undefined): string => {
  const status = vm?.status?.printableStatus;
  return typeof status === 'string' && status.length > 0 ? status : 'Unknown';
};
