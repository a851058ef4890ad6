/**
 * search_virtual_machines over stdio against the demo cluster (issue 12): the health verdict of
 * every hit, the `health` argument, and instancetype sizes ("vms on worker-2 with more than 4 cpus").
 */
import {
  disposeKubeSimulator,
  startKubeSimulator,
  type KubeSimulator,
} from '../../../integration-tests/kube-simulator';
import {
  buildDemoCluster,
  DEMO_USERS,
  loadScenarios,
} from '../../../integration-tests/fixtures/demo-cluster';
import { buildServer, call, connectStdio, type StdioServer } from '../testing/harness';

jest.setTimeout(60_000);

interface Hit {
  namespace: string;
  name: string;
  health: string;
  category?: string;
  cpu?: number;
  memory?: string;
  sizeSource: string;
  instancetype?: string;
  node?: string;
}

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
      // bob without cluster resources: the cluster instancetype list is forbidden to him.
      [bob.token]: { ...bob.grant, clusterResourcesReadable: false },
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

const search = async (server: StdioServer, args: Record<string, unknown>): Promise<Hit[]> => {
  const result = await call(server.client, 'search_virtual_machines', { limit: 500, ...args });
  expect(result.isError).toBeFalsy();
  return (result.structuredContent as { vms: Hit[] }).vms;
};
const key = (hit: Hit) => `${hit.namespace}/${hit.name}`;

describe('search_virtual_machines: health and effective size', () => {
  it('"vms on worker-2 with more than 4 cpus" finds the 8-vCPU u1.2xlarge VM', async () => {
    const hits = await search(admin, { query: 'vms on worker-2 with more than 4 cpus' });
    const notebook = hits.find((h) => key(h) === 'vm-dev/fedora-ml-notebook');
    expect(notebook).toMatchObject({ cpu: 8, memory: '32 GiB', node: 'worker-2' });
    hits.forEach((hit) => expect(hit.cpu).toBeGreaterThan(4));
  });

  it('"healthy vms" holds no scenario VM with a root cause; error+attention holds all', async () => {
    const broken = loadScenarios()
      .filter((s) => s.expect?.vm && s.expect.category && s.expect.category !== 'none')
      .map((s) => s.expect!.vm!);
    expect(broken.length).toBeGreaterThanOrEqual(30);
    const healthy = new Set((await search(admin, { query: 'healthy vms' })).map(key));
    expect(broken.filter((vm) => healthy.has(vm))).toEqual([]);
    const errors = await search(admin, { health: ['error', 'attention'] });
    expect(errors.every((hit) => hit.health === 'error' || hit.health === 'attention')).toBe(true);
    const errorKeys = new Set(errors.map(key));
    expect(broken.filter((vm) => !errorKeys.has(vm))).toEqual([]);
    const migration = errors.find((h) => key(h) === 'diag-migration-target/jenkins-controller');
    expect(migration?.category).toBe('Migration');
  });

  it('sizes a stopped instancetype VM from the instancetype, or marks it when unreadable', async () => {
    const byAdmin = await search(admin, {
      nameContains: 'win11-test-desktop',
      namespaces: ['vm-dev'],
    });
    expect(byAdmin).toEqual([
      expect.objectContaining({ cpu: 2, memory: '8 GiB', sizeSource: 'instancetype' }),
    ]);
    const byViewer = await search(viewer, {
      nameContains: 'win11-test-desktop',
      namespaces: ['vm-dev'],
    });
    expect(byViewer).toHaveLength(1);
    expect(byViewer[0]).toMatchObject({ sizeSource: 'unknown', instancetype: 'u1.large' });
    expect(byViewer[0].cpu).toBeUndefined();
  });
});
