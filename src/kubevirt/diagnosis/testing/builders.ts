/**
 * Hand-made objects for rule tests: the smallest realistic shapes, overridable per test.
 * Test support only; the library never imports this file.
 */
import type {
  Condition,
  DataVolume,
  K8sEvent,
  K8sObject,
  MissingObject,
  Node,
  PersistentVolumeClaim,
  Pod,
  VirtualMachine,
  VirtualMachineInstance,
  VmSnapshot,
  VolumeSource,
} from '../model';

export const NS = 'team-a';
export const VM_NAME = 'vm1';
export const NOW = new Date('2026-11-20T12:00:00Z');
export const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60000).toISOString();

export const condition = (
  type: string,
  status: string,
  reason?: string,
  message?: string,
  minutes = 5,
): Condition => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
  lastTransitionTime: minutesAgo(minutes),
});

export const makeVm = (
  opts: {
    name?: string;
    runStrategy?: string;
    running?: boolean;
    status?: string;
    volumes?: VolumeSource[];
    networks?: { name: string; multus?: { networkName: string }; pod?: Record<string, unknown> }[];
    dataVolumeTemplates?: NonNullable<VirtualMachine['spec']>['dataVolumeTemplates'];
    conditions?: Condition[];
    startFailure?: { consecutiveFailCount: number };
    nodeSelector?: Record<string, string>;
    accessCredentials?: NonNullable<
      NonNullable<NonNullable<VirtualMachine['spec']>['template']>['spec']
    >['accessCredentials'];
    instancetype?: { name: string; kind?: string };
    preference?: { name: string; kind?: string };
    memory?: string;
  } = {},
): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: {
    name: opts.name ?? VM_NAME,
    namespace: NS,
    uid: 'vm-uid-1',
    creationTimestamp: minutesAgo(60),
  },
  spec: {
    ...(opts.running !== undefined
      ? { running: opts.running }
      : { runStrategy: opts.runStrategy ?? 'Always' }),
    ...(opts.instancetype ? { instancetype: opts.instancetype } : {}),
    ...(opts.preference ? { preference: opts.preference } : {}),
    ...(opts.dataVolumeTemplates ? { dataVolumeTemplates: opts.dataVolumeTemplates } : {}),
    template: {
      spec: {
        domain: { memory: { guest: opts.memory ?? '2Gi' }, devices: { disks: [] } },
        ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
        ...(opts.accessCredentials ? { accessCredentials: opts.accessCredentials } : {}),
        networks: opts.networks ?? [{ name: 'default', pod: {} }],
        volumes: opts.volumes ?? [
          { name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } },
        ],
      },
    },
  },
  status: {
    printableStatus: opts.status ?? 'Running',
    conditions: opts.conditions ?? [],
    ...(opts.startFailure ? { startFailure: opts.startFailure } : {}),
  },
});

export const makeVmi = (
  opts: {
    phase?: string;
    node?: string;
    conditions?: Condition[];
    uid?: string;
    created?: number;
  } = {},
): VirtualMachineInstance => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: {
    name: VM_NAME,
    namespace: NS,
    uid: opts.uid ?? 'vmi-uid-1',
    creationTimestamp: minutesAgo(opts.created ?? 5),
  },
  status: {
    phase: opts.phase ?? 'Running',
    ...(opts.node ? { nodeName: opts.node } : {}),
    conditions: opts.conditions ?? [],
  },
});

export const makePod = (
  opts: Partial<NonNullable<Pod['status']>> & { name?: string; node?: string } = {},
): Pod => {
  const { name, node, ...status } = opts;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: name ?? 'virt-launcher-vm1-abcde',
      namespace: NS,
      creationTimestamp: minutesAgo(5),
      labels: {
        'kubevirt.io': 'virt-launcher',
        'kubevirt.io/created-by': 'vmi-uid-1',
        'vm.kubevirt.io/name': VM_NAME,
      },
    },
    spec: { ...(node ? { nodeName: node } : {}), containers: [{ name: 'compute' }] },
    status: { phase: 'Pending', ...status },
  };
};

export const makeEvent = (
  kind: string,
  name: string,
  reason: string,
  message: string,
  opts: { type?: string; count?: number; minutes?: number } = {},
): K8sEvent => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `${name}.${reason}`, namespace: NS },
  involvedObject: { kind, name, namespace: NS },
  reason,
  message,
  type: opts.type ?? 'Warning',
  count: opts.count ?? 1,
  lastTimestamp: minutesAgo(opts.minutes ?? 1),
  firstTimestamp: minutesAgo((opts.minutes ?? 1) + 10),
});

export const makePvc = (
  name: string,
  phase = 'Bound',
  storageClassName?: string,
  created = 30,
): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: NS, creationTimestamp: minutesAgo(created) },
  spec: { ...(storageClassName ? { storageClassName } : {}), accessModes: ['ReadWriteMany'] },
  status: { phase },
});

export const makeDv = (
  name: string,
  phase: string,
  conditions: Condition[] = [],
  spec: DataVolume['spec'] = { source: { http: { url: 'https://example.com/disk.img' } } },
): DataVolume => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: { name, namespace: NS, creationTimestamp: minutesAgo(30) },
  spec,
  status: { phase, conditions },
});

export const makeNode = (
  name: string,
  conditions: Condition[] = [condition('Ready', 'True', 'KubeletReady')],
  labels: Record<string, string> = {},
): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  status: { conditions },
});

export const meta = (
  kind: string,
  name: string,
  namespace: string | undefined = NS,
): K8sObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

export const notFound = (
  kind: string,
  name: string,
  namespace: string | undefined = NS,
): MissingObject => ({
  kind,
  name,
  ...(namespace ? { namespace } : {}),
  reason: 'NotFound',
});

export const forbidden = (
  kind: string,
  name: string,
  namespace: string | undefined = NS,
): MissingObject => ({
  kind,
  name,
  ...(namespace ? { namespace } : {}),
  reason: 'Forbidden',
});

export const makeSnapshot = (
  vm: VirtualMachine,
  partial: Partial<VmSnapshot> = {},
): VmSnapshot => ({
  vm,
  pods: [],
  pvcs: [],
  dataVolumes: [],
  events: [],
  nodes: [],
  secrets: [],
  configMaps: [],
  nads: [],
  storageClasses: [],
  migrations: [],
  missing: [],
  now: NOW,
  ...partial,
});
