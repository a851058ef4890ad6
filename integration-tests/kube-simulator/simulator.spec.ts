/**
 * The simulator driven by the real, unmodified @kubernetes/client-node through kubeconfig files,
 * over verified TLS.
 */
import * as k8s from '@kubernetes/client-node';
import https from 'node:https';
import {
  disposeKubeSimulator,
  startKubeSimulator,
  type KubeObject,
  type KubeSimulator,
} from './index';

const ADMIN = 'admin-token';
const ALICE = 'alice-token';
const BOB = 'bob-token';

const vm = (namespace: string, name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace, labels },
  spec: { runStrategy: 'Always' },
  status: { printableStatus: 'Running' },
});

const pod = (namespace: string, name: string, nodeName: string, phase: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace,
    labels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': name.split('-')[2] },
  },
  spec: { nodeName, containers: [{ name: 'compute', image: 'virt-launcher' }] },
  status: { phase },
});

const event = (
  namespace: string,
  name: string,
  kind: string,
  objectName: string,
  type: string,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace },
  involvedObject: { kind, name: objectName, namespace, apiVersion: 'kubevirt.io/v1' },
  reason: type === 'Warning' ? 'FailedMount' : 'Started',
  message: 'something happened',
  type,
});

const seed = (): KubeObject[] => [
  ...Array.from({ length: 23 }, (_, i) =>
    vm('vm-prod', `prod-vm-${String(i).padStart(2, '0')}`, {
      app: i % 3 === 0 ? 'db' : i % 3 === 1 ? 'web' : 'cache',
      tier: i < 10 ? 'gold' : 'silver',
      ...(i % 2 === 0 ? { backup: 'daily' } : {}),
      cores: String((i % 4) + 1),
    }),
  ),
  vm('team-a', 'alpha', { app: 'db' }),
  vm('team-a', 'beta', { app: 'web' }),
  vm('team-b', 'gamma', { app: 'db' }),
  pod('team-a', 'virt-launcher-alpha-abcde', 'worker-1', 'Running'),
  pod('team-a', 'virt-launcher-beta-fghij', 'worker-2', 'Pending'),
  pod('team-b', 'virt-launcher-gamma-klmno', 'worker-1', 'Running'),
  event('team-a', 'alpha.1', 'VirtualMachineInstance', 'alpha', 'Normal'),
  event('team-a', 'alpha.2', 'VirtualMachineInstance', 'alpha', 'Warning'),
  event('team-a', 'beta.1', 'VirtualMachine', 'beta', 'Warning'),
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'cloud-init', namespace: 'team-a' },
    type: 'Opaque',
    data: { userdata: 'c2VjcmV0' },
  },
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'worker-1', labels: { 'node-role.kubernetes.io/worker': '' } },
    status: {},
  },
  {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'worker-2', labels: { 'node-role.kubernetes.io/worker': '' } },
    status: {},
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard' },
    provisioner: 'kubernetes.io/no-provisioner',
  },
  {
    apiVersion: 'cdi.kubevirt.io/v1beta1',
    kind: 'DataVolume',
    metadata: { name: 'alpha-rootdisk', namespace: 'team-a' },
    status: { phase: 'Succeeded' },
  },
];

let sim: KubeSimulator;

/** A GET over TLS that trusts the simulator's CA, for what the typed client hides. */
const rawGet = (path: string, token?: string, extraHeaders: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.get(
      `${sim.url}${path}`,
      {
        ca: sim.caPem,
        headers: { ...extraHeaders, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
  });

const configFor = (
  token: string | null,
  options?: Parameters<KubeSimulator['kubeconfigFor']>[1],
) => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sim.kubeconfigFor(token, options));
  return kc;
};
const core = (token: string | null) => configFor(token).makeApiClient(k8s.CoreV1Api);
const custom = (token: string | null) => configFor(token).makeApiClient(k8s.CustomObjectsApi);

const listVms = (token: string, namespace?: string, extra: Record<string, unknown> = {}) =>
  namespace
    ? custom(token).listNamespacedCustomObject({
        group: 'kubevirt.io',
        version: 'v1',
        plural: 'virtualmachines',
        namespace,
        ...extra,
      })
    : custom(token).listClusterCustomObject({
        group: 'kubevirt.io',
        version: 'v1',
        plural: 'virtualmachines',
        ...extra,
      });

const names = (list: { items: { metadata?: { name?: string } }[] }) =>
  list.items.map((i) => i.metadata?.name);

/** The rejected call's ApiException, with the Status body parsed. */
const failure = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    if (error instanceof k8s.ApiException) {
      const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      return { code: error.code, body, headers: error.headers as Record<string, string> };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
};

beforeAll(async () => {
  sim = await startKubeSimulator({
    objects: seed(),
    tokens: {
      [ADMIN]: { user: 'admin', namespaces: '*' },
      [ALICE]: { user: 'alice', namespaces: ['team-a'] },
      [BOB]: { user: 'bob', namespaces: ['team-b', 'vm-prod'], secretsReadable: true },
    },
  });
});

afterAll(async () => {
  await disposeKubeSimulator(sim);
});

beforeEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
});

describe('get and list', () => {
  it('gets a VirtualMachine with kind and apiVersion filled', async () => {
    const obj = await custom(ADMIN).getNamespacedCustomObject({
      group: 'kubevirt.io',
      version: 'v1',
      plural: 'virtualmachines',
      namespace: 'team-a',
      name: 'alpha',
    });
    expect(obj).toMatchObject({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'alpha', namespace: 'team-a' },
    });
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(obj.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('lists a namespace as a real VirtualMachineList', async () => {
    const list = await listVms(ADMIN, 'team-a');
    expect(list).toMatchObject({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineList' });
    expect(list.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(names(list)).toEqual(['alpha', 'beta']);
  });

  it('lists across all namespaces for a cluster-wide reader', async () => {
    const list = await listVms(ADMIN);
    expect(list.items).toHaveLength(26);
    expect(
      new Set(list.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace)),
    ).toEqual(new Set(['vm-prod', 'team-a', 'team-b']));
  });

  it('serves core kinds through CoreV1Api with typed results', async () => {
    const pods = await core(ADMIN).listPodForAllNamespaces();
    expect(pods.items.map((p) => p.metadata?.name)).toHaveLength(3);
    expect(pods.items[0].spec?.containers[0].name).toBe('compute');
    const pvcs = await core(ADMIN).listNamespacedPersistentVolumeClaim({ namespace: 'team-a' });
    expect(pvcs.kind).toBe('PersistentVolumeClaimList');
    expect(pvcs.items).toEqual([]);
    const node = await core(ADMIN).readNode({ name: 'worker-1' });
    expect(node.metadata?.labels).toHaveProperty(['node-role.kubernetes.io/worker'], '');
    const namespaces = await core(ADMIN).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(['team-a', 'team-b', 'vm-prod']);
  });

  it('serves storage classes and DataVolumes', async () => {
    const storage = configFor(ADMIN).makeApiClient(k8s.StorageV1Api);
    const classes = await storage.listStorageClass();
    expect(classes.items.map((s) => s.provisioner)).toEqual(['kubernetes.io/no-provisioner']);
    const dv = await custom(ADMIN).getNamespacedCustomObject({
      group: 'cdi.kubevirt.io',
      version: 'v1beta1',
      plural: 'datavolumes',
      namespace: 'team-a',
      name: 'alpha-rootdisk',
    });
    expect(dv.status.phase).toBe('Succeeded');
  });

  it('surfaces a 404 NotFound Status through ApiException', async () => {
    const { code, body } = await failure(
      custom(ADMIN).getNamespacedCustomObject({
        group: 'kubevirt.io',
        version: 'v1',
        plural: 'virtualmachines',
        namespace: 'team-a',
        name: 'nope',
      }),
    );
    expect(code).toBe(404);
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'virtualmachines.kubevirt.io "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'kubevirt.io', kind: 'virtualmachines' },
      code: 404,
    });
    const pod404 = await failure(
      core(ADMIN).readNamespacedPod({ namespace: 'team-a', name: 'ghost' }),
    );
    expect(pod404.body.message).toBe('pods "ghost" not found');
    expect(pod404.body.details).toEqual({ name: 'ghost', kind: 'pods' });
  });

  it('refuses writes with 405 MethodNotAllowed', async () => {
    const { code, body } = await failure(
      core(ADMIN).createNamespacedConfigMap({
        namespace: 'team-a',
        body: { metadata: { name: 'x' } },
      }),
    );
    expect(code).toBe(405);
    expect(body.reason).toBe('MethodNotAllowed');
  });
});

describe('selectors', () => {
  const cases: [string, number][] = [
    ['app=db', 8],
    ['app==db', 8],
    ['app!=db', 15],
    ['app in (db,web)', 16],
    ['app notin (db, web)', 7],
    ['backup', 12],
    ['!backup', 11],
    ['app=db,tier=gold', 4],
    ['tier in (gold),backup,app!=cache', 3],
    ['cores>2', 11],
    ['cores<2', 6],
    ['missing=x', 0],
  ];
  it.each(cases)('labelSelector %s matches %i VMs in vm-prod', async (selector, count) => {
    const list = await listVms(ADMIN, 'vm-prod', { labelSelector: selector });
    expect(list.items).toHaveLength(count);
  });

  it('rejects a malformed label selector with 400', async () => {
    const { code, body } = await failure(
      listVms(ADMIN, 'vm-prod', { labelSelector: 'app in (db' }),
    );
    expect(code).toBe(400);
    expect(body.reason).toBe('BadRequest');
  });

  it('filters pods by spec.nodeName and status.phase', async () => {
    const onWorker1 = await core(ADMIN).listPodForAllNamespaces({
      fieldSelector: 'spec.nodeName=worker-1',
    });
    expect(onWorker1.items.map((p) => p.metadata?.name).sort()).toEqual([
      'virt-launcher-alpha-abcde',
      'virt-launcher-gamma-klmno',
    ]);
    const pending = await core(ADMIN).listNamespacedPod({
      namespace: 'team-a',
      fieldSelector: 'status.phase!=Running',
    });
    expect(pending.items.map((p) => p.metadata?.name)).toEqual(['virt-launcher-beta-fghij']);
  });

  it('filters events by involvedObject and type', async () => {
    const events = await core(ADMIN).listNamespacedEvent({
      namespace: 'team-a',
      fieldSelector:
        'involvedObject.kind=VirtualMachineInstance,involvedObject.name=alpha,type=Warning',
    });
    expect(events.items.map((e) => e.metadata?.name)).toEqual(['alpha.2']);
  });

  it('selects by metadata.name on a custom resource', async () => {
    const list = await listVms(ADMIN, undefined, { fieldSelector: 'metadata.name=gamma' });
    expect(names(list)).toEqual(['gamma']);
  });

  it('rejects an unsupported field like the real server', async () => {
    const { code, body } = await failure(
      listVms(ADMIN, 'team-a', { fieldSelector: 'status.printableStatus=Running' }),
    );
    expect(code).toBe(400);
    expect(body).toMatchObject({
      reason: 'BadRequest',
      message: 'field label not supported: status.printableStatus',
    });
  });
});

describe('metadata-only reads', () => {
  const accept = (as: string) => ({
    Accept: `application/json;as=${as};g=meta.k8s.io;v=v1,application/json`,
  });

  it('returns PartialObjectMetadata for one object, without the data', async () => {
    const { status, body } = await rawGet(
      '/api/v1/namespaces/team-a/secrets/cloud-init',
      ADMIN,
      accept('PartialObjectMetadata'),
    );
    expect(status).toBe(200);
    const parsed = JSON.parse(body);
    expect(parsed).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'cloud-init' },
    });
    expect(body).not.toContain('c2VjcmV0');
  });

  it('returns a PartialObjectMetadataList for lists', async () => {
    const { status, body } = await rawGet(
      '/api/v1/namespaces/team-a/secrets',
      ADMIN,
      accept('PartialObjectMetadataList'),
    );
    expect(status).toBe(200);
    const parsed = JSON.parse(body);
    expect(parsed.kind).toBe('PartialObjectMetadataList');
    expect(
      parsed.items.map((i: { kind: string; metadata: { name: string } }) => [
        i.kind,
        i.metadata.name,
      ]),
    ).toEqual([['PartialObjectMetadata', 'cloud-init']]);
    expect(body).not.toContain('c2VjcmV0');
  });

  it('answers 406 like the real server when a list is asked for as PartialObjectMetadata', async () => {
    const list = await rawGet(
      '/api/v1/namespaces/team-a/secrets',
      ADMIN,
      accept('PartialObjectMetadata'),
    );
    expect(list.status).toBe(406);
    expect(JSON.parse(list.body)).toMatchObject({
      reason: 'NotAcceptable',
      message:
        'you requested PartialObjectMetadata, but the requested object is a list (*core.SecretList)',
    });
    const one = await rawGet(
      '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines/alpha',
      ADMIN,
      accept('PartialObjectMetadataList'),
    );
    expect(one.status).toBe(406);
  });

  it('still enforces RBAC on metadata-only reads', async () => {
    const { status } = await rawGet(
      '/api/v1/namespaces/team-a/secrets/cloud-init',
      ALICE,
      accept('PartialObjectMetadata'),
    );
    expect(status).toBe(403);
  });
});

describe('paging', () => {
  it('collects every object exactly once through limit/continue', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await listVms(ADMIN, undefined, { limit: 4, _continue: token });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(
        ...page.items.map(
          (i: { metadata: { namespace: string; name: string } }) =>
            `${i.metadata.namespace}/${i.metadata.name}`,
        ),
      );
      token = page.metadata.continue || undefined;
      if (token) expect(page.metadata.remainingItemCount).toBe(26 - seen.length);
      pages += 1;
    } while (token);
    expect(pages).toBe(7);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
  });

  it('pages a selected list and keeps going when objects are added mid-walk', async () => {
    const first = await listVms(ADMIN, 'vm-prod', { labelSelector: 'app=db', limit: 3 });
    sim.apply(vm('vm-prod', 'prod-vm-zz-late', { app: 'db' }));
    try {
      const rest = await listVms(ADMIN, 'vm-prod', {
        labelSelector: 'app=db',
        _continue: first.metadata.continue,
      });
      const all = [...names(first), ...names(rest)];
      expect(all).toHaveLength(9);
      expect(new Set(all).size).toBe(9);
      expect(first.metadata.remainingItemCount).toBeUndefined();
    } finally {
      sim.delete('VirtualMachine', 'vm-prod', 'prod-vm-zz-late');
    }
  });

  it('rejects a garbage continue token with 400', async () => {
    const { code } = await failure(listVms(ADMIN, 'vm-prod', { _continue: 'not-a-token' }));
    expect(code).toBe(400);
  });
});

describe('authentication and RBAC', () => {
  it('answers 401 Unauthorized without a token', async () => {
    const { code } = await failure(listVms(null as unknown as string, 'team-a'));
    expect(code).toBe(401);
    // client-node drops 401 bodies, so read the Status with a plain HTTPS request.
    const raw = await rawGet('/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines');
    expect(raw.status).toBe(401);
    expect(JSON.parse(raw.body)).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
  });

  it('answers 401 for an unknown token', async () => {
    const { code } = await failure(core('stolen-token').listNamespacedPod({ namespace: 'team-a' }));
    expect(code).toBe(401);
  });

  it('lets alice read her namespace and forbids another one', async () => {
    expect(names(await listVms(ALICE, 'team-a'))).toEqual(['alpha', 'beta']);
    const { code, body } = await failure(listVms(ALICE, 'team-b'));
    expect(code).toBe(403);
    expect(body.message).toBe(
      'virtualmachines.kubevirt.io is forbidden: User "alice" cannot list resource "virtualmachines" in API group "kubevirt.io" in the namespace "team-b"',
    );
    const get = await failure(
      custom(ALICE).getNamespacedCustomObject({
        group: 'kubevirt.io',
        version: 'v1',
        plural: 'virtualmachines',
        namespace: 'team-b',
        name: 'gamma',
      }),
    );
    expect(get.body.message).toBe(
      'virtualmachines.kubevirt.io "gamma" is forbidden: User "alice" cannot get resource "virtualmachines" in API group "kubevirt.io" in the namespace "team-b"',
    );
    expect(get.body.details).toEqual({
      name: 'gamma',
      group: 'kubevirt.io',
      kind: 'virtualmachines',
    });
  });

  it('forbids a cluster-scoped list to a namespaced user', async () => {
    const { code, body } = await failure(listVms(ALICE));
    expect(code).toBe(403);
    expect(body.message).toBe(
      'virtualmachines.kubevirt.io is forbidden: User "alice" cannot list resource "virtualmachines" in API group "kubevirt.io" at the cluster scope',
    );
    const pods = await failure(core(ALICE).listPodForAllNamespaces());
    expect(pods.body.message).toBe(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope',
    );
    expect((await failure(core(ALICE).listNamespace())).code).toBe(403);
  });

  it('lists only the visible namespaces as projects', async () => {
    const list = (u: string) =>
      custom(u).listClusterCustomObject({
        group: 'project.openshift.io',
        version: 'v1',
        plural: 'projects',
      });
    const alice = await list(ALICE);
    expect(alice.kind).toBe('ProjectList');
    expect(names(alice)).toEqual(['team-a']);
    expect(alice.items[0]).toMatchObject({
      apiVersion: 'project.openshift.io/v1',
      kind: 'Project',
      status: { phase: 'Active' },
    });
    expect(names(await list(BOB))).toEqual(['team-b', 'vm-prod']);
    expect(names(await list(ADMIN))).toEqual(['team-a', 'team-b', 'vm-prod']);
  });

  it('lets every user read nodes and storage classes', async () => {
    expect((await core(ALICE).listNode()).items).toHaveLength(2);
    expect(
      (await configFor(ALICE).makeApiClient(k8s.StorageV1Api).listStorageClass()).items,
    ).toHaveLength(1);
  });

  it('keeps secrets from namespaced users unless granted', async () => {
    expect(
      (await failure(core(ALICE).readNamespacedSecret({ namespace: 'team-a', name: 'cloud-init' })))
        .code,
    ).toBe(403);
    expect(
      (await core(ADMIN).readNamespacedSecret({ namespace: 'team-a', name: 'cloud-init' })).type,
    ).toBe('Opaque');
    expect((await core(BOB).listNamespacedSecret({ namespace: 'team-b' })).items).toEqual([]);
    expect((await failure(core(BOB).listNamespacedSecret({ namespace: 'team-a' }))).code).toBe(403);
  });
});

describe('faults, latency and lifecycle', () => {
  it('answers an injected 429 with Retry-After, then recovers', async () => {
    const fault = sim.setFault({
      match: { path: '/namespaces/team-a/virtualmachines', times: 1 },
      status: 429,
      retryAfterSeconds: 3,
    });
    const { code, body, headers } = await failure(listVms(ADMIN, 'team-a'));
    expect(code).toBe(429);
    expect(headers['retry-after']).toBe('3');
    expect(body).toMatchObject({
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 3 },
      code: 429,
    });
    expect(fault.hits).toBe(1);
    expect(names(await listVms(ADMIN, 'team-a'))).toEqual(['alpha', 'beta']);
  });

  it('answers an injected 500 InternalError for matching method and user only', async () => {
    sim.setFault({
      match: { path: /\/pods$/, method: 'GET', user: 'alice' },
      status: 500,
      message: 'etcdserver: request timed out',
    });
    const { code, body } = await failure(core(ALICE).listNamespacedPod({ namespace: 'team-a' }));
    expect(code).toBe(500);
    expect(body).toMatchObject({
      reason: 'InternalError',
      message: 'Internal error occurred: etcdserver: request timed out',
    });
    expect((await core(ADMIN).listNamespacedPod({ namespace: 'team-a' })).items).toHaveLength(2);
  });

  it('serves a slow call after hangMs, and a 503 with Retry-After', async () => {
    sim.resetRequestLog();
    const slow = sim.setFault({
      match: { path: '/namespaces/team-b/virtualmachines', times: 1 },
      hangMs: 40,
    });
    expect(names(await listVms(ADMIN, 'team-b'))).toEqual(['gamma']);
    expect(slow.hits).toBe(1);
    // The server holds the answer at least hangMs: a property of the log, not a timing assertion.
    expect(sim.requests[0].durationMs).toBeGreaterThanOrEqual(39);
    sim.setFault({ match: { method: 'GET', times: 1 }, status: 503, retryAfterSeconds: 1 });
    const { code, body, headers } = await failure(listVms(ADMIN, 'team-b'));
    expect(code).toBe(503);
    expect(headers['retry-after']).toBe('1');
    expect(body.reason).toBe('ServiceUnavailable');
  });

  it('resets the connection', async () => {
    sim.setFault({ match: { path: 'virtualmachines', times: 1 }, resetConnection: true });
    sim.resetRequestLog();
    await expect(listVms(ADMIN, 'team-a')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sim.requests[0]).toMatchObject({
      status: 0,
      reset: true,
      path: '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines',
    });
  });

  it('records injected latency and the query in the request log', async () => {
    sim.setLatency(30);
    sim.resetRequestLog();
    await listVms(BOB, 'vm-prod', { labelSelector: 'app=db', limit: 2 });
    expect(sim.requests).toHaveLength(1);
    const [entry] = sim.requests;
    expect(entry).toMatchObject({
      method: 'GET',
      user: 'bob',
      status: 200,
      latencyMs: 30,
      query: { labelSelector: 'app=db', limit: '2' },
    });
    expect(entry.end).toBeGreaterThan(entry.start);
  });

  it('really verifies TLS: a client trusting another CA fails, insecure-skip-tls-verify works', async () => {
    const other = await startKubeSimulator();
    try {
      const wrong = configFor(ADMIN, { caPem: other.caPem }).makeApiClient(k8s.CoreV1Api);
      await expect(wrong.listNamespacedPod({ namespace: 'team-a' })).rejects.toThrow(
        /certificate/i,
      );
      const insecure = configFor(ADMIN, { insecureSkipTlsVerify: true }).makeApiClient(
        k8s.CoreV1Api,
      );
      expect((await insecure.listNamespacedPod({ namespace: 'team-a' })).items).toHaveLength(2);
    } finally {
      await disposeKubeSimulator(other);
    }
  });

  it('restarts on the same port and keeps its objects', async () => {
    const api = core(ADMIN);
    const port = sim.port;
    await sim.stop();
    expect(sim.running).toBe(false);
    await expect(api.listNamespacedPod({ namespace: 'team-a' })).rejects.toThrow(/ECONNREFUSED/);
    await sim.restart();
    expect(sim.port).toBe(port);
    expect((await api.listNamespacedPod({ namespace: 'team-a' })).items).toHaveLength(2);
  });

  it('streams a watch: current objects, then changes', async () => {
    const events: string[] = [];
    let ready: () => void = () => undefined;
    let expected = 0;
    const reached = (n: number) =>
      new Promise<void>((resolve) => {
        expected = n;
        ready = resolve;
        if (events.length >= n) resolve();
      });
    const watch = new k8s.Watch(configFor(ALICE));
    const controller = await watch.watch(
      '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines',
      { labelSelector: 'app' },
      (type: string, obj: { metadata: { name: string } }) => {
        events.push(`${type} ${obj.metadata.name}`);
        if (events.length >= expected) ready();
      },
      () => undefined,
    );
    try {
      await reached(2);
      sim.apply(vm('team-a', 'delta', { app: 'web' }));
      sim.apply(vm('team-b', 'elsewhere', { app: 'web' }));
      sim.delete('vm', 'team-a', 'delta');
      await reached(4);
      expect(events).toEqual(['ADDED alpha', 'ADDED beta', 'ADDED delta', 'DELETED delta']);
    } finally {
      controller.abort();
      sim.delete('vm', 'team-b', 'elsewhere');
    }
  });

  it('serves discovery, version and health', async () => {
    expect(await rawGet('/healthz')).toEqual({ status: 200, body: 'ok' });
    const kc = configFor(ADMIN);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.\d+/);
    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'kubevirt.io',
        'cdi.kubevirt.io',
        'storage.k8s.io',
        'k8s.cni.cncf.io',
        'project.openshift.io',
      ]),
    );
    const resources = await kc
      .makeApiClient(k8s.CustomObjectsApi)
      .getAPIResources({ group: 'kubevirt.io', version: 'v1' });
    expect(resources.resources.map((r) => r.name)).toContain('virtualmachineinstances');
  });
});
