import fc from 'fast-check';
import { FIXTURE_NOW, makeFixtureCluster } from '../testing/fixtureCluster';
import { chipsForCriteria, removeChip } from './chips';
import type { VmSearchCriteria } from './criteria';
import { filterVms } from './match';
import { parseVmSearchQuery } from './parse';
import { PHRASES, STOP_WORDS } from './vocabulary';

const now = FIXTURE_NOW;
const parse = (text: string) => parseVmSearchQuery(text, { now });
const GI = 1024 ** 3;

describe('parseVmSearchQuery criteria', () => {
  it.each<[string, VmSearchCriteria]>([
    ['running vms in prod-web', { namespaces: ['prod-web'], statuses: ['Running'] }],
    [
      'failing VMs in namespace prod-db and dev-bob',
      { namespaces: ['prod-db', 'dev-bob'], hasErrors: true },
    ],
    [
      'stopped or paused windows vms',
      { statuses: ['Stopped', 'Paused'], os: [{ family: 'windows' }] },
    ],
    ['rhel 9 vms with more than 4 cpus', { os: [{ family: 'rhel', version: '9' }], minCpu: 5 }],
    ['RHEL 9.2', { os: [{ family: 'rhel', version: '9.2' }] }],
    ['windows 2k22', { os: [{ family: 'windows', version: '2022' }] }],
    ['at least 8Gi memory', { minMemoryBytes: 8 * GI }],
    ['more than 8 GB of RAM', { minMemoryBytes: 8 * GI + 1 }],
    ['with 16 GB of RAM or more', { minMemoryBytes: 16 * GI }],
    ['up to 2 cpus', { maxCpu: 2 }],
    ['cpu>4', { minCpu: 5 }],
    ['memory <= 4gi', { maxMemoryBytes: 4 * GI }],
    [
      'labeled app=db on node worker-1',
      { nodes: ['worker-1'], labels: [{ key: 'app', operator: 'equals', value: 'db' }] },
    ],
    ['app = db', { labels: [{ key: 'app', operator: 'equals', value: 'db' }] }],
    ['!gpu', { labels: [{ key: 'gpu', operator: 'notExists' }] }],
    [
      'app.kubernetes.io/part-of=shop',
      { labels: [{ key: 'app.kubernetes.io/part-of', operator: 'equals', value: 'shop' }] },
    ],
    ['failed to start in the last hour', { hasErrors: true, statusChangedWithinMs: 3_600_000 }],
    ['failing vms created in the last hour', { hasErrors: true, createdWithinMs: 3_600_000 }],
    ['older than 30 days', { createdBeforeMs: 30 * 86_400_000 }],
    ['in the last 90 minutes', { createdWithinMs: 90 * 60_000 }],
    ['in ns1, ns2 and ns3', { namespaces: ['ns1', 'ns2', 'ns3'] }],
    ['in PROD-Web', { namespaces: ['prod-web'] }],
    ['crash loop', { statuses: ['CrashLoopBackOff'] }],
    ['Crash Loop Back Off', { statuses: ['CrashLoopBackOff'] }],
    ['error unschedulable', { statuses: ['ErrorUnschedulable'] }],
    ['in error', { hasErrors: true }],
    ['not running', { excludeStatuses: ['Running'] }],
    ["isn't paused or stopped", { excludeStatuses: ['Paused', 'Stopped'] }],
    ['not healthy', { hasErrors: true }],
    ['not failing', { hasErrors: false }],
    ['in migration', { statuses: ['Migrating'] }],
    ['name:db namespace:ci', { namespaces: ['ci'], nameContains: 'db' }],
    ['named web*', { nameContains: 'web*' }],
    ['foo bar', {}],
    ['"foo" bar', { nameContains: 'foo' }],
    ['"foo" "bar"', { nameContains: 'foo', text: ['bar'] }],
    ['show me all the vms', {}],
  ])('%j', (text, expected) => {
    expect(parse(text).criteria).toEqual(expected);
  });

  it('reads "today" as the start of the local day', () => {
    const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    expect(parse('created today').criteria).toEqual({ createdSince: start.toISOString() });
  });

  it('reports unrecognised words and never turns them into a filter', () => {
    const result = parse('running frobnicator vms in ci');
    expect(result.unrecognized).toEqual(['frobnicator']);
    expect(result.criteria).toEqual({ namespaces: ['ci'], statuses: ['Running'] });
  });

  it('takes a bare word as a namespace when it names a known namespace', () => {
    const result = parseVmSearchQuery('running staging vms', {
      now,
      namespaces: ['staging', 'ci'],
    });
    expect(result.criteria).toEqual({ namespaces: ['staging'], statuses: ['Running'] });
    const unknown = parse('running staging vms');
    expect(unknown.criteria).toEqual({ statuses: ['Running'] });
    expect(unknown.unrecognized).toEqual(['staging']);
  });

  it('does not take a status or OS word after "in" as a namespace', () => {
    expect(parse('vms in prod-web and running').criteria).toEqual({
      namespaces: ['prod-web'],
      statuses: ['Running'],
    });
    expect(parse('in prod-web and windows').criteria).toEqual({
      namespaces: ['prod-web'],
      os: [{ family: 'windows' }],
    });
  });
});

describe('chips', () => {
  it('shows one chip per filter value with a short English label', () => {
    const { chips } = parse(
      'running or paused vms in prod-* labeled app=db with at least 8Gi memory',
    );
    expect(chips.map((chip) => chip.label)).toEqual([
      'Namespace: prod-*',
      'Status: Running',
      'Status: Paused',
      'Label: app=db',
      'Memory: at least 8 GiB',
    ]);
    expect(new Set(chips.map((chip) => chip.id)).size).toBe(chips.length);
  });

  it.each<[VmSearchCriteria, string]>([
    [{ hasErrors: true }, 'Has errors'],
    [{ hasErrors: false }, 'Healthy'],
    [{ createdWithinMs: 7_200_000 }, 'Created: last 2 hours'],
    [{ createdBeforeMs: 30 * 86_400_000 }, 'Created: more than 30 days ago'],
    [{ statusChangedWithinMs: 3_600_000 }, 'Status changed: last 1 hour'],
    [{ nodes: ['worker-1'] }, 'Node: worker-1'],
    [{ labels: [{ key: 'tier', operator: 'notEquals', value: 'web' }] }, 'Label: tier!=web'],
    [{ labels: [{ key: 'gpu', operator: 'exists' }] }, 'Label: gpu'],
    [{ nameContains: 'db' }, 'Name contains: db'],
    [{ os: [{ family: 'rhel', version: '9' }] }, 'OS: RHEL 9'],
    [{ minCpu: 5 }, 'CPUs: at least 5'],
    [{ maxMemoryBytes: 2 * GI }, 'Memory: at most 2 GiB'],
    [{ statusGroups: ['starting'] }, 'Status group: Starting'],
    [{ text: ['foo'] }, 'Text: foo'],
    [{ excludeStatuses: ['Running'] }, 'Status: not Running'],
  ])('labels %j as %j', (criteria, label) => {
    expect(chipsForCriteria(criteria).map((chip) => chip.label)).toEqual([label]);
  });

  it('removes exactly the filter a chip shows, leaving the input untouched', () => {
    const { criteria, chips } = parse(
      'running or paused vms in prod-web labeled app=db on worker-1',
    );
    const paused = chips.find((chip) => chip.label === 'Status: Paused');
    const label = chips.find((chip) => chip.field === 'labels');
    const node = chips.find((chip) => chip.field === 'nodes');
    if (!paused || !label || !node) throw new Error('missing chips');
    const withoutPaused = removeChip(criteria, paused);
    expect(withoutPaused.statuses).toEqual(['Running']);
    expect(criteria.statuses).toEqual(['Running', 'Paused']);
    const withoutLabel = removeChip(withoutPaused, label);
    expect(withoutLabel.labels).toBeUndefined();
    expect(removeChip(withoutLabel, node)).toEqual({
      namespaces: ['prod-web'],
      statuses: ['Running'],
    });
  });

  it('widens the result when a chip is removed', () => {
    const cluster = makeFixtureCluster({ now });
    const { criteria, chips } = parse('paused vms in staging');
    expect(filterVms(cluster, criteria, { now }).map((e) => e.vm.metadata?.name)).toEqual([
      'stg-db-02',
    ]);
    const namespaceChip = chips.find((chip) => chip.field === 'namespaces');
    if (!namespaceChip) throw new Error('no namespace chip');
    const wider = filterVms(cluster, removeChip(criteria, namespaceChip), { now });
    expect(wider.map((e) => e.vm.metadata?.name).sort()).toEqual([
      'alice-centos',
      'stg-db-02',
      'web-api-02',
    ]);
  });

  it('removes scalar filters', () => {
    const { criteria, chips } = parse('healthy vms with more than 4 cpus named db');
    const remaining = chips.reduce(removeChip, criteria);
    expect(remaining).toEqual({});
  });
});

describe('hostile input', () => {
  const cluster = makeFixtureCluster({ now }).slice(0, 10);
  it.each([
    ['10k characters', 'running '.repeat(1250)],
    ['10k of one letter', 'a'.repeat(10_000)],
    ['regex metacharacters', '(a+)+$ ^.*[ ]{1,}? \\ | (?=x) \\1 $$ ((((( )))))'],
    ['star flood', '*'.repeat(10_000)],
    ['star flood name', `named ${'*a'.repeat(300)}b`],
    ['question marks', '?'.repeat(5000)],
    ['equals flood', '='.repeat(5000)],
    ['unicode', 'виртуальные машины 運行中 🚀🚀 in прод-*  ﷽ \u0000 \u202e'],
    ['in flood', 'in '.repeat(3000)],
    ['operators', '> >= < <= ≥ ≤ != == = : :: ,,, ;;;'],
    ['quotes', '"unterminated named "" "'],
    ['numbers', `more than ${'9'.repeat(400)} cpus older than 99999999 days`],
    ['colons', 'namespace: name: node: status: label: os: cpu:'],
    ['label junk', 'labeled =x !=y a!= !'],
    ['only whitespace', ' \t\n\r  '],
  ])('%s parses without throwing and filters', (_name, text) => {
    const result = parse(text);
    expect(JSON.parse(JSON.stringify(result.criteria))).toEqual(result.criteria);
    expect(() => filterVms(cluster, result.criteria, { now })).not.toThrow();
  });

  it('ignores input beyond 500 characters', () => {
    const text = `${'x '.repeat(250)}running`;
    expect(parse(text).criteria.statuses).toBeUndefined();
  });

  it('copes with non-string input and an invalid clock', () => {
    expect(parseVmSearchQuery(undefined as unknown as string, { now }).criteria).toEqual({});
    expect(parseVmSearchQuery('created today', { now: new Date(Number.NaN) }).criteria).toEqual({});
  });
});

describe('parser properties', () => {
  const cluster = makeFixtureCluster({ now }).slice(0, 12);
  const vocabulary = [
    ...PHRASES.keys(),
    ...STOP_WORDS,
    'in',
    'on',
    'node',
    'namespace',
    'named',
    'labeled',
    'created',
    'last',
    'older',
    'than',
    'more',
    'at',
    'least',
    'cpus',
    'memory',
    '8Gi',
    '4',
    'hours',
    'days',
    'prod-*',
    'app=db',
    'x!=y',
    '!gpu',
    'ns:ci',
    'or',
    'not',
    'non-running',
    ',',
    '"',
  ];

  it('never throws and always returns JSON-round-trippable criteria and chips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 700 }), (text) => {
        const result = parse(text);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
        filterVms(cluster, result.criteria, { now });
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on sentences built from its own vocabulary', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }), (words) => {
        const result = parse(words.join(' '));
        expect(JSON.parse(JSON.stringify(result.criteria))).toEqual(result.criteria);
        expect(result.chips.map((chip) => chip.id)).toEqual(
          chipsForCriteria(result.criteria).map((chip) => chip.id),
        );
        filterVms(cluster, result.criteria, { now });
      }),
      { numRuns: 400 },
    );
  });

  it('removing every chip always yields empty criteria', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocabulary), { maxLength: 25 }), (words) => {
        const { criteria, chips } = parse(words.join(' '));
        expect(chips.reduce(removeChip, criteria)).toEqual({});
      }),
      { numRuns: 300 },
    );
  });
});

describe('health phrases (issue 12)', () => {
  it.each<[string, VmSearchCriteria]>([
    ['vms that need attention', { hasErrors: true }],
    ['vms needing attention in prod-web', { hasErrors: true, namespaces: ['prod-web'] }],
    ['stuck vms', { stuck: true }],
    ['stuck starting vms', { stuck: true, statuses: ['Starting'] }],
    ['vms on worker-2 with more than 4 cpus', { nodes: ['worker-2'], minCpu: 5 }],
  ])('%j', (query, expected) => {
    expect(parse(query).criteria).toEqual(expected);
    expect(parse(query).unrecognized).toEqual([]);
  });

  it('labels the stuck chip', () => {
    expect(chipsForCriteria({ stuck: true, health: ['attention'] }).map((c) => c.label)).toEqual([
      'Health: Needs attention',
      'Stuck',
    ]);
  });
});
