import type { Condition, VirtualMachine, VirtualMachineInstance, VmSnapshot } from './model';

/** Same groups as the status module (KubeVirt's metrics groups); 'other' for values we do not know. */
export type StatusExplanationGroup = 'error' | 'starting' | 'running' | 'stopped' | 'other';

export interface ExplainedCondition {
  source: 'VirtualMachine' | 'VirtualMachineInstance';
  type: string;
  status: string;
  reason?: string;
  message?: string;
  explanation: string;
}

export interface VmStatusExplanation {
  status: string;
  group: StatusExplanationGroup;
  meaning: string;
  /** What KubeVirt normally does next from this state. */
  whatHappensNext: string;
  /** What a user can do or check. */
  nextSteps: string[];
  conditions: ExplainedCondition[];
}

interface StatusInfo {
  group: StatusExplanationGroup;
  meaning: string;
  next: string;
  steps: string[];
}

/** printableStatus values as computed by KubeVirt's virt-controller (vm.go setPrintableStatus). */
const STATUS: Record<string, StatusInfo> = {
  Running: {
    group: 'running',
    meaning: 'The VMI is running on a node and is not paused.',
    next: 'It keeps running until stopped, paused, migrated or the guest shuts down.',
    steps: ['Connect with virtctl console or ssh if the guest is unreachable.'],
  },
  Migrating: {
    group: 'running',
    meaning: 'A live migration to another node is in progress; the guest keeps running.',
    next: 'The VM switches to the target node and returns to Running, or the migration fails and it stays on the source node.',
    steps: ['Watch the VirtualMachineInstanceMigration object for its phase.'],
  },
  Paused: {
    group: 'stopped',
    meaning: 'The VMI exists but its guest is paused (by a user or after a storage I/O error).',
    next: 'It stays paused until unpaused.',
    steps: ['Check the Paused condition reason; unpause with virtctl unpause vm.'],
  },
  Stopped: {
    group: 'stopped',
    meaning:
      'The VM has no running instance: it was stopped, or its guest shut down, or it was never started.',
    next: 'It stays stopped until started (or its runStrategy starts it).',
    steps: ['Start it with virtctl start if it should run.'],
  },
  Stopping: {
    group: 'stopped',
    meaning: 'The VMI is shutting down.',
    next: 'The instance is deleted and the VM becomes Stopped.',
    steps: ['If it stays Stopping, check the virt-launcher pod and node.'],
  },
  Terminating: {
    group: 'stopped',
    meaning: 'The VM is being deleted.',
    next: 'The VM and its instance disappear once finalizers complete.',
    steps: ['If it stays Terminating, check finalizers and the node.'],
  },
  Provisioning: {
    group: 'starting',
    meaning: 'The VM waits for its DataVolumes to be imported, cloned or bound.',
    next: 'When every DataVolume succeeds, KubeVirt creates the VMI and the VM moves to Starting.',
    steps: ['Check DataVolume phases and progress, and the StorageClass of each disk.'],
  },
  Starting: {
    group: 'starting',
    meaning:
      'The VMI was created and is being scheduled or booted; the virt-launcher pod is not running yet.',
    next: 'When the launcher pod runs and the guest boots, the VM becomes Running.',
    steps: [
      'If it stays Starting, check the virt-launcher pod status and events (FailedMount, FailedScheduling).',
    ],
  },
  WaitingForVolumeBinding: {
    group: 'starting',
    meaning: 'A PersistentVolumeClaim of the VM is not bound yet.',
    next: 'Once the claim binds, the VM continues to Starting.',
    steps: ['Check the PVC events and the StorageClass provisioner.'],
  },
  WaitingForReceiver: {
    group: 'starting',
    meaning:
      'The VM waits to receive a migration from another cluster (runStrategy WaitAsReceiver).',
    next: 'It starts when the incoming migration arrives.',
    steps: [],
  },
  CrashLoopBackOff: {
    group: 'error',
    meaning:
      'The VM failed to start several times in a row; KubeVirt waits before the next attempt.',
    next: 'KubeVirt retries with an increasing back-off while the runStrategy asks for it to run.',
    steps: ['Read status.startFailure, the virt-launcher logs and the guest console.'],
  },
  ErrorUnschedulable: {
    group: 'error',
    meaning: 'The virt-launcher pod cannot be scheduled on any node.',
    next: 'The scheduler retries; the VM starts once a node fits.',
    steps: ['Read the FailedScheduling event: resources, node selector, affinity or taints.'],
  },
  ErrImagePull: {
    group: 'error',
    meaning: 'A container image of the VM (container disk or kernel boot) could not be pulled.',
    next: 'The kubelet retries with back-off (ImagePullBackOff).',
    steps: ['Check the image name, registry access and pull secrets.'],
  },
  ImagePullBackOff: {
    group: 'error',
    meaning: 'Pulling a container image of the VM keeps failing; the kubelet is backing off.',
    next: 'The kubelet keeps retrying with longer pauses.',
    steps: ['Check the image name, registry access and pull secrets.'],
  },
  ErrorPvcNotFound: {
    group: 'error',
    meaning: 'A PersistentVolumeClaim the VM uses does not exist.',
    next: 'KubeVirt waits for the claim to appear.',
    steps: ['Create or restore the PVC, or remove the disk from the VM.'],
  },
  ErrorDataVolumeNotFound: {
    group: 'error',
    meaning: 'A DataVolume the VM uses does not exist (older KubeVirt versions).',
    next: 'KubeVirt waits for the DataVolume to appear.',
    steps: ['Create the DataVolume or add it as a dataVolumeTemplate.'],
  },
  DataVolumeError: {
    group: 'error',
    meaning: 'A DataVolume of the VM failed, or its importer stopped with an error.',
    next: 'CDI retries the import unless the error is fatal.',
    steps: ['Describe the DataVolume and read the importer pod log.'],
  },
  Unknown: {
    group: 'error',
    meaning: 'KubeVirt cannot determine the VM state (for example its node is unreachable).',
    next: 'The status updates when the controller can observe the VMI again.',
    steps: ['Check the VMI phase and the node it runs on.'],
  },
};

const CONDITIONS: Record<string, string> = {
  'Ready/True': 'The guest is running and the VM is ready.',
  'Ready/VMINotExists':
    'No VirtualMachineInstance exists: the VM is stopped, or still provisioning before its instance is created.',
  'Ready/GuestNotRunning':
    'The virt-launcher pod exists but the guest is not reported as running yet.',
  'Ready/PodNotExists': 'The virt-launcher pod has not been created or scheduled yet.',
  'Ready/PodTerminating': 'The virt-launcher pod is terminating.',
  'Ready/PodConditionMissing': 'The virt-launcher pod has not reported readiness yet.',
  'Ready/VMIConditionMissing': 'The instance has not reported a Ready condition yet.',
  'Paused/PausedByUser': 'A user paused the VM (virtctl pause).',
  'Paused/PausedIOError': 'KubeVirt paused the VM because a disk returned an I/O error.',
  'Synchronized/FailedPvcNotFound': 'A PersistentVolumeClaim the VM uses does not exist.',
  'Synchronized/ErrImagePull': 'An image of the VM could not be pulled.',
  'Synchronized/ImagePullBackOff': 'Pulling an image of the VM keeps failing.',
  'Synchronized/FailedCreate': 'KubeVirt could not create the virt-launcher pod.',
  'PodScheduled/Unschedulable':
    'The virt-launcher pod fits on no node (resources, selectors, affinity or taints).',
  'LiveMigratable/True': 'The VM can be live-migrated.',
  'LiveMigratable/InterfaceNotLiveMigratable':
    'The VM cannot be live-migrated: a network interface (for example bridge on the pod network) does not support it.',
  'LiveMigratable/DisksNotLiveMigratable':
    'The VM cannot be live-migrated: a disk is not shared (ReadWriteMany) storage.',
  'LiveMigratable/HostDeviceNotLiveMigratable':
    'The VM cannot be live-migrated because it uses a host device.',
  'StorageLiveMigratable/NotMigratable': "The VM's storage cannot be live-migrated.",
  'AgentConnected/True': 'The QEMU guest agent is connected.',
  'AgentConnected/False':
    'The QEMU guest agent is not connected (not installed or not running in the guest).',
  'Failure/True': 'KubeVirt failed to reconcile the VM; the reason says which operation failed.',
  'RestartRequired/True': 'The VM spec changed in a way that only takes effect after a restart.',
  'DataVolumesReady/NotAllDVsReady': 'Not every DataVolume of the VM is ready yet.',
  'DataVolumesReady/AllDVsReady': 'All DataVolumes of the VM are ready.',
  'Provisioning/True': "The VM's volumes are still being provisioned.",
};

const explainCondition = (c: Condition): string =>
  CONDITIONS[`${c.type}/${c.reason ?? ''}`] ??
  CONDITIONS[`${c.type}/${c.status}`] ??
  `${c.type} is ${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}.`;

/** The VM's printableStatus and conditions (VM and VMI) in plain language. */
export const explainVmStatus = (
  input: Pick<VmSnapshot, 'vm' | 'vmi'> | { vm: VirtualMachine; vmi?: VirtualMachineInstance },
): VmStatusExplanation => {
  const status = input.vm.status?.printableStatus ?? 'Unknown';
  const info = STATUS[status] ?? {
    group: 'other' as const,
    meaning: `KubeVirt reports the status "${status}", which this library does not know.`,
    next: 'Unknown.',
    steps: ['Describe the VM and read its conditions and events.'],
  };
  const conditions: ExplainedCondition[] = [
    ...(input.vm.status?.conditions ?? []).map((c) => ({ source: 'VirtualMachine' as const, c })),
    ...(input.vmi?.status?.conditions ?? []).map((c) => ({
      source: 'VirtualMachineInstance' as const,
      c,
    })),
  ].map(({ source, c }) => ({
    source,
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
    explanation: explainCondition(c),
  }));
  return {
    status,
    group: info.group,
    meaning: info.meaning,
    whatHappensNext: info.next,
    nextSteps: info.steps,
    conditions,
  };
};
