/**
 * The writes of the console's confirmed fixes, through the real @kubernetes/client-node where it
 * has the call (JSON patch, replace, create, delete, watch) and raw HTTPS for virt-api's
 * subresources: status moves like KubeVirt's, stale writes get 409/422 and change nothing, RBAC
 * per token, watches see every write, and the read-only mode keeps its 405.
 */
import * as k8s from '@kubernetes/client-node';
import { DEMO_USERS } from '../fixtures/demo-cluster';
import { loadObjectsFromYaml } from './yaml';
import { scenarioFile } from '../fixtures/demo-cluster/scenarios';
import { disposeKubeSimulator, startKubeSimulator, type KubeSimulator } from './index';
import { rawRequest } from './testClient';

const NS = 'vm-dev';
const VM = 'fedora-paused-review';
const token = (name: string) => DEMO_USERS.find((u) => u.name === name)?.token as string;
const tokens = Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant]));
const seed = () => loadObjectsFromYaml(scenarioFile('paused-by-user-vm-dev.yaml'));

let sim: KubeSimulator;
const custom = (user: string) => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sim.kubeconfigFor(token(user)));
  return kc.makeApiClient(k8s.CustomObjectsApi);
};
const core = (user: string) => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(sim.kubeconfigFor(token(user)));
  return kc.makeApiClient(k8s.CoreV1Api);
};
const vmRef = {
  group: 'kubevirt.io',
  version: 'v1',
  namespace: NS,
  plural: 'virtualmachines',
  name: VM,
};
type Obj = Record<string, any>;
const getVm = async (): Promise<Obj> =>
  (await custom('admin').getNamespacedCustomObject(vmRef)) as Obj;
const vmi = () => sim.store.get('VirtualMachineInstance', NS, VM) as Obj | undefined;
const lifecycle = (user: string, kind: string, action: string) =>
  rawRequest(
    sim,
    'PUT',
    `/apis/subresources.kubevirt.io/v1/namespaces/${NS}/${kind}/${VM}/${action}`,
    token(user),
    {},
  );
const failure = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    if (error instanceof k8s.ApiException) {
      return {
        code: error.code,
        body: typeof error.body === 'string' ? JSON.parse(error.body) : error.body,
      };
    }
    throw error;
  }
  throw new Error('the call succeeded');
};

beforeEach(async () => {
  sim = await startKubeSimulator({ objects: seed(), tokens });
});
afterEach(() => disposeKubeSimulator(sim));

describe('KubeVirt lifecycle subresources', () => {
  it('unpause clears the Paused condition and the VM turns Running; a second unpause is a 409', async () => {
    expect((await getVm()).status.printableStatus).toBe('Paused');
    const res = await lifecycle('admin', 'virtualmachineinstances', 'unpause');
    expect(res.status).toBe(200);
    const vm = await getVm();
    expect(vm.status.printableStatus).toBe('Running');
    expect(vm.status.conditions.map((c: Obj) => c.type)).not.toContain('Paused');
    expect(vmi()?.status.conditions.find((c: Obj) => c.type === 'Paused')).toBeUndefined();
    const again = await lifecycle('admin', 'virtualmachineinstances', 'unpause');
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ reason: 'Conflict', message: 'VMI is not paused' });
    // pause is the inverse
    expect((await lifecycle('admin', 'virtualmachineinstances', 'pause')).status).toBe(200);
    expect((await getVm()).status.printableStatus).toBe('Paused');
  });

  it('restart makes a new VMI (new uid) with its launcher pod; stop deletes it; start brings it back', async () => {
    const before = vmi()?.metadata.uid;
    expect((await lifecycle('admin', 'virtualmachines', 'restart')).status).toBe(200);
    const after = vmi();
    expect(after?.metadata.uid).not.toBe(before);
    const pods = sim.store
      .list('Pod', NS)
      .filter((p) => p.metadata.labels?.['kubevirt.io/created-by'] === after?.metadata.uid);
    expect(pods).toHaveLength(1);
    expect((await lifecycle('admin', 'virtualmachines', 'stop')).status).toBe(200);
    expect(vmi()).toBeUndefined();
    expect((await getVm()).spec.runStrategy).toBe('Halted');
    expect((await getVm()).status.printableStatus).toBe('Stopped');
    expect((await lifecycle('admin', 'virtualmachines', 'stop')).json().message).toBe(
      'VM is not running',
    );
    expect((await lifecycle('admin', 'virtualmachines', 'start')).status).toBe(200);
    expect((await getVm()).status.printableStatus).toBe('Running');
    expect(vmi()?.status.phase).toBe('Running');
  });

  it('migrate creates a VirtualMachineInstanceMigration of the VMI', async () => {
    await lifecycle('admin', 'virtualmachineinstances', 'unpause');
    expect((await lifecycle('admin', 'virtualmachines', 'migrate')).status).toBe(200);
    const [vmim] = sim.store.list('VirtualMachineInstanceMigration', NS);
    expect(vmim).toMatchObject({
      spec: { vmiName: VM },
      metadata: { name: expect.stringMatching(/^kubevirt-migrate-vm-/) },
    });
  });

  it('refuses bob (a viewer) with the RBAC 403, and the SSAR predicts it', async () => {
    const res = await lifecycle('bob', 'virtualmachineinstances', 'unpause');
    expect(res.status).toBe(403);
    expect(res.json().message).toBe(
      `virtualmachineinstances.subresources.kubevirt.io "${VM}" is forbidden: User "bob" cannot update resource "virtualmachineinstances/unpause" in API group "subresources.kubevirt.io" in the namespace "${NS}"`,
    );
    const review = await rawRequest(
      sim,
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      token('bob'),
      {
        spec: {
          resourceAttributes: {
            group: 'subresources.kubevirt.io',
            resource: 'virtualmachineinstances',
            subresource: 'unpause',
            verb: 'update',
            namespace: NS,
            name: VM,
          },
        },
      },
    );
    expect(review.json().status.allowed).toBe(false);
    expect((await getVm()).status.printableStatus).toBe('Paused');
  });

  it('answers 404 for a VM that does not exist', async () => {
    const res = await rawRequest(
      sim,
      'PUT',
      `/apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachines/ghost/restart`,
      token('admin'),
      {},
    );
    expect(res.status).toBe(404);
  });
});

describe('PATCH and PUT of VirtualMachines', () => {
  it('a JSON patch of runStrategy guarded by resourceVersion stops the VM; a stale one is a 422 and changes nothing', async () => {
    const vm = await getVm();
    const rv = vm.metadata.resourceVersion;
    await custom('admin').patchNamespacedCustomObject({
      ...vmRef,
      body: [
        { op: 'test', path: '/metadata/resourceVersion', value: rv },
        { op: 'replace', path: '/spec/runStrategy', value: 'Halted' },
      ],
    });
    const stopped = await getVm();
    expect(stopped.spec.runStrategy).toBe('Halted');
    expect(stopped.status.printableStatus).toBe('Stopped');
    expect(vmi()).toBeUndefined();
    const stale = await failure(
      custom('admin').patchNamespacedCustomObject({
        ...vmRef,
        body: [
          { op: 'test', path: '/metadata/resourceVersion', value: rv },
          { op: 'replace', path: '/spec/runStrategy', value: 'Always' },
        ],
      }),
    );
    expect(stale.code).toBe(422);
    expect(stale.body.details.causes[0].message).toBe(
      'testing value /metadata/resourceVersion failed: test failed',
    );
    expect((await getVm()).metadata.resourceVersion).toBe(stopped.metadata.resourceVersion);
  });

  it('a merge patch and a PUT with a stale resourceVersion are 409 Conflict', async () => {
    const vm = await getVm();
    const merge = await rawRequest(
      sim,
      'PATCH',
      `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${VM}`,
      token('admin'),
      { metadata: { resourceVersion: '1', labels: { a: 'b' } } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    expect(merge.status).toBe(409);
    expect(merge.json().reason).toBe('Conflict');
    const put = await failure(
      custom('admin').replaceNamespacedCustomObject({
        ...vmRef,
        body: { ...vm, metadata: { ...vm.metadata, resourceVersion: '2' } },
      }),
    );
    expect(put.code).toBe(409);
    const ok = await rawRequest(
      sim,
      'PATCH',
      `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${VM}`,
      token('admin'),
      { metadata: { labels: { fixed: 'yes' } } },
      { 'Content-Type': 'application/strategic-merge-patch+json' },
    );
    expect(ok.status).toBe(200);
    expect((await getVm()).metadata.labels.fixed).toBe('yes');
  });

  it('refuses bob with 403', async () => {
    const denied = await failure(
      custom('bob').patchNamespacedCustomObject({
        ...vmRef,
        body: [{ op: 'replace', path: '/spec/runStrategy', value: 'Halted' }],
      }),
    );
    expect(denied.code).toBe(403);
  });
});

describe('Events and migrations', () => {
  it('creates an Event with generateName, and a named VMIM once (409 AlreadyExists after)', async () => {
    const event = (await core('admin').createNamespacedEvent({
      namespace: NS,
      body: {
        metadata: { generateName: `${VM}.kv-ls-fix-` },
        involvedObject: {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachine',
          name: VM,
          namespace: NS,
        },
        reason: 'AIFixApplied',
        message: 'applied',
        type: 'Normal',
      },
    })) as Obj;
    expect(event.metadata.name).toMatch(new RegExp(`^${VM}\\.kv-ls-fix-[a-z0-9]{5}$`));
    const events = await core('admin').listNamespacedEvent({
      namespace: NS,
      fieldSelector: 'reason=AIFixApplied',
    });
    expect(events.items.map((e) => e.metadata?.name)).toEqual([event.metadata.name]);

    const vmim = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstanceMigration',
      metadata: { name: 'm1' },
      spec: { vmiName: VM },
    };
    const ref = {
      group: 'kubevirt.io',
      version: 'v1',
      namespace: NS,
      plural: 'virtualmachineinstancemigrations',
    };
    await custom('admin').createNamespacedCustomObject({ ...ref, body: vmim });
    expect(
      (await failure(custom('admin').createNamespacedCustomObject({ ...ref, body: vmim }))).code,
    ).toBe(409);
    await custom('admin').deleteNamespacedCustomObject({ ...ref, name: 'm1' });
    expect(sim.store.list('VirtualMachineInstanceMigration', NS)).toHaveLength(0);
    expect(
      (await failure(custom('bob').createNamespacedCustomObject({ ...ref, body: vmim }))).code,
    ).toBe(403);
  });

  it('keeps the 405 for kinds the fixes do not write', async () => {
    const res = await rawRequest(
      sim,
      'POST',
      `/api/v1/namespaces/${NS}/configmaps`,
      token('admin'),
      { metadata: { name: 'x' } },
    );
    expect(res.status).toBe(405);
  });
});

describe('watches and the read-only mode', () => {
  it('a VM watch sees the unpause', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(sim.kubeconfigFor(token('admin')));
    const seen: string[] = [];
    const rv = (await getVm()).metadata.resourceVersion;
    const done = new Promise<void>((resolve) => {
      void new k8s.Watch(kc)
        .watch(
          `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines`,
          { resourceVersion: rv },
          (type, obj: Obj) => {
            seen.push(`${type} ${obj.status?.printableStatus}`);
            if (obj.status?.printableStatus === 'Running') resolve();
          },
          () => undefined,
        )
        .then((req) => done.finally(() => req.abort()));
    });
    await lifecycle('admin', 'virtualmachineinstances', 'unpause');
    await done;
    expect(seen).toContain('MODIFIED Running');
  });

  it('readOnly: every allowed write is a 405 and the VM stays paused', async () => {
    await disposeKubeSimulator(sim);
    sim = await startKubeSimulator({ objects: seed(), tokens, readOnly: true });
    expect((await lifecycle('admin', 'virtualmachineinstances', 'unpause')).status).toBe(405);
    const patch = await rawRequest(
      sim,
      'PATCH',
      `/apis/kubevirt.io/v1/namespaces/${NS}/virtualmachines/${VM}`,
      token('admin'),
      [],
      {
        'Content-Type': 'application/json-patch+json',
      },
    );
    expect(patch.status).toBe(405);
    expect((await getVm()).status.printableStatus).toBe('Paused');
  });
});
