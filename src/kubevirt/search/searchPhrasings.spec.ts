/**
 * Each phrasing is parsed and applied to the fixture cluster; the expected set of VM names is
 * stated independently: an explicit list, or a predicate over the fixture table rows
 * (FIXTURE_VM_SPECS), never by calling the matcher.
 */
import type { VmPrintableStatus } from '../status';
import {
  FIXTURE_NOW,
  FIXTURE_VM_SPECS,
  type FixtureVmSpec,
  makeFixtureCluster,
} from '../testing/fixtureCluster';
import type { K8sObject } from '../types';
import { indexInstancetypes } from '../vm';
import { filterVms } from './match';
import { parseVmSearchQuery } from './parse';

const now = FIXTURE_NOW;
/** The u1 cluster instancetypes the fixture's instancetype VMs use (sizes as shipped upstream). */
const INSTANCETYPE_SIZES: Record<string, { cpu: number; memory: string }> = {
  'u1.medium': { cpu: 1, memory: '4Gi' },
  'u1.large': { cpu: 2, memory: '8Gi' },
  'u1.xlarge': { cpu: 4, memory: '16Gi' },
};
const instancetypes = indexInstancetypes(
  Object.entries(INSTANCETYPE_SIZES).map(
    ([name, size]) =>
      ({
        apiVersion: 'instancetype.kubevirt.io/v1beta1',
        kind: 'VirtualMachineClusterInstancetype',
        metadata: { name },
        spec: { cpu: { guest: size.cpu }, memory: { guest: size.memory } },
      }) as K8sObject,
  ),
);
const cluster = makeFixtureCluster({ now }).map((entry) => ({ ...entry, instancetypes }));
const NAMESPACES = [...new Set(FIXTURE_VM_SPECS.map((row) => row.namespace))];

const MINUTE = 1;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ERROR_STATUSES = new Set<VmPrintableStatus>([
  'CrashLoopBackOff',
  'Unknown',
  'ErrorUnschedulable',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrorPvcNotFound',
  'ErrorDataVolumeNotFound',
  'DataVolumeError',
]);

type Row = FixtureVmSpec;
const where = (predicate: (row: Row) => boolean): string[] =>
  FIXTURE_VM_SPECS.filter(predicate).map((row) => row.name);
const withStatus =
  (...statuses: VmPrintableStatus[]) =>
  (row: Row) =>
    statuses.includes(row.status);
const inNamespace =
  (...namespaces: string[]) =>
  (row: Row) =>
    namespaces.includes(row.namespace);
const isError = (row: Row) => ERROR_STATUSES.has(row.status);
// Timed from creation (Stopping/Terminating are timed from a deletion request the fixture lacks).
const TRANSITIONAL = new Set<VmPrintableStatus>([
  'Starting',
  'Provisioning',
  'WaitingForVolumeBinding',
]);
/**
 * What the health verdict calls a problem (src/kubevirt/health): an error status, a Paused VM (the
 * diagnosis reports it), or a transitional status held for more than 10 minutes (stuck).
 */
const isProblem = (row: Row) =>
  isError(row) ||
  row.status === 'Paused' ||
  (TRANSITIONAL.has(row.status) && (row.changedMinutesAgo ?? row.ageMinutes) > 10);
const changedAgo = (row: Row) => row.changedMinutesAgo ?? row.ageMinutes;
const GIB = 1;
const instancetypeOf = (row: Row) =>
  row.os && 'instancetype' in row.os && row.os.instancetype
    ? INSTANCETYPE_SIZES[row.os.instancetype]
    : undefined;
const memoryGi = (row: Row): number | undefined => {
  const memory = row.memory ?? instancetypeOf(row)?.memory;
  if (!memory) return undefined;
  return memory.endsWith('Mi')
    ? Number.parseInt(memory, 10) / 1024
    : Number.parseInt(memory, 10) * GIB;
};
const cpus = (row: Row): number | undefined =>
  instancetypeOf(row)?.cpu ??
  (row.cpu === undefined
    ? undefined
    : typeof row.cpu === 'number'
      ? row.cpu
      : row.cpu.sockets * row.cpu.cores * row.cpu.threads);
const hasCpu = (test: (n: number) => boolean) => (row: Row) => {
  const n = cpus(row);
  return n !== undefined && test(n);
};
const hasMemory = (test: (gi: number) => boolean) => (row: Row) => {
  const gi = memoryGi(row);
  return gi !== undefined && test(gi);
};
const startOfLocalDay = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();

const WINDOWS = [
  'web-iis-01',
  'web-iis-02',
  'db-mssql-01',
  'db-mssql-02',
  'alice-win11',
  'bob-win-build',
  'stg-win-app',
  'ci-win-runner',
];
const RHEL9 = [
  'web-frontend-01',
  'web-frontend-02',
  'web-frontend-03',
  'web-deleting',
  'db-postgres-01',
  'db-postgres-02',
  'db-postgres-03',
  'db-restore-test',
  'db-replica-new',
  'alice-rhel9-dev',
  'alice-pvc-wait',
  'bob-scratch',
  'bob-receiver',
  'bob-gpu',
  'stg-web-01',
  'stg-web-02',
  'stg-db-01',
  'stg-db-02',
  'stg-unsched',
  'ci-unknown',
  'ci-provision',
];
const RHEL8 = [
  'web-api-01',
  'web-api-02',
  'db-mysql-01',
  'db-mysql-02',
  'db-archive',
  'alice-old-build',
  'bob-legacy-dv',
];
const FEDORA = [
  'web-cache-01',
  'alice-fedora-ws',
  'alice-sandbox',
  'alice-k8s-node',
  'bob-crashy',
  'stg-perf',
  'stg-broken-pvc',
  'ci-runner-01',
  'ci-runner-02',
  'ci-runner-03',
  'ci-runner-04',
  'ci-image-test',
  'ci-old-runner',
  'ci-wait-binding',
];
const UBUNTU_22 = [
  'web-batch-ubuntu',
  'bob-dev-01',
  'bob-dev-02',
  'stg-ubuntu',
  'ci-terminating',
  'ci-pull-backoff',
];

const CASES: [query: string, expected: string[]][] = [
  // ---- status words and synonyms ----
  ['running vms', where(withStatus('Running'))],
  ['show me all running virtual machines', where(withStatus('Running'))],
  ['VMs that are up', where(withStatus('Running'))],
  ['stopped vms', where(withStatus('Stopped'))],
  ['powered off vms', where(withStatus('Stopped'))],
  ['list paused VMs', ['web-api-02', 'alice-centos', 'stg-db-02']],
  ['suspended', ['web-api-02', 'alice-centos', 'stg-db-02']],
  ['which vms are migrating', ['web-frontend-03', 'db-postgres-03', 'stg-perf']],
  ['VMs being live migrated', ['web-frontend-03', 'db-postgres-03', 'stg-perf']],
  ['starting', ['web-canary', 'bob-scratch', 'ci-runner-03']],
  ['provisioning vms', ['db-replica-new', 'stg-ubuntu', 'ci-provision']],
  ['pending vms', where(withStatus('Provisioning', 'Starting', 'WaitingForVolumeBinding'))],
  ['stopping vms', ['db-mssql-02', 'stg-smoke']],
  ['Terminating', ['web-deleting', 'ci-terminating']],
  ['vms being deleted', ['web-deleting', 'ci-terminating']],
  ['stopped or paused', where(withStatus('Stopped', 'Paused'))],
  ['VMs with errors', where(isProblem)],
  ['failing vms', where(isProblem)],
  ['unhealthy virtual machines', where(isProblem)],
  ['broken vms', where(isProblem)],
  ['vms in error state', where(isProblem)],
  ['healthy vms', where((row) => !isProblem(row))],
  ['vms without errors', where((row) => !isProblem(row))],
  [
    'stuck vms',
    where((r) => TRANSITIONAL.has(r.status) && (r.changedMinutesAgo ?? r.ageMinutes) > 10),
  ],
  ['vms that need attention', where(isProblem)],
  ['CrashLoopBackOff', ['web-batch-ubuntu', 'bob-crashy', 'ci-runner-04']],
  ['crashloopbackoff vms', ['web-batch-ubuntu', 'bob-crashy', 'ci-runner-04']],
  ['vms in a crash loop', ['web-batch-ubuntu', 'bob-crashy', 'ci-runner-04']],
  ['crash looping vms', ['web-batch-ubuntu', 'bob-crashy', 'ci-runner-04']],
  ['ErrorUnschedulable', ['web-iis-02', 'stg-unsched']],
  ['unschedulable vms', ['web-iis-02', 'stg-unsched']],
  ['ErrImagePull', ['alice-ubuntu-test', 'ci-image-test']],
  ['image pull back off', ['alice-debian', 'ci-pull-backoff']],
  [
    'vms with image pull errors',
    ['alice-ubuntu-test', 'alice-debian', 'ci-image-test', 'ci-pull-backoff'],
  ],
  ['ErrorPvcNotFound', ['db-mysql-02', 'stg-broken-pvc']],
  ['pvc not found', ['db-mysql-02', 'stg-broken-pvc']],
  ['DataVolumeError', ['db-restore-test', 'bob-import']],
  ['data volume error', ['db-restore-test', 'bob-import']],
  ['ErrorDataVolumeNotFound', ['bob-legacy-dv']],
  ['WaitingForVolumeBinding', ['alice-pvc-wait', 'ci-wait-binding']],
  ['vms waiting for volume binding', ['alice-pvc-wait', 'ci-wait-binding']],
  ['WaitingForReceiver', ['bob-receiver']],
  ['unknown status', ['alice-k8s-node', 'ci-unknown']],
  ['status:Paused', ['web-api-02', 'alice-centos', 'stg-db-02']],
  ['running?', where(withStatus('Running'))],
  ['vms in ci that are not running', where((r) => r.namespace === 'ci' && r.status !== 'Running')],
  [
    'non-running vms in prod-web',
    where((r) => r.namespace === 'prod-web' && r.status !== 'Running'),
  ],
  [
    'vms in dev-bob not stopped or running',
    ['bob-crashy', 'bob-import', 'bob-scratch', 'bob-receiver', 'bob-legacy-dv'],
  ],

  // ---- namespaces ----
  ['vms in namespace prod-web', where(inNamespace('prod-web'))],
  ['in prod-db', where(inNamespace('prod-db'))],
  ['in prod-*', where(inNamespace('prod-web', 'prod-db'))],
  ['vms in dev-alice and dev-bob', where(inNamespace('dev-alice', 'dev-bob'))],
  ['namespace:staging', where(inNamespace('staging'))],
  ['ns:ci', where(inNamespace('ci'))],
  ['in the ci namespace', where(inNamespace('ci'))],
  ['from project staging', where(inNamespace('staging'))],
  ['vms in namespaces ci or staging', where(inNamespace('ci', 'staging'))],
  ['in dev-*, ci', where(inNamespace('dev-alice', 'dev-bob', 'ci'))],
  [
    'running vms in prod-* and staging',
    where(
      (r) => r.status === 'Running' && ['prod-web', 'prod-db', 'staging'].includes(r.namespace),
    ),
  ],
  ['staging namespace', where(inNamespace('staging'))],
  ['in no-such-namespace', []],

  // ---- time ----
  ['created in the last hour', where((r) => r.ageMinutes <= HOUR)],
  ['vms created in the last 2 hours', where((r) => r.ageMinutes <= 2 * HOUR)],
  ['created in the last 30 minutes', where((r) => r.ageMinutes <= 30)],
  ['created within 3 days', where((r) => r.ageMinutes <= 3 * DAY)],
  ['vms created in the past week', where((r) => r.ageMinutes <= 7 * DAY)],
  ['created in the last 2 weeks', where((r) => r.ageMinutes <= 14 * DAY)],
  ['last 24h', where((r) => r.ageMinutes <= DAY)],
  ['older than 100 days', where((r) => r.ageMinutes >= 100 * DAY)],
  ['vms more than a year old', ['web-old-proxy', 'db-archive', 'bob-legacy-dv']],
  ['vms created over 90 days ago', where((r) => r.ageMinutes >= 90 * DAY)],
  ['newer than 10 minutes', where((r) => r.ageMinutes <= 10)],
  [
    'created since yesterday',
    where((r) => now.getTime() - r.ageMinutes * 60_000 >= startOfLocalDay - 86_400_000),
  ],
  ['vms created today', where((r) => now.getTime() - r.ageMinutes * 60_000 >= startOfLocalDay)],
  [
    'stopped vms older than 30 days',
    ['web-old-proxy', 'db-archive', 'alice-old-build', 'stg-win-app', 'ci-old-runner'],
  ],
  ['failed to start in the last hour', where((r) => isProblem(r) && changedAgo(r) <= HOUR)],
  [
    'failing vms in the last 15 minutes',
    // db-replica-new: Provisioning for 15 minutes, stuck
    ['alice-ubuntu-test', 'ci-runner-04', 'ci-image-test', 'db-replica-new'],
  ],
  ['vms in staging created in the last hour', ['stg-ubuntu', 'stg-unsched']],
  ['stopped vms in ci older than a month', ['ci-old-runner']],

  // ---- nodes ----
  ['vms on node worker-0', where((r) => r.node === 'worker-0')],
  ['on worker-3', where((r) => r.node === 'worker-3')],
  ['running on worker-4', where((r) => r.node === 'worker-4')],
  ['on nodes worker-1 and worker-2', where((r) => r.node === 'worker-1' || r.node === 'worker-2')],
  ['node:worker-*', where((r) => r.node !== undefined)],
  ['paused vms on worker-0', ['alice-centos']],

  // ---- labels ----
  ['labeled app=db', where((r) => r.labels?.app === 'db')],
  ['with label app=web', where((r) => r.labels?.app === 'web')],
  ['env=prod', where((r) => r.labels?.env === 'prod')],
  ['app=db env!=prod', where((r) => r.labels?.app === 'db' && r.labels?.env !== 'prod')],
  ['with label gpu', ['bob-gpu']],
  [
    'vms without label env in prod-web',
    ['web-canary', 'web-old-proxy', 'web-batch-ubuntu', 'web-deleting'],
  ],
  ['owner=alice running', ['alice-fedora-ws', 'alice-win11', 'alice-rhel9-dev']],
  [
    'tier!=frontend in prod-web',
    where((r) => r.namespace === 'prod-web' && r.labels?.tier !== 'frontend'),
  ],
  ['label:engine=postgres', where((r) => r.labels?.engine === 'postgres')],

  // ---- names ----
  ['named db-postgres', ['db-postgres-01', 'db-postgres-02', 'db-postgres-03']],
  ['called alice-win11', ['alice-win11']],
  ['whose name contains runner', where((r) => r.name.includes('runner'))],
  ['name:mssql', ['db-mssql-01', 'db-mssql-02']],
  ['vms with web in the name', where((r) => r.name.includes('web'))],
  ['name starts with stg', where((r) => r.name.startsWith('stg'))],
  ['name ends with 01', where((r) => r.name.endsWith('01'))],
  ['named "bob-gpu"', ['bob-gpu']],

  // ---- operating systems ----
  ['windows vms', WINDOWS],
  ['rhel 9', RHEL9],
  ['RHEL9', RHEL9],
  ['rhel 8 vms', RHEL8],
  ['fedora', FEDORA],
  ['centos', ['web-canary', 'web-old-proxy', 'alice-centos', 'bob-import', 'stg-smoke']],
  ['ubuntu 22.04', UBUNTU_22],
  ['ubuntu', [...UBUNTU_22, 'alice-ubuntu-test', 'ci-plain']],
  ['windows server 2019', ['db-mssql-01', 'db-mssql-02', 'stg-win-app']],
  ['running windows 2022 vms', ['web-iis-01', 'bob-win-build', 'ci-win-runner']],
  ['linux vms in dev-alice', where((r) => r.namespace === 'dev-alice' && r.name !== 'alice-win11')],
  ['os:debian', ['alice-debian']],
  ['win11', ['alice-win11']],

  // ---- resources ----
  ['more than 4 cpus', where(hasCpu((n) => n > 4))],
  ['vms with less than 2 cpus', where(hasCpu((n) => n < 2))],
  ['4 cpus', where(hasCpu((n) => n === 4))],
  ['cpus >= 16', where(hasCpu((n) => n >= 16))],
  ['at least 8Gi memory', where(hasMemory((gi) => gi >= 8))],
  ['with 16 GB of RAM or more', where(hasMemory((gi) => gi >= 16))],
  ['memory under 2gi', where(hasMemory((gi) => gi < 2))],
  ['32gb+ memory', where(hasMemory((gi) => gi >= 32))],
  ['windows vms with more than 8 cpus', ['web-iis-02']],
  [
    'vms with at least 4 vcpus and 8Gi of memory',
    where((r) => hasCpu((n) => n >= 4)(r) && hasMemory((gi) => gi >= 8)(r)),
  ],
  ['vms using more than 16 gigs of ram', where(hasMemory((gi) => gi > 16))],
  [
    'vms with errors in prod-web or prod-db created this week',
    where((r) => isProblem(r) && r.namespace.startsWith('prod-') && r.ageMinutes <= 7 * DAY),
  ],
  ['vms in dev-bob with 4 cpus or more', ['bob-win-build', 'bob-gpu']],

  // ---- combinations, free text, filler ----
  [
    'failing vms in prod-*',
    // + Paused web-api-02, stuck web-canary (Starting 20 min) and db-replica-new (Provisioning 15 min)
    [
      'web-iis-02',
      'web-batch-ubuntu',
      'db-mysql-02',
      'db-restore-test',
      'web-api-02',
      'web-canary',
      'db-replica-new',
    ],
  ],
  ['healthy windows vms in prod-db', ['db-mssql-01', 'db-mssql-02']],
  [
    'show me the running rhel 9 vms on worker-3 with at least 16Gi memory',
    ['db-postgres-01', 'bob-gpu', 'stg-db-01'],
  ],
  // quoted text is a name filter (db-replica-new only has the label engine=postgres)
  ['"postgres"', ['db-postgres-01', 'db-postgres-02', 'db-postgres-03']],
  ['"alice"', where(inNamespace('dev-alice'))],
  ['ci-runner-0*', ['ci-runner-01', 'ci-runner-02', 'ci-runner-03', 'ci-runner-04']],
  ['', where(() => true)],
  ['show me all vms', where(() => true)],
  ['Which virtual machines are there?', where(() => true)],
];

describe('parseVmSearchQuery over the fixture cluster', () => {
  it('has a realistic fixture and at least 80 distinct phrasings', () => {
    expect(cluster.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map(([query]) => query)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(CASES)('%j', (query, expected) => {
    const { criteria } = parseVmSearchQuery(query, { now });
    const found = filterVms(cluster, criteria, { now }).map((entry) => entry.vm.metadata?.name);
    expect([...found].sort()).toEqual([...expected].sort());
  });
});

const hasLabel = (key: string) => (row: Row) => row.labels?.[key] !== undefined;
const not =
  (predicate: (row: Row) => boolean) =>
  (row: Row): boolean =>
    !predicate(row);
const and =
  (...predicates: ((row: Row) => boolean)[]) =>
  (row: Row): boolean =>
    predicates.every((predicate) => predicate(row));
const onNode =
  (...nodes: string[]) =>
  (row: Row) =>
    row.node !== undefined && nodes.includes(row.node);
const isWindows = (row: Row) => WINDOWS.includes(row.name);
const isStuck = (row: Row) => TRANSITIONAL.has(row.status) && changedAgo(row) > 10;
const ALL = where(() => true);
const STORAGE = ['db-mysql-02', 'stg-broken-pvc', 'bob-legacy-dv', 'db-restore-test', 'bob-import'];
const STORAGE_STUCK = ['db-replica-new', 'ci-provision', 'ci-wait-binding'];
const IMAGE_PULL = ['alice-ubuntu-test', 'alice-debian', 'ci-image-test', 'ci-pull-backoff'];
const createdSince = (iso: string) => (row: Row) =>
  now.getTime() - row.ageMinutes * 60_000 >= Date.parse(iso);
const createdBefore = (iso: string) => (row: Row) =>
  now.getTime() - row.ageMinutes * 60_000 < Date.parse(iso);

/** Item 5 grammar: negation, ranges, OR, stuck X, dates, problems; the visible namespaces known. */
const GRAMMAR_CASES: [query: string, expected: string[]][] = [
  // ---- negated namespaces ----
  ['running vms not in prod-web', where(and(withStatus('Running'), not(inNamespace('prod-web'))))],
  ['vms not in ci', where(not(inNamespace('ci')))],
  ['all vms except staging', where(not(inNamespace('staging')))],
  ['except ci and staging', where(not(inNamespace('ci', 'staging')))],
  ['excluding prod-*', where(not(inNamespace('prod-web', 'prod-db')))],
  ['not in namespace dev-alice', where(not(inNamespace('dev-alice')))],
  ['vms outside dev-bob', where(not(inNamespace('dev-bob')))],
  ['stopped vms but not in ci', where(and(withStatus('Stopped'), not(inNamespace('ci'))))],
  ['in prod-* except prod-db', where(inNamespace('prod-web'))],
  ['vms not from project staging', where(not(inNamespace('staging')))],
  ['windows vms except in prod-web', where(and(isWindows, not(inNamespace('prod-web'))))],
  ['not in dev-*', where(not(inNamespace('dev-alice', 'dev-bob')))],
  // ---- negated labels ----
  ['without a gpu label', where(not(hasLabel('gpu')))],
  ['vms without an env label', where(not(hasLabel('env')))],
  ['without label env', where(not(hasLabel('env')))],
  ['with no tier label', where(not(hasLabel('tier')))],
  ['no env label in prod-web', where(and(inNamespace('prod-web'), not(hasLabel('env'))))],
  ['without a backup label', ALL],
  ['running vms without the app label', where(and(withStatus('Running'), not(hasLabel('app'))))],
  ['not labeled env=prod', where((r) => r.labels?.env !== 'prod')],
  // ---- negated nodes ----
  ['not on worker-1', where(not(onNode('worker-1')))],
  ['running vms not on worker-1', where(and(withStatus('Running'), not(onNode('worker-1'))))],
  ['vms not on node worker-2', where(not(onNode('worker-2')))],
  ['not running on worker-3', where(not(onNode('worker-3')))],
  ['except on worker-0 and worker-4', where(not(onNode('worker-0', 'worker-4')))],
  [
    'vms on worker-* but not on worker-1',
    where(and((r) => r.node !== undefined, not(onNode('worker-1')))),
  ],
  // ---- negated OS ----
  ['not windows', where(not(isWindows))],
  ['running vms that are not windows', where(and(withStatus('Running'), not(isWindows)))],
  ['except windows', where(not(isWindows))],
  ['non windows vms in prod-db', where(and(inNamespace('prod-db'), not(isWindows)))],
  ['not rhel 9', where((r) => !RHEL9.includes(r.name))],
  ['not fedora or windows', where((r) => !FEDORA.includes(r.name) && !isWindows(r))],
  ['vms without windows', where(not(isWindows))],
  ['not rhel8', where((r) => !RHEL8.includes(r.name))],
  // ---- negated status ----
  ['not running', where(not(withStatus('Running')))],
  ["vms that aren't running", where(not(withStatus('Running')))],
  ['not running and not stopped', where(not(withStatus('Running', 'Stopped')))],
  ['not paused in staging', where(and(inNamespace('staging'), not(withStatus('Paused'))))],
  ['windows vms not stopped', where(and(isWindows, not(withStatus('Stopped'))))],
  [
    'running vms not in ci not on worker-1',
    where(and(withStatus('Running'), not(inNamespace('ci')), not(onNode('worker-1')))),
  ],
  // ---- OR of statuses ----
  ['paused or migrating', where(withStatus('Paused', 'Migrating'))],
  [
    'paused or migrating vms in prod-*',
    where(and(withStatus('Paused', 'Migrating'), inNamespace('prod-web', 'prod-db'))),
  ],
  ['starting, stopping or terminating', where(withStatus('Starting', 'Stopping', 'Terminating'))],
  [
    'running or stopped vms in dev-bob',
    where(and(withStatus('Running', 'Stopped'), inNamespace('dev-bob'))),
  ],
  ['crashloop or unschedulable', where(withStatus('CrashLoopBackOff', 'ErrorUnschedulable'))],
  ['status:Paused or migrating', where(withStatus('Paused', 'Migrating'))],
  // ---- ranges ----
  ['8 to 16 GiB', where(hasMemory((gi) => gi >= 8 && gi <= 16))],
  ['vms with 8 to 16 GiB of memory', where(hasMemory((gi) => gi >= 8 && gi <= 16))],
  ['between 2 and 4 cpus', where(hasCpu((n) => n >= 2 && n <= 4))],
  ['2-4 cpus', where(hasCpu((n) => n >= 2 && n <= 4))],
  [
    '2-4 vcpus in ci',
    where(
      and(
        inNamespace('ci'),
        hasCpu((n) => n >= 2 && n <= 4),
      ),
    ),
  ],
  ['between 4gi and 8gi memory', where(hasMemory((gi) => gi >= 4 && gi <= 8))],
  ['memory between 4 and 8 GiB', where(hasMemory((gi) => gi >= 4 && gi <= 8))],
  ['from 1 to 2 cpus', where(hasCpu((n) => n >= 1 && n <= 2))],
  ['4 to 2 cpus', where(hasCpu((n) => n >= 2 && n <= 4))],
  ['cpus between 8 and 64', where(hasCpu((n) => n >= 8 && n <= 64))],
  ['16-32gi', where(hasMemory((gi) => gi >= 16 && gi <= 32))],
  [
    'running vms with 2 to 4 cpus and 4 to 8 GiB',
    where(
      and(
        withStatus('Running'),
        hasCpu((n) => n >= 2 && n <= 4),
        hasMemory((gi) => gi >= 4 && gi <= 8),
      ),
    ),
  ],
  [
    'windows vms between 4 and 8 cpus',
    where(
      and(
        isWindows,
        hasCpu((n) => n >= 4 && n <= 8),
      ),
    ),
  ],
  ['more than 16 GiB', where(hasMemory((gi) => gi > 16))],
  ['less than 4 GiB', where(hasMemory((gi) => gi < 4))],
  ['exactly 8 GiB', where(hasMemory((gi) => gi === 8))],
  ['at most 2 cpus', where(hasCpu((n) => n <= 2))],
  // ---- instancetype-sized VMs ----
  [
    'vms on worker-2 with at least 4 cpus',
    where(
      and(
        onNode('worker-2'),
        hasCpu((n) => n >= 4),
      ),
    ),
  ],
  [
    'vms on worker-2 with more than 4 cpus',
    where(
      and(
        onNode('worker-2'),
        hasCpu((n) => n > 4),
      ),
    ),
  ],
  ['fedora vms with 8Gi memory', where((r) => FEDORA.includes(r.name) && memoryGi(r) === 8)],
  [
    'running vms with 1 cpu',
    where(
      and(
        withStatus('Running'),
        hasCpu((n) => n === 1),
      ),
    ),
  ],
  [
    'windows vms with 16 GiB',
    where(
      and(
        isWindows,
        hasMemory((gi) => gi === 16),
      ),
    ),
  ],
  [
    'at least 2 cpus on worker-1',
    where(
      and(
        onNode('worker-1'),
        hasCpu((n) => n >= 2),
      ),
    ),
  ],
  [
    '4 GiB memory in prod-web',
    where(
      and(
        inNamespace('prod-web'),
        hasMemory((gi) => gi === 4),
      ),
    ),
  ],
  // ---- stuck X ----
  ['stuck starting', where(and(isStuck, withStatus('Starting')))],
  ['stuck provisioning vms', where(and(isStuck, withStatus('Provisioning')))],
  ['vms stuck in provisioning', where(and(isStuck, withStatus('Provisioning')))],
  ['stuck vms in ci', where(and(isStuck, inNamespace('ci')))],
  ['stuck waiting for volume binding', where(and(isStuck, withStatus('WaitingForVolumeBinding')))],
  ['hung vms in prod-*', where(and(isStuck, inNamespace('prod-web', 'prod-db')))],
  // ---- created ----
  [
    'created today in any namespace',
    where((r) => now.getTime() - r.ageMinutes * 60_000 >= startOfLocalDay),
  ],
  ['vms created this week', where((r) => r.ageMinutes <= 7 * DAY)],
  ['created since 2026-11-20', where(createdSince('2026-11-20T00:00:00Z'))],
  [
    'running vms created since 2026-11-01',
    where(and(withStatus('Running'), createdSince('2026-11-01T00:00:00Z'))),
  ],
  ['created after 2026-11-24', where(createdSince('2026-11-24T00:00:00Z'))],
  ['since 2026-11-25T06:00:00Z', where(createdSince('2026-11-25T06:00:00Z'))],
  ['vms created before 2026-11-20', where(createdBefore('2026-11-20T00:00:00Z'))],
  [
    'stopped vms created before 2026-11-24',
    where(and(withStatus('Stopped'), createdBefore('2026-11-24T00:00:00Z'))),
  ],
  [
    'created after 2026-11-01 and before 2026-11-24',
    where(and(createdSince('2026-11-01T00:00:00Z'), createdBefore('2026-11-24T00:00:00Z'))),
  ],
  ['windows vms created this week', where((r) => isWindows(r) && r.ageMinutes <= 7 * DAY)],
  // ---- problems (health categories) ----
  ['vms with storage problems', [...STORAGE, ...STORAGE_STUCK]],
  ['storage issues in prod-db', ['db-mysql-02', 'db-restore-test', 'db-replica-new']],
  ['vms with disk errors', [...STORAGE, ...STORAGE_STUCK]],
  ['vms with image pull errors in ci', ['ci-image-test', 'ci-pull-backoff']],
  ['image problems', IMAGE_PULL],
  ['registry issues', IMAGE_PULL],
  ['vms that failed to migrate', []],
  ['migration problems', []],
  ['vms with scheduling problems', ['web-iis-02', 'stg-unsched']],
  ['vms that failed to schedule', ['web-iis-02', 'stg-unsched']],
  ['network problems', []],
  ['vms with node problems', []],
  ['crash problems', ['web-batch-ubuntu', 'bob-crashy', 'ci-runner-04']],
  ['missing secrets', []],
  ['import problems', ['db-restore-test', 'bob-import', 'db-replica-new', 'ci-provision']],
  ['missing volumes', ['db-mysql-02', 'stg-broken-pvc', 'bob-legacy-dv']],
  [
    'storage problems not in staging',
    [...STORAGE, ...STORAGE_STUCK].filter((n) => n !== 'stg-broken-pvc'),
  ],
  // ---- unknown words: reported, never a filter ----
  ['runnign vms', ALL],
  ['vms in tema-a', ALL],
  ['owned by jdoe', ALL],
  ['vms with gpus', ALL],
  ['running vms with gpus', where(withStatus('Running'))],
  ['stopped frobnicator', where(withStatus('Stopped'))],
  ['postgres', ALL],
  ['"bob-" stopped', where((r) => r.name.includes('bob-') && r.status === 'Stopped')],
  ['"win" running', where((r) => r.name.includes('win') && r.status === 'Running')],
  ['ｒｕｎｎｉｎｇ vms', where(withStatus('Running'))],
  ['running\u0000\u0007 vms\u200b in ci', where(and(withStatus('Running'), inNamespace('ci')))],
  ['rսnning', ALL],
  ['stopped vms in ci', where(and(withStatus('Stopped'), inNamespace('ci')))],
  ['staging', where(inNamespace('staging'))],
  ['ci running', where(and(inNamespace('ci'), withStatus('Running')))],
];

describe('item 5 grammar over the fixture cluster (instancetypes readable, namespaces known)', () => {
  it('brings the total to at least 200 distinct phrasings', () => {
    const all = new Set([...CASES, ...GRAMMAR_CASES].map(([query]) => query));
    expect(all.size).toBe(CASES.length + GRAMMAR_CASES.length);
    expect(all.size).toBeGreaterThanOrEqual(200);
  });

  it.each(GRAMMAR_CASES)('%j', (query, expected) => {
    const { criteria } = parseVmSearchQuery(query, { now, namespaces: NAMESPACES });
    const found = filterVms(cluster, criteria, { now }).map((entry) => entry.vm.metadata?.name);
    expect([...found].sort()).toEqual([...expected].sort());
  });
});
