/**
 * The streaming search (issue 15): the same answer as matching the whole joined fleet, with a
 * bounded top-`limit`, compact VMIs, and partial results reported for lists that end early
 * (410 Gone mid-way, oversize pages, a namespace gone mid-way). The tool runs in-process against
 * the kube simulator with a small page size so every case spans several pages.
 */
import { KubeConfig } from '@kubernetes/client-node';
import {
  disposeKubeSimulator,
  startKubeSimulator,
  type KubeObject,
  type KubeSimulator,
} from '../../../../integration-tests/kube-simulator';
import { buildDemoCluster } from '../../../../integration-tests/fixtures/demo-cluster';
import { buildLargeCluster } from '../../../../integration-tests/fixtures/demo-cluster/largeCluster';
import { vmHealth } from '../../../../src/kubevirt/health';
import { matchesVmSearch, parseVmSearchQuery } from '../../../../src/kubevirt/search';
import type { VirtualMachine, VirtualMachineInstance } from '../../../../src/kubevirt/types';
import { joinVmEntries, vmEffectiveSize, vmNode, vmOS } from '../../../../src/kubevirt/vm';
import { INSTANCETYPE_RESOURCES, RESOURCES } from '../../k8s/resources';
import { DEFAULT_REST_OPTIONS, KubeRest, type KubeRestOptions } from '../../k8s/rest';
import { searchVirtualMachinesTool } from '../searchVirtualMachines';
import { compactVmi, TopMatches } from './streaming';

jest.setTimeout(30_000);

const ADMIN = 'stream-admin-token';
const VIEWER = 'stream-viewer-token';
const NOW = new Date();

const restFor = (sim: KubeSimulator, token: string, options: Partial<KubeRestOptions> = {}) => {
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigFor(token));
  return new KubeRest(kc, { ...DEFAULT_REST_OPTIONS, backoffBaseMs: 1, pageSize: 7, ...options });
};

type Output = Awaited<ReturnType<typeof searchVirtualMachinesTool.run>>;
type Structured = Output['structured'];

const search = async (rest: KubeRest, args: Record<string, unknown>) => {
  const out = await searchVirtualMachinesTool.run(args as never, { rest, now: NOW });
  return { structured: out.structured as Structured, text: out.render(out.structured) };
};

/** Matches only the `nth` request matching `pattern` (the simulator's faults test a RegExp). */
class NthMatch extends RegExp {
  private seen = 0;
  constructor(
    pattern: RegExp,
    private readonly nth: number,
  ) {
    super(pattern.source);
  }
  test(text: string): boolean {
    if (!super.test(text)) return false;
    this.seen += 1;
    return this.seen === this.nth;
  }
}

const rowKeys = (s: Structured) => s.vms.map((vm) => `${vm.namespace}/${vm.name}`);

describe('TopMatches', () => {
  it('keeps exactly the first `limit` keys of a full localeCompare sort', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const keys = Array.from(
      { length: 2000 },
      (_, i) => `ns-${random() % 40}/Vm-${random() % 997}-${i}`,
    );
    for (const limit of [1, 13, 500, 5000]) {
      const top = new TopMatches<string>(limit);
      for (const key of keys) top.offer(key, key);
      const expected = [...keys].sort((a, b) => a.localeCompare(b)).slice(0, limit);
      expect(top.toArray()).toEqual(expected);
    }
  });
});

describe('streaming search = matching the whole fleet', () => {
  let sim: KubeSimulator;
  let rest: KubeRest;
  beforeAll(async () => {
    sim = await startKubeSimulator({
      objects: [...buildDemoCluster(), ...buildLargeCluster({ vms: 300, namespaces: 9 })],
      tokens: { [ADMIN]: { user: 'admin', namespaces: '*' } },
    });
    rest = restFor(sim, ADMIN);
  });
  afterAll(() => disposeKubeSimulator(sim));

  const QUERIES = [
    'running vms',
    'vms on node worker-1',
    'windows vms',
    'linux vms with more than 2 cpus',
    'vms with errors',
    'healthy vms',
    'stuck vms',
    'vms with at least 8 GiB memory',
    'fedora vms in bench-ns-00*',
    'vms',
  ];

  it.each(QUERIES)('%s: same total and rows, in the same order', async (query) => {
    const [vms, vmis] = await Promise.all([
      rest.list<VirtualMachine>(RESOURCES.virtualMachine),
      rest.list<VirtualMachineInstance>(RESOURCES.virtualMachineInstance),
    ]);
    const migrations = await rest.list(RESOURCES.migration);
    const instancetypes = await rest.list(INSTANCETYPE_RESOURCES.VirtualMachineClusterInstancetype);
    const { criteria } = parseVmSearchQuery(query, { now: NOW });
    const expected = joinVmEntries({
      vms,
      vmis,
      migrations: migrations as never,
      instancetypes: instancetypes as never,
    })
      .filter((entry) => matchesVmSearch(entry, criteria, { now: NOW }))
      .map((entry) => `${entry.vm.metadata?.namespace}/${entry.vm.metadata?.name}`)
      .sort((a, b) => a.localeCompare(b));
    const { structured } = await search(rest, { query, limit: 25 });
    expect(structured.total).toBe(expected.length);
    expect(rowKeys(structured)).toEqual(expected.slice(0, 25));
    expect(structured.partial).toBeUndefined();
  });

  it('a compact VMI gives the same health, node, OS and size as the whole one', async () => {
    const [vms, vmis] = await Promise.all([
      rest.list<VirtualMachine>(RESOURCES.virtualMachine),
      rest.list<VirtualMachineInstance>(RESOURCES.virtualMachineInstance),
    ]);
    const full = joinVmEntries({ vms, vmis, migrations: [] }).filter((e) => e.vmi);
    const compact = joinVmEntries({ vms, vmis: vmis.map(compactVmi), migrations: [] });
    const byKey = new Map(
      compact.map((e) => [`${e.vm.metadata?.namespace}/${e.vm.metadata?.name}`, e]),
    );
    expect(full.length).toBeGreaterThan(100);
    for (const entry of full) {
      const other = byKey.get(`${entry.vm.metadata?.namespace}/${entry.vm.metadata?.name}`)!;
      // Fresh VM objects: vmHealth caches per VM object.
      const a = { ...entry, vm: { ...entry.vm } };
      const b = { ...other, vm: { ...other.vm } };
      expect(vmHealth(b, { now: NOW })).toEqual(vmHealth(a, { now: NOW }));
      expect(vmNode(b)).toBe(vmNode(a));
      expect(vmOS(b.vm, b.vmi)).toEqual(vmOS(a.vm, a.vmi));
      expect(vmEffectiveSize(b.vm, b.vmi)).toEqual(vmEffectiveSize(a.vm, a.vmi));
    }
  });
});

describe('lists that end early are reported, never a crash', () => {
  let sim: KubeSimulator;
  const bigVm = (namespace: string, i: number, annotationBytes: number): KubeObject => ({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: {
      name: `big-${String(i).padStart(3, '0')}`,
      namespace,
      annotations: { 'bench.example/padding': 'x'.repeat(annotationBytes) },
    },
    spec: { runStrategy: 'Halted', template: { spec: { domain: { devices: {} } } } },
    status: { printableStatus: 'Stopped' },
  });

  beforeAll(async () => {
    sim = await startKubeSimulator({
      objects: buildLargeCluster({ vms: 120, namespaces: 3 }),
      tokens: {
        [ADMIN]: { user: 'admin', namespaces: '*' },
        [VIEWER]: { user: 'viewer', namespaces: ['bench-ns-000', 'bench-ns-001', 'bench-ns-002'] },
      },
    });
  });
  afterAll(() => disposeKubeSimulator(sim));
  afterEach(() => sim.clearFaults());

  it('410 Gone on a continue page: partial result with the count listed, and a clear line', async () => {
    const rest = restFor(sim, ADMIN, { pageSize: 10 });
    const complete = await search(rest, { query: 'vms', limit: 500 });
    expect(complete.structured.total).toBe(120);
    // The 4th page of the VM list: its continue token has expired.
    sim.setFault({
      match: { path: new NthMatch(/\/virtualmachines\?.*continue=/, 3) },
      status: 410,
    });
    const { structured, text } = await search(rest, { query: 'vms', limit: 500 });
    expect(structured.partial).toEqual([
      { list: 'VirtualMachine', reason: 'expired', listedBefore: 30 },
    ]);
    expect(structured.total).toBe(30);
    expect(structured.vms).toHaveLength(30);
    expect(text).toContain(
      'Partial result: the VM list expired (410 Gone) after 30 VMs; the total and the rows cover only the VMs listed before it ended; search again for a complete answer.',
    );
  });

  it('410 Gone on the VMI list (health criteria): reported as a VMI list', async () => {
    const rest = restFor(sim, ADMIN, { pageSize: 10 });
    sim.setFault({
      match: { path: /\/virtualmachineinstances\?.*continue=/, times: 1 },
      status: 410,
    });
    const { structured, text } = await search(rest, { query: 'vms on node worker-1' });
    expect(structured.partial).toEqual([
      { list: 'VirtualMachineInstance', reason: 'expired', listedBefore: 10 },
    ]);
    expect(text).toContain('Partial result: the VMI list expired (410 Gone) after 10 VMIs');
  });

  it('a namespace that becomes unreadable mid-way is reported; one gone before is not searched', async () => {
    const rest = restFor(sim, VIEWER, { pageSize: 10 });
    const complete = await search(rest, { query: 'vms', limit: 500 });
    expect(complete.structured.namespacesSearched).toHaveLength(3);
    sim.setFault({
      match: { path: /\/namespaces\/bench-ns-001\/virtualmachines\?.*continue=/, times: 1 },
      status: 404,
    });
    sim.setFault({
      match: { path: /\/namespaces\/bench-ns-002\/virtualmachines\?limit=10$/, times: 1 },
      status: 403,
    });
    const { structured, text } = await search(rest, { query: 'vms', limit: 500 });
    expect(structured.partial).toEqual([
      {
        list: 'VirtualMachine',
        reason: 'namespace_gone',
        listedBefore: 10,
        namespace: 'bench-ns-001',
      },
    ]);
    expect(structured.namespacesSearched).toEqual(['bench-ns-000', 'bench-ns-001']);
    expect(structured.total).toBe(40 + 10);
    expect(text).toContain(
      'Partial result: namespace bench-ns-001 was deleted or became unreadable during the search, after 10 VMs',
    );
  });

  it('a 10 MB page is read, later pages get smaller, and the answer is complete', async () => {
    const objects = Array.from({ length: 20 }, (_, i) => bigVm('huge-ns', i, 512 * 1024));
    for (const obj of objects) sim.apply(obj);
    try {
      const rest = restFor(sim, ADMIN, { pageSize: 500 });
      sim.resetRequestLog();
      const { structured } = await search(rest, { namespaces: ['huge-ns'], limit: 500 });
      expect(structured.partial).toBeUndefined();
      expect(structured.total).toBe(20);
      expect(structured.vms.map((vm) => vm.name)).toEqual(
        objects.map((o) => (o.metadata as { name: string }).name),
      );
      // One page over the cap (24 MiB by default is not reached: 10 MiB is read as it is).
      const limits = sim.requests
        .filter((r) => r.path.endsWith('/namespaces/huge-ns/virtualmachines'))
        .map((r) => Number(r.query.limit));
      expect(limits).toEqual([500]);

      // With a lower target, the pages after a heavy one are cut to fit it.
      const smallPages = restFor(sim, ADMIN, {
        pageSize: 8,
        targetPageBytes: 2 * 1024 * 1024,
      });
      sim.resetRequestLog();
      const again = await search(smallPages, { namespaces: ['huge-ns'], limit: 500 });
      expect(again.structured.total).toBe(20);
      const smaller = sim.requests
        .filter((r) => r.path.endsWith('/namespaces/huge-ns/virtualmachines'))
        .map((r) => Number(r.query.limit));
      expect(smaller[0]).toBe(8);
      expect(Math.max(...smaller.slice(1))).toBeLessThanOrEqual(4);
    } finally {
      for (const obj of objects) sim.delete('VirtualMachine', 'huge-ns', obj.metadata!.name!);
    }
  });

  it('a page over the cap is asked again smaller; one object over it is a partial result', async () => {
    const objects = [
      ...Array.from({ length: 6 }, (_, i) => bigVm('cap-ns', i, 300 * 1024)),
      bigVm('cap-ns', 6, 3 * 1024 * 1024),
    ];
    for (const obj of objects) sim.apply(obj);
    try {
      const rest = restFor(sim, ADMIN, { pageSize: 500, maxResponseBytes: 1024 * 1024 });
      const { structured, text } = await search(rest, { namespaces: ['cap-ns'], limit: 500 });
      expect(structured.partial).toEqual([
        { list: 'VirtualMachine', reason: 'too_large', listedBefore: 6, namespace: 'cap-ns' },
      ]);
      expect(structured.total).toBe(6);
      expect(text).toContain(
        'Partial result: the VM list in namespace cap-ns sent a page too large',
      );
    } finally {
      for (const obj of objects) sim.delete('VirtualMachine', 'cap-ns', obj.metadata!.name!);
    }
  });
});
