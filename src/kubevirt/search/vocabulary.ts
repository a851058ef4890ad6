import { VM_PRINTABLE_STATUSES, type VmPrintableStatus, type VmStatusGroup } from '../status';
import type { RootCauseCategory } from '../diagnosis/model';
import type { OsFamily } from '../vm';

/** What a known word or phrase means. */
export type PhraseMeaning =
  | { kind: 'status'; statuses: VmPrintableStatus[] }
  | { kind: 'group'; group: VmStatusGroup }
  | { kind: 'errors'; value: boolean }
  | { kind: 'stuck' }
  | { kind: 'os'; family: OsFamily | 'linux' }
  | { kind: 'recent' }
  | { kind: 'category'; categories: RootCauseCategory[] };

const camelWords = (value: string): string =>
  value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();

const STATUS_SYNONYMS: Record<VmPrintableStatus, string[]> = {
  Running: ['running', 'powered on', 'turned on', 'up', 'active', 'online', 'started'],
  Stopped: [
    'stopped',
    'off',
    'powered off',
    'turned off',
    'shut down',
    'shutdown',
    'shut off',
    'halted',
    'offline',
  ],
  Paused: ['paused', 'suspended', 'frozen'],
  Migrating: [
    'migrating',
    'being migrated',
    'live migrating',
    'being live migrated',
    'live migrated',
    'in migration',
    'live migration',
    'migration',
  ],
  Starting: ['starting', 'booting', 'starting up', 'booting up'],
  Provisioning: ['provisioning', 'being provisioned', 'importing'],
  Stopping: [
    'stopping',
    'shutting down',
    'powering off',
    'powering down',
    'being shut down',
    'being stopped',
  ],
  Terminating: ['terminating', 'deleting', 'being deleted'],
  CrashLoopBackOff: [
    'crashloop',
    'crash loop',
    'crash looping',
    'crashlooping',
    'crashing',
    'crash loop backoff',
    'crashloop backoff',
    'in a crash loop',
  ],
  ErrorUnschedulable: [
    'unschedulable',
    'not schedulable',
    'cannot be scheduled',
    "can't be scheduled",
    'failed scheduling',
    'failedscheduling',
  ],
  ErrImagePull: ['errimagepull', 'err image pull'],
  ImagePullBackOff: ['image pull backoff', 'imagepull backoff'],
  ErrorPvcNotFound: ['pvc not found', 'missing pvc', 'failedpvcnotfound'],
  ErrorDataVolumeNotFound: [
    'data volume not found',
    'datavolume not found',
    'dv not found',
    'missing data volume',
    'missing datavolume',
  ],
  DataVolumeError: [
    'data volume error',
    'data volume errors',
    'datavolume error',
    'datavolume errors',
    'dv error',
    'dv errors',
  ],
  WaitingForVolumeBinding: [
    'waiting for volume binding',
    'waiting for volume',
    'volume binding',
    'unbound pvc',
    'pending pvc',
  ],
  WaitingForReceiver: ['waiting for receiver', 'receiver'],
  Unknown: ['unknown'],
};

/** Phrases that stand for more than one status. */
const MULTI_STATUS: [string, VmPrintableStatus[]][] = [
  ['image pull error', ['ErrImagePull', 'ImagePullBackOff']],
  ['image pull errors', ['ErrImagePull', 'ImagePullBackOff']],
  ['image pull failure', ['ErrImagePull', 'ImagePullBackOff']],
  ['image pull failures', ['ErrImagePull', 'ImagePullBackOff']],
  ['image pull', ['ErrImagePull', 'ImagePullBackOff']],
  ['pull errors', ['ErrImagePull', 'ImagePullBackOff']],
  ['cannot pull image', ['ErrImagePull', 'ImagePullBackOff']],
  ...[
    "can't pull",
    'cant pull',
    'cannot pull',
    'unable to pull',
    'failed to pull',
    'failing to pull',
    'fails to pull',
    "can't pull image",
    "can't pull images",
    'failed to pull image',
  ].map((phrase): [string, VmPrintableStatus[]] => [phrase, ['ErrImagePull', 'ImagePullBackOff']]),
];

const GROUP_PHRASES: [string, VmStatusGroup][] = [
  ['pending', 'starting'],
  ['in progress', 'starting'],
  ['coming up', 'starting'],
];

const ERROR_PHRASES = [
  'error',
  'errors',
  'erroring',
  'errored',
  'in error',
  'in error state',
  'failing',
  'failed',
  'failure',
  'failures',
  'failed to start',
  'failing to start',
  'fails to start',
  "won't start",
  'wont start',
  'not starting',
  "can't start",
  'cannot start',
  "won't boot",
  'wont boot',
  "can't boot",
  'cannot boot',
  'not booting',
  'fails to boot',
  'failed to boot',
  'failing to boot',
  'unhealthy',
  'not healthy',
  'broken',
  'broke',
  'problem',
  'problems',
  'problematic',
  'issues',
  'having issues',
  'in trouble',
  'troubled',
  'degraded',
  'not working',
  'sick',
  'needs attention',
  'need attention',
  'needing attention',
  'requiring attention',
  'require attention',
  'requires attention',
  'attention',
];

const HEALTHY_PHRASES = [
  'healthy',
  'without errors',
  'without error',
  'with no errors',
  'no errors',
  'error free',
  'error-free',
  'not failing',
  'not broken',
  'working',
  'fine',
  'ok',
  'okay',
];

const OS_PHRASES: [string, OsFamily | 'linux'][] = [
  ['windows', 'windows'],
  ['win', 'windows'],
  ['windows server', 'windows'],
  ['microsoft windows', 'windows'],
  ['ms windows', 'windows'],
  ['rhel', 'rhel'],
  ['red hat', 'rhel'],
  ['redhat', 'rhel'],
  ['red hat enterprise linux', 'rhel'],
  ['red hat linux', 'rhel'],
  ['fedora', 'fedora'],
  ['centos', 'centos'],
  ['centos stream', 'centos'],
  ['ubuntu', 'ubuntu'],
  ['debian', 'debian'],
  ['opensuse', 'opensuse'],
  ['suse', 'opensuse'],
  ['sles', 'sles'],
  ['cirros', 'cirros'],
  ['linux', 'linux'],
];

const PROBLEM_NOUNS = [
  'problem',
  'problems',
  'issue',
  'issues',
  'error',
  'errors',
  'failure',
  'failures',
];

/** Problem areas → the health model's root-cause categories ("vms with storage problems"). */
const CATEGORY_AREAS: [string[], RootCauseCategory[]][] = [
  [
    ['storage', 'disk', 'volume', 'pvc', 'data volume', 'datavolume'],
    ['MissingVolume', 'StorageProvisioning', 'DataVolumeImport'],
  ],
  [['image pull', 'image', 'pull', 'registry'], ['ImagePull']],
  [['import', 'disk import'], ['DataVolumeImport']],
  [['migration', 'live migration'], ['Migration']],
  [
    ['scheduling', 'placement', 'schedule'],
    ['InsufficientResources', 'SchedulingConstraint'],
  ],
  [['resource', 'capacity'], ['InsufficientResources']],
  [['network', 'networking', 'nic', 'network attachment'], ['NetworkAttachment']],
  [['node'], ['NodeProblem']],
  [['secret', 'config map', 'configmap'], ['MissingSecretOrConfigMap']],
  [['crash', 'crash loop'], ['CrashLoop']],
];

const CATEGORY_PHRASES: [string, RootCauseCategory[]][] = [
  ...CATEGORY_AREAS.flatMap(([areas, categories]) =>
    areas.flatMap((area) =>
      PROBLEM_NOUNS.map((noun): [string, RootCauseCategory[]] => [`${area} ${noun}`, categories]),
    ),
  ),
  ['failed to migrate', ['Migration']],
  ['failed migration', ['Migration']],
  ['failed migrations', ['Migration']],
  ['migration failed', ['Migration']],
  ['cannot migrate', ['Migration']],
  ["can't migrate", ['Migration']],
  ...[
    'failed to schedule',
    'failing to schedule',
    'fails to schedule',
    'unable to schedule',
    "can't schedule",
    'cannot schedule',
    'not scheduling',
  ].map((phrase): [string, RootCauseCategory[]] => [
    phrase,
    ['InsufficientResources', 'SchedulingConstraint'],
  ]),
  ['missing secret', ['MissingSecretOrConfigMap']],
  ['missing secrets', ['MissingSecretOrConfigMap']],
  ['missing config map', ['MissingSecretOrConfigMap']],
  ['missing configmap', ['MissingSecretOrConfigMap']],
  ['missing volume', ['MissingVolume']],
  ['missing volumes', ['MissingVolume']],
  ['insufficient resources', ['InsufficientResources']],
  ['not enough resources', ['InsufficientResources']],
  ['failed import', ['DataVolumeImport']],
  ['failed imports', ['DataVolumeImport']],
  ['node not ready', ['NodeProblem']],
  ['crash looping problems', ['CrashLoop']],
];

const buildPhraseTable = (): Map<string, PhraseMeaning> => {
  const table = new Map<string, PhraseMeaning>();
  const add = (phrase: string, meaning: PhraseMeaning): void => {
    if (!table.has(phrase)) table.set(phrase, meaning);
  };
  for (const status of VM_PRINTABLE_STATUSES) {
    add(status.toLowerCase(), { kind: 'status', statuses: [status] });
    add(camelWords(status), { kind: 'status', statuses: [status] });
    STATUS_SYNONYMS[status].forEach((phrase) =>
      add(phrase, { kind: 'status', statuses: [status] }),
    );
  }
  MULTI_STATUS.forEach(([phrase, statuses]) => add(phrase, { kind: 'status', statuses }));
  GROUP_PHRASES.forEach(([phrase, group]) => add(phrase, { kind: 'group', group }));
  ERROR_PHRASES.forEach((phrase) => add(phrase, { kind: 'errors', value: true }));
  HEALTHY_PHRASES.forEach((phrase) => add(phrase, { kind: 'errors', value: false }));
  ['stuck', 'hanging', 'hung'].forEach((phrase) => add(phrase, { kind: 'stuck' }));
  OS_PHRASES.forEach(([phrase, family]) => add(phrase, { kind: 'os', family }));
  ['recent', 'recently created', 'newly created', 'recently'].forEach((phrase) =>
    add(phrase, { kind: 'recent' }),
  );
  // last: a status name ("data volume error") keeps its exact meaning
  CATEGORY_PHRASES.forEach(([phrase, categories]) => add(phrase, { kind: 'category', categories }));
  return table;
};

export const PHRASES: ReadonlyMap<string, PhraseMeaning> = buildPhraseTable();

export const MAX_PHRASE_WORDS = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));

/** Words that mean "a failure happened": they make a bare time window mean "changed", not "created". */
export const FAILURE_WORDS: ReadonlySet<string> = new Set([
  'failed',
  'failing',
  'fails',
  'failure',
  'failures',
  'crashed',
  'crashing',
  'broke',
  'broken',
  'errored',
  'erroring',
  'error',
  'errors',
  'unhealthy',
]);

/** Filler words: dropped, never a filter. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `vm vms virtual machine machines virtualmachine virtualmachines instance instances vmi vmis
  show me all that are is which who whose where the a an list find get give display search for of
  with and or in on please my our any every currently now there what those these them have has
  having being been were was be state states status statuses everything cluster clusters across
  from to by some can could you i want see need at it its their also just only both right
  let lets let's us tell how many much count is are do does which ones one kind sort
  , & + - -- : ? ! . would like looking look using use uses guest guests another what's whats their`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

export const NAMESPACE_WORDS: ReadonlySet<string> = new Set([
  'namespace',
  'namespaces',
  'ns',
  'project',
  'projects',
]);

export const NODE_WORDS: ReadonlySet<string> = new Set(['node', 'nodes', 'host', 'hosts']);

export const CONNECTORS: ReadonlySet<string> = new Set(['and', 'or', ',', '&', '+']);

/** Words with a role in some phrase: a bare `in X` never takes them as a namespace name. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...NAMESPACE_WORDS,
  ...NODE_WORDS,
  'named',
  'called',
  'name',
  'names',
  'label',
  'labels',
  'labeled',
  'labelled',
  'tagged',
  'created',
  'older',
  'newer',
  'younger',
  'last',
  'past',
  'previous',
  'today',
  'yesterday',
  'since',
  'within',
  'more',
  'less',
  'fewer',
  'than',
  'least',
  'most',
  'over',
  'under',
  'above',
  'below',
  'memory',
  'ram',
  'cpu',
  'cpus',
  'vcpu',
  'vcpus',
  'cores',
  'without',
  'not',
  'except',
  'excluding',
  'between',
  'problems',
  'issues',
]);
