/**
 * What the OpenShift console 4.22 (bridge and frontend) and kubevirt-plugin 4.22 ask of the API
 * server before a page renders: access reviews, the user, OpenShift flags, discovery, CRDs,
 * OpenAPI, the CNV objects, and writes refused the way RBAC refuses them. Served over the demo
 * cluster with its users (admin '*', alice team-a with secrets, bob team-b + vm-dev).
 */
import { buildDemoCluster, DEMO_USERS } from '../fixtures/demo-cluster';
import { disposeKubeSimulator, startKubeSimulator, type KubeSimulator } from './index';
import { rawRequest } from './testClient';

let sim: KubeSimulator;
const token = (name: string) => DEMO_USERS.find((u) => u.name === name)?.token as string;
const get = (user: string | undefined, path: string, headers?: Record<string, string>) =>
  rawRequest(sim, 'GET', path, user && token(user), undefined, headers);

const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/** The console SDK's checkAccess body (console-dynamic-plugin-sdk app/components/utils/rbac.tsx). */
const review = async (user: string, attributes: Record<string, string>) => {
  const res = await rawRequest(sim, 'POST', SSAR, token(user), {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        group: '',
        resource: '',
        subresource: '',
        verb: '',
        name: '',
        namespace: '',
        ...attributes,
      },
    },
  });
  expect(res.status).toBe(201);
  return res.json();
};

beforeAll(async () => {
  sim = await startKubeSimulator({
    objects: buildDemoCluster({ scenariosDir: null }),
    tokens: Object.fromEntries(DEMO_USERS.map((u) => [u.token, u.grant])),
  });
});

afterAll(() => disposeKubeSimulator(sim));

describe('SelfSubjectAccessReview', () => {
  it('echoes the review with status.allowed and an RBAC reason', async () => {
    const body = await review('admin', { resource: 'namespaces', verb: 'list' });
    expect(body).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { resourceAttributes: { resource: 'namespaces', verb: 'list' } },
      status: { allowed: true },
    });
    expect(body.status.reason).toMatch(
      /^RBAC: allowed by ClusterRoleBinding ".*" of ClusterRole "cluster-admin" to User "admin"$/,
    );
    const denied = await review('alice', { resource: 'namespaces', verb: 'list' });
    expect(denied.status).toEqual({ allowed: false });
  });

  it('accepts the bridge GraphQL body: no apiVersion/kind, only the set attributes', async () => {
    const res = await rawRequest(sim, 'POST', SSAR, token('bob'), {
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes: { namespace: 'team-b', verb: 'list', resource: 'pods' } },
      status: { allowed: false },
    });
    expect(res.status).toBe(201);
    expect(res.json().status.allowed).toBe(true);
  });

  // Every case asked twice: as an access review, and as the real request it predicts.
  const predictions: [string, string, string, string | undefined, string][] = [
    [
      'alice',
      'list',
      'kubevirt.io/virtualmachines',
      'team-a',
      '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines',
    ],
    [
      'alice',
      'list',
      'kubevirt.io/virtualmachines',
      'team-b',
      '/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines',
    ],
    [
      'alice',
      'list',
      'kubevirt.io/virtualmachines',
      undefined,
      '/apis/kubevirt.io/v1/virtualmachines',
    ],
    ['bob', 'list', '/secrets', 'team-b', '/api/v1/namespaces/team-b/secrets'],
    ['alice', 'list', '/secrets', 'team-a', '/api/v1/namespaces/team-a/secrets'],
    ['bob', 'list', '/nodes', undefined, '/api/v1/nodes'],
    [
      'bob',
      'list',
      'config.openshift.io/clusterversions',
      undefined,
      '/apis/config.openshift.io/v1/clusterversions',
    ],
    [
      'admin',
      'list',
      'config.openshift.io/clusterversions',
      undefined,
      '/apis/config.openshift.io/v1/clusterversions',
    ],
    [
      'bob',
      'list',
      'apiextensions.k8s.io/customresourcedefinitions',
      undefined,
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    ],
    [
      'bob',
      'list',
      'console.openshift.io/consoleplugins',
      undefined,
      '/apis/console.openshift.io/v1/consoleplugins',
    ],
    [
      'bob',
      'list',
      'hco.kubevirt.io/hyperconvergeds',
      'openshift-cnv',
      '/apis/hco.kubevirt.io/v1beta1/namespaces/openshift-cnv/hyperconvergeds',
    ],
    [
      'admin',
      'list',
      'hco.kubevirt.io/hyperconvergeds',
      'openshift-cnv',
      '/apis/hco.kubevirt.io/v1beta1/namespaces/openshift-cnv/hyperconvergeds',
    ],
    ['bob', 'list', 'user.openshift.io/users', undefined, '/apis/user.openshift.io/v1/users'],
    ['bob', 'list', '/namespaces', undefined, '/api/v1/namespaces'],
  ];
  it.each(predictions)(
    '%s %s %s in %s agrees with the request',
    async (user, verb, gr, namespace, path) => {
      const [group, resource] = gr.split('/');
      const { status } = await review(user, { group, resource, verb, namespace: namespace ?? '' });
      const res = await get(user, path);
      expect(res.status === 200).toBe(status.allowed);
      if (!status.allowed) expect(res.status).toBe(403);
    },
  );

  it('agrees with a get of a named object, including the HCO ConfigMap grant', async () => {
    for (const user of ['bob', 'admin']) {
      for (const name of ['kubevirt-ui-features', 'some-other-config']) {
        const { status } = await review(user, {
          resource: 'configmaps',
          verb: 'get',
          namespace: 'openshift-cnv',
          name,
        });
        const res = await get(user, `/api/v1/namespaces/openshift-cnv/configmaps/${name}`);
        expect([user, name, status.allowed]).toEqual([user, name, res.status !== 403]);
      }
    }
  });

  it('decides writes as RBAC would: admins yes, restricted users no (reads only)', async () => {
    const create = {
      group: 'kubevirt.io',
      resource: 'virtualmachines',
      verb: 'create',
      namespace: 'team-a',
    };
    expect((await review('admin', create)).status.allowed).toBe(true);
    expect((await review('alice', create)).status.allowed).toBe(false);
    expect(
      (
        await review('alice', {
          group: 'project.openshift.io',
          resource: 'projectrequests',
          verb: 'create',
        })
      ).status.allowed,
    ).toBe(false);
    expect(
      (
        await review('admin', {
          group: 'project.openshift.io',
          resource: 'projectrequests',
          verb: 'create',
        })
      ).status.allowed,
    ).toBe(true);
  });

  it('checks projects by the namespace the console sets to the project name', async () => {
    const attrs = (name: string) => ({
      group: 'project.openshift.io',
      resource: 'projects',
      verb: 'get',
      name,
      namespace: name,
    });
    expect((await review('bob', attrs('team-b'))).status.allowed).toBe(true);
    expect((await review('bob', attrs('team-a'))).status.allowed).toBe(false);
  });

  it('answers nonResourceAttributes: discovery paths for everyone, the rest for admins', async () => {
    const nonResource = async (user: string, path: string) =>
      (
        await rawRequest(sim, 'POST', SSAR, token(user), {
          spec: { nonResourceAttributes: { verb: 'get', path } },
        })
      ).json().status.allowed;
    expect(await nonResource('bob', '/apis')).toBe(true);
    expect(await nonResource('bob', '/metrics')).toBe(false);
    expect(await nonResource('admin', '/metrics')).toBe(true);
  });

  it('rejects a review without attributes (422) and asks for a token (401)', async () => {
    const invalid = await rawRequest(sim, 'POST', SSAR, token('bob'), { spec: {} });
    expect(invalid.status).toBe(422);
    expect(invalid.json()).toMatchObject({
      reason: 'Invalid',
      message:
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    });
    expect((await rawRequest(sim, 'POST', SSAR, undefined, { spec: {} })).status).toBe(401);
    expect((await get('bob', SSAR)).status).toBe(405);
  });
});

describe('the user', () => {
  it('answers SelfSubjectReview with the userInfo', async () => {
    const res = await rawRequest(
      sim,
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      token('alice'),
      {
        metadata: { creationTimestamp: null },
        status: { userInfo: {} },
      },
    );
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      status: {
        userInfo: {
          username: 'alice',
          groups: ['system:authenticated:oauth', 'system:authenticated'],
        },
      },
    });
    expect(res.json().status.userInfo.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves users/~ to everyone and the user list to admins only', async () => {
    const me = await get('bob', '/apis/user.openshift.io/v1/users/~');
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({
      kind: 'User',
      apiVersion: 'user.openshift.io/v1',
      metadata: { name: 'bob' },
      groups: ['system:authenticated:oauth', 'system:authenticated'],
    });
    expect((await get('bob', '/apis/user.openshift.io/v1/users/alice')).status).toBe(403);
    const all = await get('admin', '/apis/user.openshift.io/v1/users');
    expect(all.json().items.map((u: { metadata: { name: string } }) => u.metadata.name)).toEqual([
      'admin',
      'alice',
      'bob',
    ]);
    expect((await get(undefined, '/apis/user.openshift.io/v1/users/~')).status).toBe(401);
  });

  it('answers GET projectrequests like openshift-apiserver: Success, or 403 with its message', async () => {
    expect((await get('admin', '/apis/project.openshift.io/v1/projectrequests')).json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
    });
    const refused = await get('alice', '/apis/project.openshift.io/v1/projectrequests');
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({
      reason: 'Forbidden',
      message: 'You may not request a new project via this API.',
    });
  });
});

describe('writes', () => {
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x', namespace: 'team-a' },
  };

  it('refuses a restricted user with the RBAC 403 a real server sends', async () => {
    const res = await rawRequest(
      sim,
      'POST',
      '/api/v1/namespaces/team-a/configmaps',
      token('alice'),
      configMap,
    );
    expect(res.status).toBe(403);
    expect(res.json().message).toBe(
      'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "team-a"',
    );
    const patch = await rawRequest(
      sim,
      'PATCH',
      '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines/x/status',
      token('alice'),
      [],
      { 'Content-Type': 'application/json-patch+json' },
    );
    expect(patch.json().message).toBe(
      'virtualmachines.kubevirt.io "x" is forbidden: User "alice" cannot patch resource "virtualmachines/status" in API group "kubevirt.io" in the namespace "team-a"',
    );
    const del = await rawRequest(sim, 'DELETE', '/api/v1/namespaces/team-b/pods', token('alice'));
    expect(del.json().message).toContain('cannot deletecollection resource "pods"');
  });

  it('refuses an admin with 405: the simulator is read-only', async () => {
    const res = await rawRequest(
      sim,
      'POST',
      '/api/v1/namespaces/openshift-cnv/configmaps',
      token('admin'),
      configMap,
    );
    expect(res.status).toBe(405);
    expect(res.json()).toMatchObject({
      reason: 'MethodNotAllowed',
      message: 'the Kubernetes API simulator is read-only: create on configmaps is not served',
    });
    const put = await rawRequest(
      sim,
      'PUT',
      '/api/v1/namespaces/openshift-cnv/configmaps/kubevirt-ui-features',
      token('admin'),
      configMap,
    );
    expect(put.json().message).toContain('read-only: update on configmaps');
  });

  it('answers 405 for a method the path does not take, 404 for an unknown kind', async () => {
    expect(
      (await rawRequest(sim, 'POST', '/api/v1/namespaces/team-a/configmaps/x', token('admin'), {}))
        .status,
    ).toBe(405);
    expect(
      (await rawRequest(sim, 'POST', '/apis/example.com/v1/things', token('admin'), {})).status,
    ).toBe(404);
  });
});

describe('discovery and OpenShift objects', () => {
  it('lists the OpenShift and CNV groups, with the verbs a real server lists', async () => {
    const groups = (await get('bob', '/apis')).json().groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(
      expect.arrayContaining([
        'apiextensions.k8s.io',
        'authorization.k8s.io',
        'authentication.k8s.io',
        'config.openshift.io',
        'console.openshift.io',
        'hco.kubevirt.io',
        'user.openshift.io',
        'snapshot.kubevirt.io',
      ]),
    );
    const config = (await get('bob', '/apis/config.openshift.io/v1')).json();
    expect(config.resources.map((r: { name: string }) => r.name)).toEqual([
      'clusterversions',
      'infrastructures',
    ]);
    const kubevirt = (await get('bob', '/apis/kubevirt.io/v1')).json();
    expect(
      kubevirt.resources.find((r: { name: string }) => r.name === 'virtualmachines').verbs,
    ).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    const authz = (await get('bob', '/apis/authorization.k8s.io/v1')).json();
    expect(authz.resources).toEqual([
      expect.objectContaining({
        name: 'selfsubjectaccessreviews',
        verbs: ['create'],
        namespaced: false,
      }),
    ]);
  });

  it('serves a real-shaped CRD per custom kind, none for built-in kinds', async () => {
    const crds = (
      await get('admin', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')
    ).json();
    const crdNames = crds.items.map((c: { metadata: { name: string } }) => c.metadata.name);
    expect(crdNames).toEqual(
      expect.arrayContaining([
        'virtualmachines.kubevirt.io',
        'datavolumes.cdi.kubevirt.io',
        'virtualmachineclusterinstancetypes.instancetype.kubevirt.io',
        'network-attachment-definitions.k8s.cni.cncf.io',
        'volumesnapshots.snapshot.storage.k8s.io',
        'hyperconvergeds.hco.kubevirt.io',
        'clusterversions.config.openshift.io',
        'consoleplugins.console.openshift.io',
      ]),
    );
    expect(
      crdNames.filter((n: string) => /^(pods|storageclasses|projects|users)\./.test(n)),
    ).toEqual([]);
    const vmCrd = (
      await get(
        'admin',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/virtualmachines.kubevirt.io',
      )
    ).json();
    expect(vmCrd.spec).toMatchObject({
      group: 'kubevirt.io',
      scope: 'Namespaced',
      names: {
        kind: 'VirtualMachine',
        plural: 'virtualmachines',
        singular: 'virtualmachine',
        listKind: 'VirtualMachineList',
      },
      versions: [expect.objectContaining({ name: 'v1', served: true, storage: true })],
    });
    expect(vmCrd.status.conditions.map((c: { type: string }) => c.type)).toContain('Established');
  });

  it('serves ClusterVersion, Infrastructure, the HyperConverged CR and the ConsolePlugins', async () => {
    const cv = (await get('admin', '/apis/config.openshift.io/v1/clusterversions/version')).json();
    expect(cv.status.desired.version).toMatch(/^4\.22\.\d+$/);
    expect(cv.spec.clusterID).toMatch(/^[0-9a-f-]{36}$/);
    expect(cv.status.history[0]).toMatchObject({
      state: 'Completed',
      version: cv.status.desired.version,
    });
    const infra = (
      await get('admin', '/apis/config.openshift.io/v1/infrastructures/cluster')
    ).json();
    expect(infra.status).toMatchObject({
      controlPlaneTopology: 'HighlyAvailable',
      platform: 'BareMetal',
    });
    const hco = (
      await get('admin', '/apis/hco.kubevirt.io/v1beta1/namespaces/openshift-cnv/hyperconvergeds')
    ).json();
    expect(hco.items.map((h: { metadata: { name: string } }) => h.metadata.name)).toEqual([
      'kubevirt-hyperconverged',
    ]);
    const plugins = (await get('bob', '/apis/console.openshift.io/v1/consoleplugins')).json();
    expect(plugins.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([
      'kubevirt-lightspeed-plugin',
      'kubevirt-plugin',
      'lightspeed-console-plugin',
    ]);
    expect(
      (await get('bob', '/apis/console.openshift.io/v1/consoleplugins/lightspeed-console-plugin'))
        .status,
    ).toBe(200);
  });

  it('gives kubevirt-plugin its features ConfigMap with every key it would otherwise create or patch in', async () => {
    // kubevirt-plugin release-4.22 src/utils/hooks/useFeatures/constants.ts FEATURES_CONFIG_MAP_INITIAL_DATA
    const pluginKeys = [
      'automaticSubscriptionActivationKey',
      'automaticSubscriptionOrganizationId',
      'confirmVMActions',
      'disabledGuestSystemLogsAccess',
      'hideCredentialsNonPrivileged',
      'hideYamlTab',
      'kubevirtApiserverProxy',
      'loadBalancerEnabled',
      'nodePortAddress',
      'nodePortEnabled',
      'passtUDNNetwork',
      'treeViewFolders',
      'vmTemplates',
    ];
    for (const user of ['admin', 'bob']) {
      const res = await get(
        user,
        '/api/v1/namespaces/openshift-cnv/configmaps/kubevirt-ui-features',
      );
      expect(res.status).toBe(200);
      expect(Object.keys(res.json().data)).toEqual(expect.arrayContaining(pluginKeys));
    }
    expect(
      (await get('bob', '/api/v1/namespaces/openshift-cnv/configmaps/kubevirt-user-settings'))
        .status,
    ).toBe(200);
    // HyperConverged's kubevirt-ui-config-reader Role lets every user patch the settings (no watch).
    const settings = {
      resource: 'configmaps',
      namespace: 'openshift-cnv',
      name: 'kubevirt-user-settings',
    };
    expect((await review('bob', { ...settings, verb: 'patch' })).status.allowed).toBe(true);
    expect((await review('bob', { ...settings, verb: 'watch' })).status.allowed).toBe(false);
    const patch = await rawRequest(
      sim,
      'PATCH',
      '/api/v1/namespaces/openshift-cnv/configmaps/kubevirt-user-settings',
      token('bob'),
      [{ op: 'add', path: '/data/bob', value: '{}' }],
      { 'Content-Type': 'application/json-patch+json' },
    );
    expect(patch.status).toBe(405);
  });
});

describe('OpenAPI', () => {
  it('serves a Swagger 2.0 document the console can find kinds in, revalidated by ETag', async () => {
    const res = await get('bob', '/openapi/v2', { Accept: 'application/json' });
    expect(res.status).toBe(200);
    const doc = res.json();
    expect(doc).toMatchObject({ swagger: '2.0', info: { title: 'Kubernetes' } });
    expect(
      doc.definitions['io.kubevirt.v1.VirtualMachine']['x-kubernetes-group-version-kind'],
    ).toEqual([{ group: 'kubevirt.io', kind: 'VirtualMachine', version: 'v1' }]);
    expect(doc.definitions['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
    expect(doc.definitions['io.kubevirt.hco.v1beta1.HyperConverged']).toBeDefined();
    expect(doc.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(doc.paths['/apis/kubevirt.io/v1/namespaces/{namespace}/virtualmachines']).toBeDefined();
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[0-9A-F]+"$/);
    const again = await get('bob', '/openapi/v2', {
      Accept: 'application/json',
      'If-None-Match': etag,
    });
    expect(again.status).toBe(304);
    expect((await get(undefined, '/openapi/v2')).status).toBe(401);
  });

  it('serves the v3 index and each group version document it points to', async () => {
    const index = (await get('bob', '/openapi/v3')).json();
    const entry = index.paths['apis/kubevirt.io/v1'];
    expect(entry.serverRelativeURL).toMatch(
      /^\/openapi\/v3\/apis\/kubevirt\.io\/v1\?hash=[0-9A-F]{128}$/,
    );
    expect(index.paths['api/v1']).toBeDefined();
    const doc = (await get('bob', entry.serverRelativeURL)).json();
    expect(doc.openapi).toBe('3.0.0');
    expect(
      doc.components.schemas['io.kubevirt.v1.VirtualMachine']['x-kubernetes-group-version-kind'],
    ).toEqual([{ group: 'kubevirt.io', kind: 'VirtualMachine', version: 'v1' }]);
    expect((await get('bob', '/openapi/v3/apis/example.com/v1')).status).toBe(404);
  });
});

describe('expand-spec (kubevirt-plugin expands every instancetype VM before it renders a tab)', () => {
  const expandPath = (namespace: string, name: string) =>
    `/apis/subresources.kubevirt.io/v1/namespaces/${namespace}/virtualmachines/${name}/expand-spec`;

  it('writes the instancetype guest CPU and memory into the domain and drops the matchers', async () => {
    const vms = await get('admin', '/apis/kubevirt.io/v1/virtualmachines');
    const sized = ((await vms.json()).items as Record<string, any>[]).find(
      (vm) => vm.spec?.instancetype?.name === 'u1.large',
    );
    expect(sized).toBeDefined();
    const res = await get('admin', expandPath(sized!.metadata.namespace, sized!.metadata.name));
    expect(res.status).toBe(200);
    const expanded = await res.json();
    expect(expanded.spec.instancetype).toBeUndefined();
    expect(expanded.spec.template.spec.domain.cpu.sockets).toBe(2);
    expect(expanded.spec.template.spec.domain.memory.guest).toBe('8Gi');
  });

  it("answers with the caller's rights and real Status errors", async () => {
    const other = await get('alice', expandPath('team-b', 'anything'));
    expect(other.status).toBe(403);
    const missing = await get('admin', expandPath('team-a', 'no-such-vm'));
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toBe(
      'virtualmachines.kubevirt.io "no-such-vm" not found',
    );
  });
});
