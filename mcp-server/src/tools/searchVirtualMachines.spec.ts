/**
 * search_virtual_machines reads the VMIs of the rows shown by list, never one GET per row
 * (issue 15), and still reports each running VM's node.
 */
import {
  disposeKubeSimulator,
  startKubeSimulator,
  type KubeSimulator,
} from '../../../integration-tests/kube-simulator';
import { buildDemoCluster, DEMO_USERS } from '../../../integration-tests/fixtures/demo-cluster';
import { buildServer, call, connectStdio, type StdioServer } from '../testing/harness';

jest.setTimeout(60_000);

const ADMIN = 'kube-simulator-admin-token';
const bob = DEMO_USERS.find((u) => u.name === 'bob')!;
let sim: KubeSimulator;
let admin: StdioServer;
let viewer: StdioServer;

beforeAll(async () => {
  buildServer();
  sim = await startKubeSimulator({
    objects: buildDemoCluster(),
    tokens: {
      [ADMIN]: { user: 'kube:admin', namespaces: '*' },
      [bob.token]: bob.grant,
    },
  });
  const args = ['--cache-ttl-seconds', '0'];
  [admin, viewer] = await Promise.all([
    connectStdio(sim.kubeconfigFor(ADMIN), args),
    connectStdio(sim.kubeconfigFor(bob.token), args),
  ]);
});

afterAll(async () => {
  await admin?.close();
  await viewer?.close();
  if (sim) await disposeKubeSimulator(sim);
});

interface Hit {
  namespace: string;
  name: string;
  status: string;
  node?: string;
}

const VMI_PATH = /\/virtualmachineinstances(\/[^/]+)?$/;

/** Searches with no criterion that needs VMIs, and returns the hits and the VMI requests it made. */
const searchAndCountVmiReads = async (server: StdioServer) => {
  const before = sim.requests.length;
  const result = await call(server.client, 'search_virtual_machines', { limit: 500 });
  expect(result.isError).toBeFalsy();
  const vmiRequests = sim.requests
    .slice(before)
    .filter((r) => r.method === 'GET' && VMI_PATH.test(r.path));
  return {
    hits: (result.structuredContent as { vms: Hit[] }).vms,
    gets: vmiRequests.filter((r) => VMI_PATH.exec(r.path)?.[1]).length,
    lists: vmiRequests.filter((r) => !VMI_PATH.exec(r.path)?.[1]),
  };
};

describe('search_virtual_machines: VMIs of the rows shown', () => {
  it('reads them by one cluster-wide list when the rows span many namespaces', async () => {
    const { hits, gets, lists } = await searchAndCountVmiReads(admin);
    const namespaces = new Set(hits.map((h) => h.namespace));
    expect(namespaces.size).toBeGreaterThan(5);
    expect(gets).toBe(0);
    expect(lists.map((r) => r.path)).toEqual(['/apis/kubevirt.io/v1/virtualmachineinstances']);
    const running = hits.filter((h) => h.status === 'Running');
    expect(running.length).toBeGreaterThan(0);
    running.forEach((h) => expect(h.node).toBeTruthy());
  });

  it('falls back to namespaced lists, never per-row GETs, for a namespaced viewer', async () => {
    const { hits, gets, lists } = await searchAndCountVmiReads(viewer);
    expect(hits.length).toBeGreaterThan(0);
    expect(gets).toBe(0);
    const namespaced = lists.filter((r) => r.path.includes('/namespaces/'));
    expect(namespaced.length).toBeLessThanOrEqual(new Set(hits.map((h) => h.namespace)).size);
    hits.filter((h) => h.status === 'Running').forEach((h) => expect(h.node).toBeTruthy());
  });
});

describe('words the parser does not understand', () => {
  it('set no filter, are reported with the nearest known word, and the text says so', async () => {
    const all = await call(admin.client, 'search_virtual_machines', { query: 'vms', limit: 500 });
    const typo = await call(admin.client, 'search_virtual_machines', {
      query: 'runnign vms',
      limit: 500,
    });
    const structured = typo.structuredContent as {
      total: number;
      notUnderstood?: { word: string; suggestion?: string }[];
    };
    // A misspelled status narrows nothing: the same VMs as no filter at all.
    expect(structured.total).toBe((all.structuredContent as { total: number }).total);
    expect(structured.notUnderstood).toContainEqual({ word: 'runnign', suggestion: 'running' });
    const text = (typo.content as { text: string }[])[0].text;
    expect(text).toContain('runnign (did you mean running?)');
  });

  it('may be namespace names: a bare namespace word filters by it, as on the search page', async () => {
    const result = await call(admin.client, 'search_virtual_machines', {
      query: 'team-a vms that are running',
      limit: 500,
    });
    const structured = result.structuredContent as {
      vms: { namespace: string; status: string }[];
      notUnderstood?: { word: string }[];
    };
    const expected = buildDemoCluster().filter(
      (o) =>
        o.kind === 'VirtualMachine' &&
        o.metadata?.namespace === 'team-a' &&
        (o as { status?: { printableStatus?: string } }).status?.printableStatus === 'Running',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(structured.vms).toHaveLength(expected.length);
    expect(new Set(structured.vms.map((vm) => vm.namespace))).toEqual(new Set(['team-a']));
    expect(structured.notUnderstood ?? []).toEqual([]);
  });
});
