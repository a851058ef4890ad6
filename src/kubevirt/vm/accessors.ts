import type {
  Condition,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../types';
import type { InstancetypeIndex } from './resources';

/** One VM and the related objects a consumer has at hand (see src/kubevirt/health/README.md). */
export interface VmEntry {
  vm: VirtualMachine;
  /** The running instance, when there is one. */
  vmi?: VirtualMachineInstance;
  /**
   * Migrations of the VM's VMI, when the consumer lists them (absent: not listed, so the health
   * verdict cannot know of a failed migration).
   */
  migrations?: VirtualMachineInstanceMigration[];
  /** Readable instancetypes (shared by every entry), for the effective size. */
  instancetypes?: InstancetypeIndex;
}

export const vmName = (vm: VirtualMachine | undefined): string => vm?.metadata?.name ?? '';

export const vmNamespace = (vm: VirtualMachine | undefined): string =>
  vm?.metadata?.namespace ?? '';

/** The node the VM runs on: the VMI's `status.nodeName` (a stopped VM has none). */
export const vmNode = ({
  vmi,
}: {
  vm?: VirtualMachine;
  vmi?: VirtualMachineInstance;
}): string | undefined => vmi?.status?.nodeName || undefined;

const parseTime = (value: string | null | undefined): Date | undefined => {
  if (!value) return undefined;
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? undefined : new Date(millis);
};

export const vmCreated = (vm: VirtualMachine | undefined): Date | undefined =>
  parseTime(vm?.metadata?.creationTimestamp);

/**
 * When the VM last changed state: the newest condition transition of the VM or its VMI. Used for
 * "failed in the last hour", where the creation time would be wrong for an old VM that just broke.
 */
export const vmLastTransition = ({ vm, vmi }: VmEntry): Date | undefined => {
  const conditions: Condition[] = [
    ...(vm.status?.conditions ?? []),
    ...(vmi?.status?.conditions ?? []),
  ];
  let newest: number | undefined;
  for (const condition of conditions) {
    const time = parseTime(condition.lastTransitionTime)?.getTime();
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest === undefined ? vmCreated(vm) : new Date(newest);
};
