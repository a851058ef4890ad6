/**
 * Phrasings written as a held-out check of the grammar (issue 12), over a fleet of its own
 * (testing/heldOutFleet.ts): 257 phrasings in three batches, none in searchPhrasings.spec.ts. The
 * expected sets come from predicates over the fleet's rows, never from the parser. Each phrasing
 * runs as the page parses it (the namespaces known) and as the MCP tool does (alone first, again
 * with the visible namespaces when a word is unknown). Ambiguous phrasings are listed, not asserted.
 */
import { filterVms, parseVmSearchQuery } from '.';
import type { VmPrintableStatus } from '../status';
import {
  FLEET,
  INSTANCETYPE_SIZES,
  NAMESPACES,
  NOW,
  ROWS,
  type Family,
  type Row,
} from '../testing/heldOutFleet';

const M = 1;
const H = 60 * M;
const D = 24 * H;
type P = (r: Row) => boolean;

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
const TRANSITIONAL = new Set<VmPrintableStatus>([
  'Starting',
  'Provisioning',
  'WaitingForVolumeBinding',
]);
const HAS_VMI = new Set<VmPrintableStatus>([
  'Running',
  'Migrating',
  'Paused',
  'Stopping',
  'Terminating',
  'ErrorUnschedulable',
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrorPvcNotFound',
  'Starting',
]);
const changed = (r: Row) => r.changedMinutesAgo ?? r.ageMinutes;
const stuck: P = (r) => TRANSITIONAL.has(r.status) && changed(r) > 10;
const problem: P = (r) => ERROR_STATUSES.has(r.status) || r.status === 'Paused' || stuck(r);
/** "can't start / won't boot": a start failure — not Paused (a running guest), not Unknown. */
const startFailure: P = (r) => (ERROR_STATUSES.has(r.status) && r.status !== 'Unknown') || stuck(r);
const st =
  (...s: VmPrintableStatus[]): P =>
  (r) =>
    s.includes(r.status);
const ns =
  (...n: string[]): P =>
  (r) =>
    n.includes(r.namespace);
const nodeOf = (r: Row) => (HAS_VMI.has(r.status) ? r.node : undefined);
const node =
  (...n: string[]): P =>
  (r) =>
    nodeOf(r) !== undefined && n.includes(nodeOf(r)!);
const fam =
  (...f: Family[]): P =>
  (r) =>
    r.fam !== undefined && f.includes(r.fam);
const osv =
  (f: Family, v: string): P =>
  (r) =>
    r.fam === f && r.ver !== undefined && (r.ver === v || r.ver.startsWith(`${v}.`));
const win = fam('windows');
const linux: P = (r) => r.fam !== undefined && r.fam !== 'windows';
const instancetypeSize = (r: Row) =>
  r.os && 'instancetype' in r.os && r.os.instancetype
    ? INSTANCETYPE_SIZES[r.os.instancetype]
    : undefined;
const cpus = (r: Row) =>
  instancetypeSize(r)?.cpu ??
  (typeof r.cpu === 'number'
    ? r.cpu
    : r.cpu
      ? r.cpu.sockets * r.cpu.cores * r.cpu.threads
      : undefined);
const gib = (r: Row) => {
  const m = r.memory ?? instancetypeSize(r)?.memory;
  if (!m) return undefined;
  return m.endsWith('Mi') ? Number.parseInt(m, 10) / 1024 : Number.parseInt(m, 10);
};
const cpu =
  (t: (n: number) => boolean): P =>
  (r) =>
    cpus(r) !== undefined && t(cpus(r)!);
const mem =
  (t: (g: number) => boolean): P =>
  (r) =>
    gib(r) !== undefined && t(gib(r)!);
const age =
  (t: (m: number) => boolean): P =>
  (r) =>
    t(r.ageMinutes);
const lbl =
  (k: string, v?: string): P =>
  (r) =>
    v === undefined ? r.labels?.[k] !== undefined : r.labels?.[k] === v;
const nameHas =
  (s: string): P =>
  (r) =>
    r.name.includes(s);
const and =
  (...p: P[]): P =>
  (r) =>
    p.every((q) => q(r));
const or =
  (...p: P[]): P =>
  (r) =>
    p.some((q) => q(r));
const not =
  (p: P): P =>
  (r) =>
    !p(r);
const CAT_STORAGE = ['MissingVolume', 'StorageProvisioning', 'DataVolumeImport'];
// category ground truth by status (the health model's mapping checked in sanity.ts)
const storageProblem: P = or(
  st('ErrorPvcNotFound', 'ErrorDataVolumeNotFound', 'DataVolumeError'),
  and(stuck, st('Provisioning', 'WaitingForVolumeBinding')),
);
const imagePull = st('ErrImagePull', 'ImagePullBackOff');
const scheduling = st('ErrorUnschedulable');
const nowMs = NOW.getTime();
const startOfToday = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()); // TZ=UTC
const createdAt = (r: Row) => nowMs - r.ageMinutes * 60_000;
void CAT_STORAGE;

/** [query, expected, ambiguous?] — ambiguous ones are run and shown but not scored. */
type Case = [string, P, string?];
const CASES: Case[] = [
  // ---- statuses in other words ----
  ['powered off guests', st('Stopped')],
  ['shut down instances', st('Stopped')],
  ['which machines are up', st('Running')],
  ['VMs that are down', not(st('Running')), 'down = stopped only, or anything not running?'],
  ['broken guests', problem],
  ['erroring instances', problem],
  ['unhealthy VMIs', problem],
  ['pending machines', st('Starting', 'Provisioning', 'WaitingForVolumeBinding')],
  ['booting vms', st('Starting')],
  ['guests that are booting up', st('Starting')],
  ['turned off vms in analytics', and(st('Stopped'), ns('analytics'))],
  ['suspended guests', st('Paused')],
  ['live migrating instances', st('Migrating')],
  ['vms currently migrating to another node', st('Migrating')],
  ['paused or shut down guests', st('Paused', 'Stopped')],
  ['VMs not running in payments', and(ns('payments'), not(st('Running')))],
  ["running instances that aren't windows", and(st('Running'), not(win))],
  ['deleting vms', st('Terminating')],
  ['vms being shut down', st('Stopping'), '"being shut down" = Stopping (in progress) or Stopped?'],
  ['stopping or terminating instances', st('Stopping', 'Terminating')],
  ['crashlooping guests', st('CrashLoopBackOff')],
  ['vms in CrashLoopBackOff', st('CrashLoopBackOff')],
  ["vms that can't be scheduled", st('ErrorUnschedulable')],
  ['instances failing to schedule', scheduling],
  ['vms with image pull problems', imagePull],
  ["vms that can't pull their image", imagePull],
  ['vms with disk problems', storageProblem],
  ["guests that can't start", startFailure, 'does a Paused / Unknown VM "not start"?'],
  ["vms that won't boot", startFailure, 'does a Paused / Unknown VM "not boot"?'],
  ['out of memory vms', () => false, 'no OOM signal in the health model; nothing can match'],
  ['stuck booting vms', and(stuck, st('Starting'))],
  ['provisioning guests', st('Provisioning')],
  ['vms in an unknown state', st('Unknown')],
  ['errored vms in web-store', and(problem, ns('web-store'))],
  ['VMs that are offline', st('Stopped')],
  // ---- memory ----
  ['vms with more than 16GB of RAM', mem((g) => g > 16)],
  ['guests with at least 32 gigs', mem((g) => g >= 32)],
  ['instances with 8G memory', mem((g) => g === 8)],
  ['ram exceeding 16 gb', mem((g) => g > 16)],
  ['no more than 4GB ram', mem((g) => g <= 4)],
  ['vms with 512MiB of memory', mem((g) => g === 0.5)],
  ['under 2 gigs of memory', mem((g) => g < 2)],
  ['at most 4 gigs', mem((g) => g <= 4)],
  ['vms using 64 gb', mem((g) => g === 64)],
  ['machines with 16Gi or more', mem((g) => g >= 16)],
  ['memory of at least 16G', mem((g) => g >= 16)],
  ['more than 1 TB of memory', mem((g) => g > 1024)],
  [
    'vms with 4 GB memory in qa',
    and(
      ns('qa'),
      mem((g) => g === 4),
    ),
  ],
  ['memory between 8 and 16 gigs', mem((g) => g >= 8 && g <= 16)],
  ['vms with over 30 GB of memory', mem((g) => g > 30)],
  ['less than 1G ram', mem((g) => g < 1)],
  // ---- cpu ----
  ['vms with more than 8 vcpus', cpu((n) => n > 8)],
  ['at least 4 cores', cpu((n) => n >= 4)],
  ['guests with 2 processors', cpu((n) => n === 2)],
  ['no more than 2 vcpu', cpu((n) => n <= 2)],
  ['over 8 cpus', cpu((n) => n > 8)],
  ['under 4 cores', cpu((n) => n < 4)],
  ['cpu count above 8', cpu((n) => n > 8)],
  ['vms with 16 cores or more', cpu((n) => n >= 16)],
  ['exceeding 12 vcpus', cpu((n) => n > 12)],
  ['6 vcpus', cpu((n) => n === 6)],
  [
    '4 cpu windows vms',
    and(
      win,
      cpu((n) => n === 4),
    ),
  ],
  ['vms with fewer than 2 CPUs', cpu((n) => n < 2)],
  [
    'vms with 8 cpus and 32 gigs',
    and(
      cpu((n) => n === 8),
      mem((g) => g === 32),
    ),
  ],
  [
    'at least 8 cpus and 32GB',
    and(
      cpu((n) => n >= 8),
      mem((g) => g >= 32),
    ),
  ],
  ['2 to 4 cores', cpu((n) => n >= 2 && n <= 4)],
  ['single vcpu vms', cpu((n) => n === 1)],
  ['vms with more than 2 virtual cpus', cpu((n) => n > 2)],
  // ---- time ----
  [
    'vms from last week',
    age((m) => m <= 7 * D),
    '"last week": the last 7 days or the previous calendar week?',
  ],
  ['created in the past 3 days', age((m) => m <= 3 * D)],
  ['older than 2 weeks', age((m) => m >= 14 * D)],
  [
    'created yesterday',
    (r) => createdAt(r) >= startOfToday - 86_400_000 && createdAt(r) < startOfToday,
  ],
  ['more than a month old', age((m) => m >= 30 * D)],
  ['vms created within the last 48 hours', age((m) => m <= 48 * H)],
  ['vms younger than 1 day', age((m) => m <= D)],
  ['vms created less than 6 hours ago', age((m) => m <= 6 * H)],
  [
    'vms older than 90 days in payments',
    and(
      ns('payments'),
      age((m) => m >= 90 * D),
    ),
  ],
  ['vms spun up in the last 24 hours', age((m) => m <= D)],
  [
    'created 2 days ago',
    age((m) => m >= 2 * D && m < 3 * D),
    'exactly that day, or within 2 days?',
  ],
  ['vms at least a year old', age((m) => m >= 365 * D)],
  ['instances created over a week ago', age((m) => m >= 7 * D)],
  ['deployed in the last 10 days', age((m) => m <= 10 * D)],
  [
    'stopped vms older than a month',
    and(
      st('Stopped'),
      age((m) => m >= 30 * D),
    ),
  ],
  ['new vms from the last 12 hours', age((m) => m <= 12 * H)],
  ['vms created in the past two weeks', age((m) => m <= 14 * D)],
  // ---- nodes ----
  ['vms running on worker-1', node('worker-1')],
  ['guests hosted on worker-3', node('worker-3')],
  ['instances scheduled on worker-5', node('worker-5')],
  ["what's on node worker-2", node('worker-2')],
  ['vms on worker-4 or worker-5', node('worker-4', 'worker-5')],
  ['windows guests on worker-4', and(win, node('worker-4'))],
  ["vms that aren't on worker-3", (r) => nodeOf(r) !== 'worker-3'],
  ['vms on host worker-2', node('worker-2')],
  ['which vms live on worker-5', node('worker-5')],
  ['vmis on worker-1', node('worker-1')],
  ['vms on the worker-3 node', node('worker-3')],
  // ---- labels ----
  ['tagged app=db', lbl('app', 'db')],
  ['with label team=payments', lbl('team', 'payments')],
  ['where app is db', lbl('app', 'db')],
  ['app!=web in web-store', and(ns('web-store'), not(lbl('app', 'web')))],
  ['vms labeled owner=erik', lbl('owner', 'erik')],
  ['label env=prod and app=etl', and(lbl('env', 'prod'), lbl('app', 'etl'))],
  ['vms with the gpu label', lbl('gpu')],
  ['owner=dana running', and(lbl('owner', 'dana'), st('Running'))],
  ['vms without an owner label', not(lbl('owner'))],
  ['app=spark or app=etl', or(lbl('app', 'spark'), lbl('app', 'etl'))],
  ['env is prod', lbl('env', 'prod')],
  ['tier=frontend', lbl('tier', 'frontend')],
  [
    'vms in dev-team owned by erik',
    and(ns('dev-team'), lbl('owner', 'erik')),
    '"owned by": the owner label, or an ownerReference / requester?',
  ],
  // ---- OS ----
  ['win 2019', osv('windows', '2019')],
  ['rhel8 guests', osv('rhel', '8')],
  ['centos machines', fam('centos')],
  ['ubuntu 22.04 instances', osv('ubuntu', '22.04')],
  ['windows server 2022', osv('windows', '2022')],
  ['red hat 9', osv('rhel', '9')],
  ['linux vms in analytics', and(ns('analytics'), linux)],
  ['non-windows guests in payments', and(ns('payments'), not(win))],
  ['fedora or ubuntu vms', fam('fedora', 'ubuntu')],
  ['windows 11', osv('windows', '11')],
  ['debian', fam('debian')],
  ['rhel 9 or rhel 8', osv('rhel', '9'), '/* replaced below */'],
  ['Windows VMs that are powered off', and(win, st('Stopped'))],
  ['rhel 8.10', osv('rhel', '8.10')],
  ['win2k19', osv('windows', '2019')],
  // ---- combinations, names ----
  [
    'running windows guests in payments with more than 2 cpus',
    and(
      st('Running'),
      win,
      ns('payments'),
      cpu((n) => n > 2),
    ),
  ],
  [
    'stopped or paused vms in analytics and qa',
    and(st('Stopped', 'Paused'), ns('analytics', 'qa')),
  ],
  ['failing vms except in qa', and(problem, not(ns('qa')))],
  [
    'healthy rhel 9 vms with at least 8 GB',
    and(
      not(problem),
      osv('rhel', '9'),
      mem((g) => g >= 8),
    ),
  ],
  ['all vms except windows ones', not(win)],
  [
    'vms in payments or web-store that are not running',
    and(ns('payments', 'web-store'), not(st('Running'))),
  ],
  ['unhealthy instances in the project analytics', and(problem, ns('analytics'))],
  [
    'vms in project qa created in the last day',
    and(
      ns('qa'),
      age((m) => m <= D),
    ),
  ],
  [
    'running vms on worker-1 not in payments',
    and(st('Running'), node('worker-1'), not(ns('payments'))),
  ],
  ['broken vms in dev-team or qa', and(problem, ns('dev-team', 'qa'))],
  [
    'running vms with less than 4GB in web-store',
    and(
      st('Running'),
      ns('web-store'),
      mem((g) => g < 4),
    ),
  ],
  [
    'vms in namespace analytics with more than 32 gigs of memory',
    and(
      ns('analytics'),
      mem((g) => g > 32),
    ),
  ],
  [
    'stopped vms not windows older than 30 days',
    and(
      st('Stopped'),
      not(win),
      age((m) => m >= 30 * D),
    ),
  ],
  ['payments vms that are running', and(ns('payments'), st('Running'))],
  ['qa guests that are erroring', and(ns('qa'), problem)],
  ['migrating or paused in payments', and(ns('payments'), st('Migrating', 'Paused'))],
  ['vms on worker-3 that are unhealthy', and(node('worker-3'), problem)],
  ['errors in the last hour', and(problem, (r) => changed(r) <= H)],
  ['running guests, excluding analytics', and(st('Running'), not(ns('analytics')))],
  ['windows or rhel8 vms that are stopped', and(st('Stopped'), or(win, osv('rhel', '8')))],
  ['vms whose name starts with shop', (r) => r.name.startsWith('shop')],
  ['vms named etl', nameHas('etl')],
  ['shop-frontend-*', (r) => r.name.startsWith('shop-frontend-')],
  ["vms with 'runner' in the name", nameHas('runner')],
  ['starting vms in web-store', and(st('Starting'), ns('web-store'))],
  [
    'the ones on worker-2 with 4 vcpus',
    and(
      node('worker-2'),
      cpu((n) => n === 4),
    ),
  ],
  ['show me every instance in the dev-team project', ns('dev-team')],
  ['vms in project web-store', ns('web-store')],
  ['stopped vms in the analytics namespace', and(st('Stopped'), ns('analytics'))],
  ['running vms, not on worker-4', and(st('Running'), (r) => nodeOf(r) !== 'worker-4')],
  ['ubuntu vms that are not running', and(fam('ubuntu'), not(st('Running')))],
  [
    'vms with problems in analytics created this week',
    and(
      problem,
      ns('analytics'),
      age((m) => m <= 7 * D),
    ),
  ],
  [
    'windows vms with 16 gigs of ram on worker-4',
    and(
      win,
      mem((g) => g === 16),
      node('worker-4'),
    ),
  ],
  [
    'fedora guests with 1 vcpu',
    and(
      fam('fedora'),
      cpu((n) => n === 1),
    ),
  ],
  ['powered on vms in dev-team', and(st('Running'), ns('dev-team'))],
  ['vms that aren\u2019t running', not(st('Running'))],
  ["vms that don't run windows", not(win)],
  ['guests which are not in qa', not(ns('qa'))],
  ['quad core vms', cpu((n) => n === 4)],
];
/** Batch B: written after the fixes in patched/ were designed; never used to design them. */
const CASES_B: Case[] = [
  ['vms that are switched off', st('Stopped')],
  ['which guests are powered up', st('Running')],
  ['instances in a paused state', st('Paused')],
  ['show machines that are currently migrating', st('Migrating')],
  ['VMs with errors in payments', and(problem, ns('payments'))],
  [
    'VMs with more than 4 GiB RAM and fewer than 4 vCPUs',
    and(
      mem((g) => g > 4),
      cpu((n) => n < 4),
    ),
  ],
  ['VMs with 4 or more vCPUs', cpu((n) => n >= 4)],
  ['vms with 2GB or less', mem((g) => g <= 2)],
  ['VMs over 16 gigabytes', mem((g) => g > 16)],
  ['VMs with > 8 GiB memory', mem((g) => g > 8)],
  ['VMs with memory >= 32Gi', mem((g) => g >= 32)],
  ['VMs created in the last 3 hours', age((m) => m <= 3 * H)],
  ['VMs created more than 60 days ago', age((m) => m >= 60 * D)],
  ['VMs not created in the last month', age((m) => m > 30 * D)],
  ['VMs created after 2026-11-20', (r) => createdAt(r) >= Date.parse('2026-11-20T00:00:00Z')],
  ['VMs on worker-2 that are stopped', and(node('worker-2'), st('Stopped'))],
  ['VMs running on nodes worker-1 or worker-3', node('worker-1', 'worker-3')],
  ['windows VMs not running on worker-4', and(win, (r) => nodeOf(r) !== 'worker-4')],
  ['VMs labelled app=runner in qa', and(lbl('app', 'runner'), ns('qa'))],
  ['VMs with label owner', lbl('owner')],
  ['VMs without label app', not(lbl('app'))],
  ['VMs where env != prod', (r) => r.labels?.env !== 'prod'],
  ['vms with app label set to db', lbl('app', 'db')],
  ['RHEL 9 VMs', osv('rhel', '9')],
  ['Red Hat Enterprise Linux 8 VMs', osv('rhel', '8')],
  ['Windows Server 2019 guests', osv('windows', '2019')],
  ['Ubuntu VMs in analytics', and(fam('ubuntu'), ns('analytics'))],
  ['CentOS Stream 9', osv('centos', '9')],
  ['Windows 10', osv('windows', '10')],
  ['all linux guests that are stopped', and(linux, st('Stopped'))],
  ['VMs with storage issues', storageProblem],
  ['VMs with scheduling issues in web-store', and(scheduling, ns('web-store'))],
  ['VMs stuck in starting', and(stuck, st('Starting'))],
  ['VMs stuck provisioning in qa', and(stuck, st('Provisioning'), ns('qa'))],
  ['problem VMs in dev-team', and(problem, ns('dev-team'))],
  [
    'VMs that are running or migrating in payments',
    and(st('Running', 'Migrating'), ns('payments')),
  ],
  ['VMs that are neither running nor stopped', not(st('Running', 'Stopped'))],
  ['everything except running VMs', not(st('Running'))],
  ['non-running vms in analytics', and(not(st('Running')), ns('analytics'))],
  [
    'VMs in qa or dev-team with less than 2 GB memory',
    and(
      ns('qa', 'dev-team'),
      mem((g) => g < 2),
    ),
  ],
  [
    'running VMs in payments created more than 6 months ago',
    and(
      st('Running'),
      ns('payments'),
      age((m) => m >= 180 * D),
    ),
  ],
  ['vms named pay-api', nameHas('pay-api')],
  ['VMs whose names begin with qa-runner', (r) => r.name.startsWith('qa-runner')],
  ["VMs with 'win' in their name", nameHas('win')],
  ['vms with error status in analytics', and(problem, ns('analytics'))],
  ['VMs that are healthy in web-store', and(not(problem), ns('web-store'))],
  ['Show VMIs with 8 vCPUs', cpu((n) => n === 8)],
  [
    'VMs with at least 16 GB RAM on worker-5',
    and(
      mem((g) => g >= 16),
      node('worker-5'),
    ),
  ],
  ['vms with image pull backoff', st('ImagePullBackOff')],
  ['list all vms in the payments project that are stopped', and(ns('payments'), st('Stopped'))],
];

/** Batch C: written after all fixes in patched/ (from batches A and B); never used to design them. */
const CASES_C: Case[] = [
  ['vms that are not paused', not(st('Paused'))],
  ['show me the stopped guests in dev-team', and(st('Stopped'), ns('dev-team'))],
  ['everything on worker-5 except windows', and(node('worker-5'), not(win))],
  ['vms with 12 gigs', mem((g) => g === 12)],
  ['vms with between 8 and 16 vcpus', cpu((n) => n >= 8 && n <= 16)],
  [
    'vms with at least 2 cores and at most 4 GB',
    and(
      cpu((n) => n >= 2),
      mem((g) => g <= 4),
    ),
  ],
  [
    'running linux vms with more than 32 GB',
    and(
      st('Running'),
      linux,
      mem((g) => g > 32),
    ),
  ],
  [
    'vms that were created this week in analytics',
    and(
      ns('analytics'),
      age((m) => m <= 7 * D),
    ),
  ],
  ['vms older than six months', age((m) => m >= 180 * D)],
  [
    'vms created in the last 90 days that are stopped',
    and(
      st('Stopped'),
      age((m) => m <= 90 * D),
    ),
  ],
  ['vms created before 2026-10-01', (r) => createdAt(r) < Date.parse('2026-10-01T00:00:00Z')],
  ['vms less than a day old', age((m) => m <= D)],
  ['vms on worker-1, worker-2 or worker-3', node('worker-1', 'worker-2', 'worker-3')],
  ['vms not hosted on worker-5', (r) => nodeOf(r) !== 'worker-5'],
  ['rhel vms on worker-3', and(fam('rhel'), node('worker-3'))],
  ['vms labeled app=db that are running', and(lbl('app', 'db'), st('Running'))],
  ['vms without the team label in payments', and(not(lbl('team')), ns('payments'))],
  ['vms with owner=dana or owner=erik', or(lbl('owner', 'dana'), lbl('owner', 'erik'))],
  ['vms with tier label', lbl('tier')],
  ['windows server vms', win],
  ['win 11 desktops', osv('windows', '11')],
  ['rhel 9.4 vms', osv('rhel', '9.4')],
  ['debian or centos guests', fam('debian', 'centos')],
  ['vms that failed in the last hour', and(problem, (r) => changed(r) <= H)],
  ['vms with missing volumes', st('ErrorPvcNotFound', 'ErrorDataVolumeNotFound')],
  ['vms with pvc problems', storageProblem],
  ['vms stuck in a crash loop', st('CrashLoopBackOff')],
  ['vms that are hanging', stuck],
  ['broken windows vms', and(problem, win)],
  [
    'paused vms older than a week',
    and(
      st('Paused'),
      age((m) => m >= 7 * D),
    ),
  ],
  ['migrating vms on worker-3', and(st('Migrating'), node('worker-3'))],
  ['vms with errors, not in qa', and(problem, not(ns('qa')))],
  [
    'running vms except on worker-4 and worker-5',
    and(st('Running'), (r) => !['worker-4', 'worker-5'].includes(nodeOf(r) ?? '')),
  ],
  ['healthy vms in web-store and payments', and(not(problem), ns('web-store', 'payments'))],
  ['vms in web-store whose name contains shop-f', and(ns('web-store'), nameHas('shop-f'))],
  ['find vms called spark-master', nameHas('spark-master')],
  ['stopped ubuntu 20.04 vms', and(st('Stopped'), osv('ubuntu', '20.04'))],
  ['vms with 1 GB of memory or less', mem((g) => g <= 1)],
  [
    'vms with more than 8 cpus in analytics or dev-team',
    and(
      cpu((n) => n > 8),
      ns('analytics', 'dev-team'),
    ),
  ],
  ['starting or provisioning vms', st('Starting', 'Provisioning')],
  ['VMs in payments with the app=db label', and(ns('payments'), lbl('app', 'db'))],
  ['ImagePullBackOff or ErrImagePull', st('ImagePullBackOff', 'ErrImagePull')],
  ['vms without an app label that are running', and(not(lbl('app')), st('Running'))],
  ['non-linux vms', win, 'does a VM with an unknown OS count as non-linux?'],
];

// OR of two OS versions: both are listed, so the expectation is the union
CASES.splice(
  CASES.findIndex(([q]) => q === 'rhel 9 or rhel 8'),
  1,
  ['rhel 9 or rhel 8', or(osv('rhel', '9'), osv('rhel', '8'))],
);

const names = (p: P) =>
  ROWS.filter(p)
    .map((r) => r.name)
    .sort();
const matching = (query: string, namespaces?: readonly string[]) =>
  filterVms(
    FLEET,
    parseVmSearchQuery(query, { now: NOW, ...(namespaces ? { namespaces } : {}) }).criteria,
    { now: NOW },
  )
    .map((e) => e.vm.metadata!.name!)
    .sort();
/** search_virtual_machines: parses alone, and again with the visible namespaces if a word is unknown. */
const viaTool = (query: string) =>
  parseVmSearchQuery(query, { now: NOW }).unrecognized.length > 0
    ? matching(query, NAMESPACES)
    : matching(query);

const ALL_CASES = [...CASES, ...CASES_B, ...CASES_C];
// "created yesterday" is a calendar day: the expectation above is written in UTC.
const utc = new Date(NOW).getTimezoneOffset() === 0;
const scored = ALL_CASES.filter(
  ([query, , ambiguous]) => !ambiguous && (utc || !/yesterday/.test(query)),
);

describe('held-out phrasings over a fleet of their own', () => {
  it('has 240+ distinct phrasings over 40+ VMs', () => {
    expect(new Set(ALL_CASES.map(([q]) => q)).size).toBe(ALL_CASES.length);
    expect(scored.length).toBeGreaterThanOrEqual(240);
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(scored.map(([query, expected]) => [query, expected] as const))(
    '%s',
    (query, expected) => {
      const want = names(expected);
      expect({ query, page: matching(query, NAMESPACES) }).toEqual({ query, page: want });
      expect({ query, tool: viaTool(query) }).toEqual({ query, tool: want });
    },
  );
});
