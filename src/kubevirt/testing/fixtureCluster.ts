/**
 * A deterministic fake cluster of kubevirt.io/v1 VirtualMachines (and their VMIs) for search,
 * table and MCP tests. Objects are shaped like what a real OpenShift Virtualization cluster returns:
 * template-created VMs carry the `vm.kubevirt.io/template*` labels and OS annotations, instancetype
 * VMs carry `spec.instancetype`/`spec.preference`, statuses carry the conditions virt-controller sets.
 * Every time is relative to `now`, so tests never depend on the wall clock.
 */
import type { VmPrintableStatus } from '../status';
import type { Condition, VirtualMachine, VirtualMachineInstance } from '../types';
import type { VmEntry } from '../vm';

export type FixtureOs =
  /** Created from a common template (`rhel9-server-small`) that sets `vm.kubevirt.io/os`. */
  | { template: string; osId: string }
  /** Older style: an `os.template.kubevirt.io/<osId>: "true"` label on the VM. */
  | { osLabel: string }
  /** Instancetype + preference (`u1.medium` + `rhel.9`); no CPU/memory in the VM spec. */
  | { preference: string; instancetype?: string };

export interface FixtureVmSpec {
  name: string;
  namespace: string;
  status: VmPrintableStatus;
  os?: FixtureOs;
  /** vCPUs as sockets × cores × threads; a number means 1 socket × N cores × 1 thread. */
  cpu?: number | { sockets: number; cores: number; threads: number };
  memory?: string;
  node?: string;
  ageMinutes: number;
  /** When the status last changed; defaults to the creation time. */
  changedMinutesAgo?: number;
  labels?: Record<string, string>;
  /** What the guest agent reports on the VMI. */
  guestOs?: { id: string; version: string };
}

const HOUR = 60;
const DAY = 24 * HOUR;

const rhel9 = { template: 'rhel9-server-small', osId: 'rhel9.4' };
const rhel8 = { template: 'rhel8-server-small', osId: 'rhel8.10' };
const win22 = { template: 'windows2k22-server-medium', osId: 'win2k22' };
const win19 = { template: 'windows2k19-server-medium', osId: 'win2k19' };
const fedora = { template: 'fedora-server-small', osId: 'fedora' };
const centos9 = { osLabel: 'centos-stream9' };
const ubuntu22 = { osLabel: 'ubuntu22.04' };

/** The fixture, one row per VM. Tests read this table to state their expectations. */
export const FIXTURE_VM_SPECS: readonly FixtureVmSpec[] = [
  // prod-web
  {
    name: 'web-frontend-01',
    namespace: 'prod-web',
    status: 'Running',
    os: rhel9,
    cpu: 4,
    memory: '8Gi',
    node: 'worker-0',
    ageMinutes: 30 * DAY,
    labels: { app: 'web', tier: 'frontend', env: 'prod' },
  },
  {
    name: 'web-frontend-02',
    namespace: 'prod-web',
    status: 'Running',
    os: rhel9,
    cpu: 4,
    memory: '8Gi',
    node: 'worker-1',
    ageMinutes: 30 * DAY,
    labels: { app: 'web', tier: 'frontend', env: 'prod' },
  },
  {
    name: 'web-frontend-03',
    namespace: 'prod-web',
    status: 'Migrating',
    os: rhel9,
    cpu: 4,
    memory: '8Gi',
    node: 'worker-2',
    ageMinutes: 30 * DAY,
    changedMinutesAgo: 3,
    labels: { app: 'web', tier: 'frontend', env: 'prod' },
  },
  {
    name: 'web-api-01',
    namespace: 'prod-web',
    status: 'Running',
    os: rhel8,
    cpu: 2,
    memory: '4Gi',
    node: 'worker-0',
    ageMinutes: 90 * DAY,
    labels: { app: 'api', tier: 'backend', env: 'prod' },
  },
  {
    name: 'web-api-02',
    namespace: 'prod-web',
    status: 'Paused',
    os: rhel8,
    cpu: 2,
    memory: '4Gi',
    node: 'worker-1',
    ageMinutes: 90 * DAY,
    changedMinutesAgo: 2 * HOUR,
    labels: { app: 'api', tier: 'backend', env: 'prod' },
  },
  {
    name: 'web-cache-01',
    namespace: 'prod-web',
    status: 'Running',
    os: { preference: 'fedora', instancetype: 'u1.medium' },
    node: 'worker-3',
    ageMinutes: 2 * HOUR,
    labels: { app: 'cache', env: 'prod' },
  },
  {
    name: 'web-canary',
    namespace: 'prod-web',
    status: 'Starting',
    os: centos9,
    cpu: 2,
    memory: '2Gi',
    ageMinutes: 20,
    labels: { app: 'web', track: 'canary' },
  },
  {
    name: 'web-iis-01',
    namespace: 'prod-web',
    status: 'Running',
    os: win22,
    cpu: { sockets: 2, cores: 4, threads: 1 },
    memory: '16Gi',
    node: 'worker-4',
    ageMinutes: 200 * DAY,
    labels: { app: 'iis', env: 'prod' },
  },
  {
    name: 'web-iis-02',
    namespace: 'prod-web',
    status: 'ErrorUnschedulable',
    os: win22,
    cpu: 16,
    memory: '64Gi',
    ageMinutes: 45,
    labels: { app: 'iis', env: 'prod' },
  },
  {
    name: 'web-old-proxy',
    namespace: 'prod-web',
    status: 'Stopped',
    os: { osLabel: 'centos7.0' },
    cpu: 1,
    memory: '1Gi',
    ageMinutes: 400 * DAY,
    labels: { app: 'proxy' },
  },
  {
    name: 'web-batch-ubuntu',
    namespace: 'prod-web',
    status: 'CrashLoopBackOff',
    os: ubuntu22,
    cpu: 2,
    memory: '2Gi',
    ageMinutes: 3 * HOUR,
    changedMinutesAgo: 2 * HOUR,
    labels: { app: 'batch' },
  },
  {
    name: 'web-deleting',
    namespace: 'prod-web',
    status: 'Terminating',
    os: rhel9,
    cpu: 2,
    memory: '4Gi',
    node: 'worker-2',
    ageMinutes: 60 * DAY,
    changedMinutesAgo: 1,
  },
  // prod-db
  {
    name: 'db-postgres-01',
    namespace: 'prod-db',
    status: 'Running',
    os: rhel9,
    cpu: 8,
    memory: '32Gi',
    node: 'worker-3',
    ageMinutes: 120 * DAY,
    labels: { app: 'db', engine: 'postgres', env: 'prod' },
  },
  {
    name: 'db-postgres-02',
    namespace: 'prod-db',
    status: 'Running',
    os: rhel9,
    cpu: 8,
    memory: '32Gi',
    node: 'worker-4',
    ageMinutes: 120 * DAY,
    labels: { app: 'db', engine: 'postgres', env: 'prod' },
  },
  {
    name: 'db-postgres-03',
    namespace: 'prod-db',
    status: 'Migrating',
    os: rhel9,
    cpu: 8,
    memory: '32Gi',
    node: 'worker-0',
    ageMinutes: 120 * DAY,
    changedMinutesAgo: 5,
    labels: { app: 'db', engine: 'postgres', env: 'prod' },
  },
  {
    name: 'db-mysql-01',
    namespace: 'prod-db',
    status: 'Running',
    os: rhel8,
    cpu: 4,
    memory: '16Gi',
    node: 'worker-1',
    ageMinutes: 10 * DAY,
    labels: { app: 'db', engine: 'mysql', env: 'prod' },
  },
  {
    name: 'db-mysql-02',
    namespace: 'prod-db',
    status: 'ErrorPvcNotFound',
    os: rhel8,
    cpu: 4,
    memory: '16Gi',
    ageMinutes: 50,
    labels: { app: 'db', engine: 'mysql', env: 'prod' },
  },
  {
    name: 'db-mssql-01',
    namespace: 'prod-db',
    status: 'Running',
    os: win19,
    cpu: 8,
    memory: '32Gi',
    node: 'worker-2',
    ageMinutes: 300 * DAY,
    labels: { app: 'db', engine: 'mssql', env: 'prod' },
  },
  {
    name: 'db-mssql-02',
    namespace: 'prod-db',
    status: 'Stopping',
    os: win19,
    cpu: 8,
    memory: '32Gi',
    node: 'worker-2',
    ageMinutes: 300 * DAY,
    changedMinutesAgo: 2,
    labels: { app: 'db', engine: 'mssql', env: 'prod' },
  },
  {
    name: 'db-restore-test',
    namespace: 'prod-db',
    status: 'DataVolumeError',
    os: rhel9,
    cpu: 4,
    memory: '8Gi',
    ageMinutes: 2 * HOUR,
    labels: { app: 'db', purpose: 'restore-test' },
  },
  {
    name: 'db-replica-new',
    namespace: 'prod-db',
    status: 'Provisioning',
    os: rhel9,
    cpu: 4,
    memory: '16Gi',
    ageMinutes: 15,
    labels: { app: 'db', engine: 'postgres', role: 'replica' },
  },
  {
    name: 'db-archive',
    namespace: 'prod-db',
    status: 'Stopped',
    os: rhel8,
    cpu: 2,
    memory: '8Gi',
    ageMinutes: 500 * DAY,
    labels: { app: 'db', purpose: 'archive' },
  },
  // dev-alice
  {
    name: 'alice-fedora-ws',
    namespace: 'dev-alice',
    status: 'Running',
    os: { preference: 'fedora', instancetype: 'u1.large' },
    node: 'worker-1',
    ageMinutes: 5 * DAY,
    labels: { owner: 'alice' },
    guestOs: { id: 'fedora', version: '40' },
  },
  {
    name: 'alice-win11',
    namespace: 'dev-alice',
    status: 'Running',
    os: { preference: 'windows.11' },
    cpu: 4,
    memory: '8Gi',
    node: 'worker-3',
    ageMinutes: 7 * DAY,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-sandbox',
    namespace: 'dev-alice',
    status: 'Stopped',
    os: { osLabel: 'fedora39' },
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 14 * DAY,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-ubuntu-test',
    namespace: 'dev-alice',
    status: 'ErrImagePull',
    os: { osLabel: 'ubuntu24.04' },
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 10,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-rhel9-dev',
    namespace: 'dev-alice',
    status: 'Running',
    os: { preference: 'rhel.9' },
    cpu: 2,
    memory: '4Gi',
    node: 'worker-4',
    ageMinutes: 3 * HOUR,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-centos',
    namespace: 'dev-alice',
    status: 'Paused',
    os: centos9,
    cpu: 1,
    memory: '2Gi',
    node: 'worker-0',
    ageMinutes: 2 * DAY,
    changedMinutesAgo: 20 * HOUR,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-debian',
    namespace: 'dev-alice',
    status: 'ImagePullBackOff',
    os: { osLabel: 'debian12' },
    cpu: 1,
    memory: '1Gi',
    ageMinutes: 40,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-old-build',
    namespace: 'dev-alice',
    status: 'Stopped',
    os: rhel8,
    cpu: 2,
    memory: '2Gi',
    ageMinutes: 60 * DAY,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-pvc-wait',
    namespace: 'dev-alice',
    status: 'WaitingForVolumeBinding',
    os: rhel9,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 5,
    labels: { owner: 'alice' },
  },
  {
    name: 'alice-k8s-node',
    namespace: 'dev-alice',
    status: 'Unknown',
    os: fedora,
    cpu: 4,
    memory: '8Gi',
    ageMinutes: DAY,
    changedMinutesAgo: 30,
    labels: { owner: 'alice', role: 'k8s-node' },
  },
  // dev-bob
  {
    name: 'bob-dev-01',
    namespace: 'dev-bob',
    status: 'Running',
    os: ubuntu22,
    cpu: 2,
    memory: '4Gi',
    node: 'worker-2',
    ageMinutes: 20 * DAY,
    labels: { owner: 'bob' },
  },
  {
    name: 'bob-dev-02',
    namespace: 'dev-bob',
    status: 'Stopped',
    os: ubuntu22,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 20 * DAY,
    labels: { owner: 'bob' },
  },
  {
    name: 'bob-win-build',
    namespace: 'dev-bob',
    status: 'Running',
    os: win22,
    cpu: 8,
    memory: '16Gi',
    node: 'worker-4',
    ageMinutes: 6 * HOUR,
    labels: { owner: 'bob', app: 'build' },
  },
  {
    name: 'bob-crashy',
    namespace: 'dev-bob',
    status: 'CrashLoopBackOff',
    os: fedora,
    cpu: 1,
    memory: '1Gi',
    ageMinutes: 2 * DAY,
    changedMinutesAgo: 30,
    labels: { owner: 'bob' },
  },
  {
    name: 'bob-import',
    namespace: 'dev-bob',
    status: 'DataVolumeError',
    os: centos9,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 25,
    labels: { owner: 'bob' },
  },
  {
    name: 'bob-scratch',
    namespace: 'dev-bob',
    status: 'Starting',
    os: rhel9,
    cpu: 2,
    memory: '4Gi',
    node: 'worker-1',
    ageMinutes: 2,
    labels: { owner: 'bob' },
  },
  {
    name: 'bob-receiver',
    namespace: 'dev-bob',
    status: 'WaitingForReceiver',
    os: rhel9,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 90,
    labels: { owner: 'bob' },
  },
  {
    name: 'bob-legacy-dv',
    namespace: 'dev-bob',
    status: 'ErrorDataVolumeNotFound',
    os: rhel8,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 400 * DAY,
    changedMinutesAgo: 300 * DAY,
    labels: { owner: 'bob' },
  },
  {
    name: 'bob-gpu',
    namespace: 'dev-bob',
    status: 'Running',
    os: rhel9,
    cpu: { sockets: 2, cores: 4, threads: 2 },
    memory: '64Gi',
    node: 'worker-3',
    ageMinutes: 8 * DAY,
    labels: { owner: 'bob', gpu: 'true' },
  },
  {
    name: 'bob-tiny',
    namespace: 'dev-bob',
    status: 'Running',
    os: { osLabel: 'cirros0.6.2' },
    cpu: 1,
    memory: '512Mi',
    node: 'worker-0',
    ageMinutes: 50,
    labels: { owner: 'bob' },
  },
  // staging
  {
    name: 'stg-web-01',
    namespace: 'staging',
    status: 'Running',
    os: rhel9,
    cpu: 4,
    memory: '8Gi',
    node: 'worker-1',
    ageMinutes: 12 * DAY,
    labels: { app: 'web', env: 'staging' },
  },
  {
    name: 'stg-web-02',
    namespace: 'staging',
    status: 'Running',
    os: rhel9,
    cpu: 4,
    memory: '8Gi',
    node: 'worker-2',
    ageMinutes: 12 * DAY,
    labels: { app: 'web', env: 'staging' },
  },
  {
    name: 'stg-db-01',
    namespace: 'staging',
    status: 'Running',
    os: rhel9,
    cpu: 4,
    memory: '16Gi',
    node: 'worker-3',
    ageMinutes: 12 * DAY,
    labels: { app: 'db', env: 'staging' },
  },
  {
    name: 'stg-db-02',
    namespace: 'staging',
    status: 'Paused',
    os: rhel9,
    cpu: 4,
    memory: '16Gi',
    node: 'worker-4',
    ageMinutes: 12 * DAY,
    changedMinutesAgo: DAY,
    labels: { app: 'db', env: 'staging' },
  },
  {
    name: 'stg-win-app',
    namespace: 'staging',
    status: 'Stopped',
    os: win19,
    cpu: 4,
    memory: '8Gi',
    ageMinutes: 45 * DAY,
    labels: { app: 'legacy-app', env: 'staging' },
  },
  {
    name: 'stg-perf',
    namespace: 'staging',
    status: 'Migrating',
    os: fedora,
    cpu: 8,
    memory: '16Gi',
    node: 'worker-0',
    ageMinutes: 4 * DAY,
    changedMinutesAgo: 1,
    labels: { app: 'perf', env: 'staging' },
  },
  {
    name: 'stg-ubuntu',
    namespace: 'staging',
    status: 'Provisioning',
    os: ubuntu22,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 8,
    labels: { env: 'staging' },
  },
  {
    name: 'stg-unsched',
    namespace: 'staging',
    status: 'ErrorUnschedulable',
    os: rhel9,
    cpu: 32,
    memory: '128Gi',
    ageMinutes: 20,
    labels: { env: 'staging' },
  },
  {
    name: 'stg-smoke',
    namespace: 'staging',
    status: 'Stopping',
    os: centos9,
    cpu: 2,
    memory: '2Gi',
    node: 'worker-1',
    ageMinutes: 3 * DAY,
    changedMinutesAgo: 1,
    labels: { env: 'staging', app: 'smoke' },
  },
  {
    name: 'stg-broken-pvc',
    namespace: 'staging',
    status: 'ErrorPvcNotFound',
    os: fedora,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 9 * DAY,
    labels: { env: 'staging' },
  },
  // ci
  {
    name: 'ci-runner-01',
    namespace: 'ci',
    status: 'Running',
    os: fedora,
    cpu: 4,
    memory: '8Gi',
    node: 'worker-0',
    ageMinutes: 45,
    labels: { app: 'ci-runner' },
  },
  {
    name: 'ci-runner-02',
    namespace: 'ci',
    status: 'Running',
    os: fedora,
    cpu: 4,
    memory: '8Gi',
    node: 'worker-1',
    ageMinutes: 44,
    labels: { app: 'ci-runner' },
  },
  {
    name: 'ci-runner-03',
    namespace: 'ci',
    status: 'Starting',
    os: fedora,
    cpu: 4,
    memory: '8Gi',
    ageMinutes: 1,
    labels: { app: 'ci-runner' },
  },
  {
    name: 'ci-runner-04',
    namespace: 'ci',
    status: 'CrashLoopBackOff',
    os: fedora,
    cpu: 4,
    memory: '8Gi',
    ageMinutes: 5 * HOUR,
    changedMinutesAgo: 10,
    labels: { app: 'ci-runner' },
  },
  {
    name: 'ci-win-runner',
    namespace: 'ci',
    status: 'Running',
    os: { preference: 'windows.2k22', instancetype: 'u1.xlarge' },
    node: 'worker-2',
    ageMinutes: 2 * DAY,
    labels: { app: 'ci-runner', platform: 'windows' },
  },
  {
    name: 'ci-image-test',
    namespace: 'ci',
    status: 'ErrImagePull',
    os: fedora,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 3,
  },
  {
    name: 'ci-old-runner',
    namespace: 'ci',
    status: 'Stopped',
    os: fedora,
    cpu: 4,
    memory: '8Gi',
    ageMinutes: 35 * DAY,
    labels: { app: 'ci-runner' },
  },
  {
    name: 'ci-terminating',
    namespace: 'ci',
    status: 'Terminating',
    os: ubuntu22,
    cpu: 2,
    memory: '4Gi',
    node: 'worker-3',
    ageMinutes: DAY,
    changedMinutesAgo: 1,
  },
  {
    name: 'ci-unknown',
    namespace: 'ci',
    status: 'Unknown',
    os: rhel9,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 12 * HOUR,
  },
  {
    name: 'ci-provision',
    namespace: 'ci',
    status: 'Provisioning',
    os: rhel9,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 3 * DAY,
  },
  {
    name: 'ci-pull-backoff',
    namespace: 'ci',
    status: 'ImagePullBackOff',
    os: ubuntu22,
    cpu: 2,
    memory: '2Gi',
    ageMinutes: 30,
  },
  {
    name: 'ci-wait-binding',
    namespace: 'ci',
    status: 'WaitingForVolumeBinding',
    os: fedora,
    cpu: 2,
    memory: '4Gi',
    ageMinutes: 2 * DAY,
  },
  {
    name: 'ci-plain',
    namespace: 'ci',
    status: 'Running',
    cpu: 1,
    memory: '2Gi',
    node: 'worker-4',
    ageMinutes: 4 * HOUR,
    guestOs: { id: 'ubuntu', version: '24.04' },
  },
];

// ---- object builders ----

const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

const hex = (value: number, width: number): string =>
  (value >>> 0).toString(16).padStart(width, '0').slice(-width);

/** A stable UUID-shaped id derived from a key. */
const fakeUid = (key: string): string => {
  const a = fnv1a(key);
  const b = fnv1a(`${key}#`);
  const c = fnv1a(`#${key}`);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-8${hex(c, 3)}-${hex(c >>> 12, 4)}${hex(a ^ c, 8)}`;
};

const isoMinutesAgo = (now: Date, minutes: number): string =>
  new Date(now.getTime() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const HAS_VMI: ReadonlySet<VmPrintableStatus> = new Set([
  'Running',
  'Migrating',
  'Paused',
  'Stopping',
  'Terminating',
  'ErrorUnschedulable',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrorPvcNotFound',
]);

const condition = (
  type: string,
  status: string,
  time: string,
  reason?: string,
  message?: string,
): Condition => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: time,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

const vmConditions = (status: VmPrintableStatus, time: string): Condition[] => {
  switch (status) {
    case 'Running':
    case 'Migrating':
      return [
        condition('Ready', 'True', time),
        condition('LiveMigratable', 'True', time),
        condition('AgentConnected', 'True', time),
      ];
    case 'Paused':
      return [
        condition('Ready', 'False', time, 'Paused', 'VMI was paused by user'),
        condition('Paused', 'True', time, 'PausedByUser', 'VMI was paused by user'),
      ];
    case 'Stopping':
    case 'Terminating':
      return [
        condition('Ready', 'False', time, 'PodTerminating', 'virt-launcher pod is terminating'),
      ];
    case 'ErrorUnschedulable':
      return [
        condition(
          'Ready',
          'False',
          time,
          'PodNotExists',
          'virt-launcher pod has not yet been scheduled',
        ),
        condition(
          'PodScheduled',
          'False',
          time,
          'Unschedulable',
          '0/5 nodes are available: 2 node(s) had untolerated taint {node-role.kubernetes.io/master: }, 3 Insufficient memory. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod.',
        ),
      ];
    case 'ErrImagePull':
    case 'ImagePullBackOff':
    case 'Starting':
      return [
        condition('Ready', 'False', time, 'GuestNotRunning', 'Guest VM is not reported as running'),
      ];
    case 'Unknown':
      return [
        condition('Ready', 'Unknown', time, 'VMIConditionMissing', 'VMI has no Ready condition'),
      ];
    default:
      return [condition('Ready', 'False', time, 'VMINotExists', 'VMI does not exist')];
  }
};

const vmiConditions = (status: VmPrintableStatus, time: string, name: string): Condition[] => {
  switch (status) {
    case 'ErrImagePull':
    case 'ImagePullBackOff':
      return [
        condition('Ready', 'False', time, 'GuestNotRunning', 'Guest VM is not reported as running'),
        condition(
          'Synchronized',
          'False',
          time,
          status,
          `Back-off pulling image "quay.io/containerdisks/${name}:latest"`,
        ),
      ];
    case 'ErrorPvcNotFound':
      return [
        condition(
          'Synchronized',
          'False',
          time,
          'FailedPvcNotFound',
          `PVC ${name}-rootdisk does not exist, waiting for it to appear`,
        ),
      ];
    default:
      return vmConditions(status, time);
  }
};

const runStrategyFor = (status: VmPrintableStatus): string => {
  if (status === 'Stopped' || status === 'Stopping') return 'Halted';
  if (status === 'WaitingForReceiver') return 'WaitAsReceiver';
  return 'Always';
};

const dataSourceFor = (os: FixtureOs | undefined): string => {
  if (!os) return 'ubuntu';
  const id = 'osId' in os ? os.osId : 'osLabel' in os ? os.osLabel : os.preference;
  return id.replace(/[.\d]+$/, '').replace('.', '') || 'rhel9';
};

const cpuTopology = (cpu: FixtureVmSpec['cpu']) =>
  typeof cpu === 'number' ? { sockets: 1, cores: cpu, threads: 1 } : cpu;

const buildVm = (spec: FixtureVmSpec, now: Date, index: number): VirtualMachine => {
  const created = isoMinutesAgo(now, spec.ageMinutes);
  const changed = isoMinutesAgo(now, spec.changedMinutesAgo ?? spec.ageMinutes);
  const { os } = spec;
  const labels: Record<string, string> = { ...spec.labels };
  const annotations: Record<string, string> = {
    'kubevirt.io/latest-observed-api-version': 'v1',
    'kubevirt.io/storage-observed-api-version': 'v1',
  };
  const templateLabels: Record<string, string> = { 'kubevirt.io/domain': spec.name };
  const templateAnnotations: Record<string, string> = {};
  if (os && 'template' in os) {
    labels['vm.kubevirt.io/template'] = os.template;
    labels['vm.kubevirt.io/template.namespace'] = 'openshift';
    labels['vm.kubevirt.io/template.revision'] = '1';
    labels['vm.kubevirt.io/template.version'] = 'v0.31.1';
    annotations['vm.kubevirt.io/validations'] =
      '[{"name":"minimal-required-memory","path":"jsonpath::.spec.domain.memory.guest","rule":"integer","message":"This VM requires more memory.","min":1610612736}]';
    const [, workload = 'server', flavor = 'small'] = os.template.split('-');
    templateLabels['kubevirt.io/size'] = flavor;
    templateAnnotations['vm.kubevirt.io/os'] = os.osId;
    templateAnnotations['vm.kubevirt.io/flavor'] = flavor;
    templateAnnotations['vm.kubevirt.io/workload'] = workload;
  } else if (os && 'osLabel' in os) {
    labels[`os.template.kubevirt.io/${os.osLabel}`] = 'true';
  }
  const isWindows = os !== undefined && JSON.stringify(os).includes('win');
  const domain: NonNullable<NonNullable<VirtualMachine['spec']>['template']>['spec'] = {
    domain: {
      ...(spec.cpu !== undefined ? { cpu: cpuTopology(spec.cpu) } : {}),
      ...(spec.memory !== undefined ? { memory: { guest: spec.memory } } : {}),
      devices: {
        disks: [
          { name: 'rootdisk', disk: { bus: isWindows ? 'sata' : 'virtio' }, bootOrder: 1 },
          ...(isWindows ? [] : [{ name: 'cloudinitdisk', disk: { bus: 'virtio' } }]),
        ],
        interfaces: [{ name: 'default', masquerade: {}, model: isWindows ? 'e1000e' : 'virtio' }],
      },
      machine: { type: 'pc-q35-rhel9.4.0' },
      ...(spec.memory !== undefined ? { resources: { requests: { memory: spec.memory } } } : {}),
    },
    networks: [{ name: 'default', pod: {} }],
    volumes: [
      { name: 'rootdisk', dataVolume: { name: `${spec.name}-rootdisk` } },
      ...(isWindows
        ? []
        : [
            {
              name: 'cloudinitdisk',
              cloudInitNoCloud: {
                userData: '#cloud-config\nuser: cloud-user\nchpasswd:\n  expire: false\n',
              },
            },
          ]),
    ],
    terminationGracePeriodSeconds: isWindows ? 3600 : 180,
  };
  const preference = os && 'preference' in os ? os : undefined;
  const status: NonNullable<VirtualMachine['status']> = {
    printableStatus: spec.status,
    created: HAS_VMI.has(spec.status),
    ready: spec.status === 'Running' || spec.status === 'Migrating',
    conditions: vmConditions(spec.status, changed),
    desiredGeneration: 1,
    observedGeneration: 1,
    runStrategy: runStrategyFor(spec.status),
    volumeSnapshotStatuses: [{ enabled: true, name: 'rootdisk' }],
  };
  if (spec.status === 'CrashLoopBackOff') {
    status.startFailure = {
      consecutiveFailCount: 4,
      lastFailedVMIUID: fakeUid(`${spec.namespace}/${spec.name}/failed`),
      retryAfterTimestamp: isoMinutesAgo(now, -5),
    };
  }
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      uid: fakeUid(`${spec.namespace}/${spec.name}`),
      resourceVersion: String(100_000 + index * 17),
      generation: 1,
      creationTimestamp: created,
      ...(spec.status === 'Terminating'
        ? { deletionTimestamp: changed, deletionGracePeriodSeconds: 0 }
        : {}),
      labels,
      annotations,
      finalizers: ['kubevirt.io/virtualMachineControllerFinalize'],
    },
    spec: {
      runStrategy: runStrategyFor(spec.status),
      ...(preference?.instancetype
        ? {
            instancetype: {
              kind: 'virtualmachineclusterinstancetype',
              name: preference.instancetype,
            },
          }
        : {}),
      ...(preference
        ? { preference: { kind: 'virtualmachineclusterpreference', name: preference.preference } }
        : {}),
      dataVolumeTemplates: [
        {
          metadata: { name: `${spec.name}-rootdisk` },
          spec: {
            sourceRef: {
              kind: 'DataSource',
              name: dataSourceFor(os),
              namespace: 'openshift-virtualization-os-images',
            },
            storage: { resources: { requests: { storage: '30Gi' } } },
          },
        },
      ],
      template: {
        metadata: {
          labels: templateLabels,
          ...(Object.keys(templateAnnotations).length > 0
            ? { annotations: templateAnnotations }
            : {}),
        },
        spec: domain,
      },
    },
    status,
  };
};

const VMI_PHASE: Partial<Record<VmPrintableStatus, string>> = {
  Running: 'Running',
  Migrating: 'Running',
  Paused: 'Running',
  Stopping: 'Running',
  Terminating: 'Running',
  ErrorUnschedulable: 'Scheduling',
  ErrImagePull: 'Scheduling',
  ImagePullBackOff: 'Scheduling',
  ErrorPvcNotFound: 'Pending',
  Starting: 'Scheduled',
};

const buildVmi = (spec: FixtureVmSpec, vm: VirtualMachine, now: Date): VirtualMachineInstance => {
  const changed = isoMinutesAgo(now, spec.changedMinutesAgo ?? spec.ageMinutes);
  const labels: Record<string, string> = {
    ...vm.spec?.template?.metadata?.labels,
    ...(spec.node ? { 'kubevirt.io/nodeName': spec.node } : {}),
  };
  const os = spec.os;
  if (os && 'preference' in os) labels['kubevirt.io/cluster-preference-name'] = os.preference;
  if (os && 'preference' in os && os.instancetype) {
    labels['kubevirt.io/cluster-instancetype-name'] = os.instancetype;
  }
  const migrating = spec.status === 'Migrating';
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      uid: fakeUid(`${spec.namespace}/${spec.name}/vmi`),
      resourceVersion: String(200_000 + (fnv1a(spec.name) % 10_000)),
      creationTimestamp: changed,
      labels,
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachine',
          name: spec.name,
          uid: vm.metadata?.uid ?? '',
          controller: true,
        },
      ],
    },
    spec: vm.spec?.template?.spec,
    status: {
      phase: VMI_PHASE[spec.status] ?? 'Pending',
      ...(spec.node ? { nodeName: spec.node } : {}),
      conditions: vmiConditions(spec.status, changed, spec.name),
      ...(spec.node && VMI_PHASE[spec.status] === 'Running'
        ? {
            interfaces: [
              {
                name: 'default',
                ipAddress: `10.128.${fnv1a(spec.name) % 250}.${(fnv1a(spec.namespace) % 250) + 2}`,
              },
            ],
          }
        : {}),
      ...(spec.guestOs
        ? {
            guestOSInfo: {
              id: spec.guestOs.id,
              version: spec.guestOs.version,
              name: spec.guestOs.id,
            },
          }
        : {}),
      ...(migrating && spec.node
        ? {
            migrationState: {
              sourceNode: spec.node,
              targetNode:
                spec.node === 'worker-4' ? 'worker-0' : `worker-${Number(spec.node.slice(-1)) + 1}`,
              completed: false,
            },
          }
        : {}),
    },
  };
};

/** One fixture VM (and its VMI when it runs) as a list consumer sees it. */
export const buildFixtureEntry = (spec: FixtureVmSpec, now: Date, index: number): VmEntry => {
  const vm = buildVm(spec, now, index);
  const hasVmi =
    HAS_VMI.has(spec.status) || (spec.status === 'Starting' && spec.node !== undefined);
  return hasVmi ? { vm, vmi: buildVmi(spec, vm, now) } : { vm };
};

export const FIXTURE_NOW = new Date('2026-11-25T12:00:00Z');

/** The realistic test cluster: one entry per FIXTURE_VM_SPECS row, in that order. */
export const makeFixtureCluster = ({ now }: { now: Date } = { now: FIXTURE_NOW }): VmEntry[] =>
  FIXTURE_VM_SPECS.map((spec, index) => buildFixtureEntry(spec, now, index));

/**
 * A large cluster for benchmarks: `n` VMs spread round-robin over `namespaces` (a count, named
 * `ns-000`..., or explicit names), cycling through the fixture rows so statuses, OSes and sizes
 * stay varied. Names stay unique (`<row>-<i>`).
 */
export const makeLargeCluster = (
  n: number,
  namespaces: number | readonly string[],
  { now }: { now: Date } = { now: FIXTURE_NOW },
): VmEntry[] => {
  const names =
    typeof namespaces === 'number'
      ? Array.from(
          { length: Math.max(1, namespaces) },
          (_, i) => `ns-${String(i).padStart(3, '0')}`,
        )
      : namespaces.length > 0
        ? namespaces
        : ['default'];
  const entries: VmEntry[] = [];
  for (let i = 0; i < n; i += 1) {
    const row = FIXTURE_VM_SPECS[i % FIXTURE_VM_SPECS.length] as FixtureVmSpec;
    const spec = { ...row, name: `${row.name}-${i}`, namespace: names[i % names.length] as string };
    entries.push(buildFixtureEntry(spec, now, i));
  }
  return entries;
};
