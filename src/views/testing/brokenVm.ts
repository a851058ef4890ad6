import type { K8sEvent, Pod, VirtualMachine, VirtualMachineInstance } from '../../kubevirt/types';

/**
 * A VM that cannot start: its cloud-init Secret does not exist, so virt-launcher fails to mount it
 * (the shape of shared/fixtures/kubevirt-real/vm_troubleshoot-broken-vm-missing-cloudinit-secret).
 */
export const BROKEN_NOW = new Date('2026-11-25T12:00:00Z');
const at = (minutesAgo: number) =>
  new Date(BROKEN_NOW.getTime() - minutesAgo * 60_000).toISOString();

export const brokenVm: VirtualMachine = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'broken-vm', namespace: 'demo', uid: 'vm-uid-1', creationTimestamp: at(30) },
  spec: {
    runStrategy: 'Always',
    template: {
      spec: {
        domain: { devices: { disks: [{ name: 'rootdisk' }, { name: 'cloudinit' }] } },
        volumes: [
          { name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } },
          { name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: 'broken-vm-cloudinit' } } },
        ],
      },
    },
  },
  status: {
    printableStatus: 'Starting',
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'PodNotExists',
        message: 'virt-launcher pod has not yet been scheduled',
        lastTransitionTime: at(29),
      },
    ],
  },
};

export const brokenVmi: VirtualMachineInstance = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'broken-vm', namespace: 'demo', uid: 'vmi-uid-1', creationTimestamp: at(29) },
  status: {
    phase: 'Scheduling',
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'GuestNotRunning',
        message: 'Guest VM is not reported as running',
        lastTransitionTime: at(29),
      },
    ],
  },
};

export const brokenPod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'virt-launcher-broken-vm-abcde',
    namespace: 'demo',
    labels: {
      'kubevirt.io': 'virt-launcher',
      'kubevirt.io/created-by': 'vmi-uid-1',
      'vm.kubevirt.io/name': 'broken-vm',
    },
  },
  spec: { nodeName: 'worker-0', containers: [{ name: 'compute' }] },
  status: {
    phase: 'Pending',
    containerStatuses: [
      { name: 'compute', ready: false, state: { waiting: { reason: 'ContainerCreating' } } },
    ],
  },
};

export const brokenEvents: K8sEvent[] = [
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'virt-launcher-broken-vm-abcde.1', namespace: 'demo' },
    involvedObject: { kind: 'Pod', name: 'virt-launcher-broken-vm-abcde', namespace: 'demo' },
    reason: 'FailedMount',
    message:
      'MountVolume.SetUp failed for volume "cloudinitdisk-ndata" : secret "broken-vm-cloudinit" not found',
    type: 'Warning',
    count: 12,
    lastTimestamp: at(1),
  },
];

export const healthyNode = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'worker-0' },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};
