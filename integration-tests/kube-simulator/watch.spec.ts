/**
 * Watches as kube-apiserver serves them, over WebSocket (what the OpenShift console's bridge
 * opens) and over chunked HTTP: resume from a resourceVersion, 410 Expired, bookmarks, selector
 * transitions, RBAC before the upgrade, the x/net handshake rules, close on stop.
 */
import https from 'node:https';
import {
  disposeKubeSimulator,
  startKubeSimulator,
  type KubeObject,
  type KubeSimulator,
} from './index';
import { ObjectStore } from './store';
import { openWatchSocket, rawRequest, type WsOptions, type WsWatch } from './testClient';

const ADMIN = 'admin-token';
const ALICE = 'alice-token';

const vm = (namespace: string, name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace, labels },
  spec: { runStrategy: 'Always' },
});

const VMS = '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines';

let sim: KubeSimulator;
const open: WsWatch[] = [];
const watchSocket = async (path: string, options?: WsOptions) => {
  const w = await openWatchSocket(sim, path, options);
  open.push(w);
  return w;
};
const listRv = async (path: string) =>
  (await rawRequest(sim, 'GET', path, ADMIN)).json().metadata.resourceVersion as string;
const names = (events: { type: string; object: any }[]) =>
  events.map((e) => `${e.type} ${e.object.metadata?.name ?? e.object.kind}`);

beforeAll(async () => {
  sim = await startKubeSimulator({
    objects: [
      vm('team-a', 'alpha', { app: 'db' }),
      vm('team-a', 'beta', { app: 'web' }),
      vm('team-b', 'gamma'),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'cloud-init', namespace: 'team-a' },
        type: 'Opaque',
        data: { userdata: 'c2VjcmV0' },
      },
    ],
    tokens: {
      [ADMIN]: { user: 'admin', namespaces: '*' },
      [ALICE]: { user: 'alice', namespaces: ['team-a'] },
    },
    bookmarkIntervalMs: 20,
    watchHistoryLimit: 20,
  });
});

afterEach(() => {
  open.splice(0).forEach((w) => w.close());
});

afterAll(() => disposeKubeSimulator(sim));

describe('WebSocket watch', () => {
  it('upgrades a console watch: ADDED for current objects, one JSON event per text frame', async () => {
    const w = await watchSocket(`${VMS}?watch=true`, { token: ALICE });
    const events = await w.waitFor(2);
    expect(names(events)).toEqual(['ADDED alpha', 'ADDED beta']);
    expect(w.ws.protocol).toBe('');
    for (const frame of w.frames) {
      expect(frame.binary).toBe(false);
      expect(frame.data.endsWith('\n')).toBe(true);
    }
    expect(events[0].object).toMatchObject({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
    });
    expect(sim.requests.at(-1)).toMatchObject({
      status: 101,
      websocket: true,
      watch: true,
      user: 'alice',
    });
  });

  it('from the list resourceVersion sends only later changes, with real resourceVersions', async () => {
    const rv = await listRv(VMS);
    const w = await watchSocket(`${VMS}?watch=true&resourceVersion=${rv}`, { token: ADMIN });
    const added = sim.apply(vm('team-a', 'delta', { app: 'web' }));
    sim.apply(vm('team-b', 'elsewhere'));
    sim.apply({ ...vm('team-a', 'delta', { app: 'db' }) });
    sim.delete('vm', 'team-a', 'delta');
    const events = await w.waitFor(3);
    expect(names(events)).toEqual(['ADDED delta', 'MODIFIED delta', 'DELETED delta']);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs[0]).toBe(Number(added.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(3);
    sim.delete('vm', 'team-b', 'elsewhere');
  });

  it('resumes within the history: changes made before the watch opened are replayed', async () => {
    const rv = await listRv(VMS);
    sim.apply(vm('team-a', 'epsilon'));
    sim.delete('vm', 'team-a', 'epsilon');
    const w = await watchSocket(`${VMS}?watch=true&resourceVersion=${rv}`, { token: ADMIN });
    expect(names(await w.waitFor(2))).toEqual(['ADDED epsilon', 'DELETED epsilon']);
  });

  it('answers a resourceVersion older than the history with an ERROR 410 Expired, then closes 1000', async () => {
    const rv = Number(await listRv(VMS));
    for (let i = 0; i < 45; i += 1) sim.apply(vm('team-b', `churn-${i % 3}`, { round: String(i) }));
    const compacted = sim.store.compactedRevision;
    expect(compacted).toBeGreaterThan(rv);
    const w = await watchSocket(`${VMS}?watch=true&resourceVersion=${rv}`, { token: ADMIN });
    const [event] = await w.waitFor(1);
    expect(event).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${rv} (${compacted})`,
        reason: 'Expired',
        code: 410,
      },
    });
    expect(await w.closed).toBe(1000);
  });

  it('answers a resourceVersion the store has not reached with an ERROR 504 Timeout', async () => {
    const future = Number(sim.store.resourceVersion) + 100;
    const w = await watchSocket(`${VMS}?watch=true&resourceVersion=${future}`, { token: ADMIN });
    const [event] = await w.waitFor(1);
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({ code: 504, reason: 'Timeout' });
    expect(await w.closed).toBe(1000);
  });

  it('sends BOOKMARK events when asked, carrying only kind, apiVersion and resourceVersion', async () => {
    const rv = await listRv(VMS);
    const w = await watchSocket(
      `${VMS}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`,
      {
        token: ADMIN,
      },
    );
    const [bookmark] = await w.waitFor(1);
    expect(bookmark).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'VirtualMachine',
        apiVersion: 'kubevirt.io/v1',
        metadata: { resourceVersion: sim.store.resourceVersion },
      },
    });
  });

  it('sends no BOOKMARK without allowWatchBookmarks', async () => {
    const rv = await listRv(VMS);
    const quiet = await watchSocket(`${VMS}?watch=true&resourceVersion=${rv}`, { token: ADMIN });
    const chatty = await watchSocket(
      `${VMS}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`,
      {
        token: ADMIN,
      },
    );
    await chatty.waitFor(3);
    sim.apply(vm('team-a', 'zeta'));
    expect(names(await quiet.waitFor(1))).toEqual(['ADDED zeta']);
    expect(quiet.events.filter((e) => e.type === 'BOOKMARK')).toEqual([]);
    sim.delete('vm', 'team-a', 'zeta');
  });

  it('follows label selector transitions: entering is ADDED, leaving is DELETED', async () => {
    const rv = await listRv(VMS);
    const w = await watchSocket(`${VMS}?watch=true&resourceVersion=${rv}&labelSelector=app%3Ddb`, {
      token: ADMIN,
    });
    sim.apply(vm('team-a', 'eta', { app: 'web' })); // not selected
    sim.apply(vm('team-a', 'eta', { app: 'db' })); // enters
    sim.apply(vm('team-a', 'eta', { app: 'db', extra: 'x' })); // stays
    const left = sim.apply(vm('team-a', 'eta', { app: 'web' })); // leaves
    sim.delete('vm', 'team-a', 'eta'); // not selected any more
    const events = await w.waitFor(3);
    expect(names(events)).toEqual(['ADDED eta', 'MODIFIED eta', 'DELETED eta']);
    expect(events[2].object.metadata.labels).toEqual({ app: 'db', extra: 'x' });
    expect(events[2].object.metadata.resourceVersion).toBe(left.metadata.resourceVersion);
  });

  it('watches one object by fieldSelector=metadata.name, as the console watches a detail page', async () => {
    const w = await watchSocket(`${VMS}?watch=true&fieldSelector=metadata.name%3Dbeta`, {
      token: ALICE,
    });
    expect(names(await w.waitFor(1))).toEqual(['ADDED beta']);
    sim.apply(vm('team-a', 'alpha', { app: 'db', touched: 'yes' }));
    sim.apply(vm('team-a', 'beta', { app: 'web', touched: 'yes' }));
    expect(names(await w.waitFor(2))).toEqual(['ADDED beta', 'MODIFIED beta']);
  });

  it('carries whole objects, Secrets included, like the real server', async () => {
    const w = await watchSocket('/api/v1/namespaces/team-a/secrets?watch=true', { token: ADMIN });
    const [event] = await w.waitFor(1);
    expect(event.object).toMatchObject({ kind: 'Secret', data: { userdata: 'c2VjcmV0' } });
  });

  it('echoes a single offered subprotocol and keeps frames plain JSON', async () => {
    const w = await watchSocket(`${VMS}?watch=true`, {
      token: ADMIN,
      protocols: ['base64.binary.k8s.io'],
    });
    expect(w.ws.protocol).toBe('base64.binary.k8s.io');
    const [event] = await w.waitFor(1);
    expect(event.type).toBe('ADDED');
  });

  it('refuses before upgrading: 401 without a token, 403 Status for a namespace out of reach', async () => {
    await expect(openWatchSocket(sim, `${VMS}?watch=true`)).rejects.toMatchObject({ status: 401 });
    const refused = await openWatchSocket(
      sim,
      '/apis/kubevirt.io/v1/namespaces/team-b/virtualmachines?watch=true',
      {
        token: ALICE,
      },
    ).catch((e: { status: number; body: string }) => e);
    expect(refused).toMatchObject({ status: 403 });
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({
      kind: 'Status',
      code: 403,
      message:
        'virtualmachines.kubevirt.io is forbidden: User "alice" cannot watch resource "virtualmachines" in API group "kubevirt.io" in the namespace "team-b"',
    });
    expect(sim.requests.at(-1)).toMatchObject({ status: 403, websocket: true });
  });

  it('follows x/net/websocket: 403 without Origin, 400 for two subprotocols, 400 for a non-watch', async () => {
    await expect(
      openWatchSocket(sim, `${VMS}?watch=true`, { token: ADMIN, origin: null }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      openWatchSocket(sim, `${VMS}?watch=true`, {
        token: ADMIN,
        protocols: ['a.k8s.io', 'b.k8s.io'],
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(openWatchSocket(sim, VMS, { token: ADMIN })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("reads the first Origin like Go: the bridge sends the browser's and its own", async () => {
    const w = await watchSocket(`${VMS}?watch=true`, {
      token: ADMIN,
      origin: null,
      headers: { Origin: ['https://console.example.com:9000', 'http://localhost'] },
    });
    expect((await w.waitFor(1))[0].type).toBe('ADDED');
  });

  it('closes open watches with 1000 when the server stops', async () => {
    const w = await openWatchSocket(sim, `${VMS}?watch=true`, { token: ADMIN });
    await w.waitFor(1);
    await sim.stop();
    expect(await w.closed).toBe(1000);
    await sim.restart();
  });
});

describe('chunked HTTP watch', () => {
  const httpWatch = (path: string, until: (lines: string[]) => boolean) =>
    new Promise<string[]>((resolve, reject) => {
      const lines: string[] = [];
      const req = https.get(
        `${sim.url}${path}`,
        { ca: sim.caPem, headers: { Authorization: `Bearer ${ADMIN}` } },
        (res) => {
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            const parts = buffer.split('\n');
            buffer = parts.pop() ?? '';
            lines.push(...parts.filter(Boolean));
            if (until(lines)) {
              req.destroy();
              resolve(lines);
            }
          });
          res.on('end', () => resolve(lines));
        },
      );
      req.on('error', reject);
    });

  it('replays from a resourceVersion and answers an expired one with ERROR 410', async () => {
    const rv = await listRv(VMS);
    sim.apply(vm('team-a', 'theta'));
    sim.delete('vm', 'team-a', 'theta');
    const lines = await httpWatch(`${VMS}?watch=true&resourceVersion=${rv}`, (l) => l.length >= 2);
    expect(lines.map((l) => JSON.parse(l).type)).toEqual(['ADDED', 'DELETED']);
    const expiredLines = await httpWatch(
      `${VMS}?watch=true&resourceVersion=1`,
      (l) => l.length >= 1,
    );
    expect(JSON.parse(expiredLines[0])).toMatchObject({
      type: 'ERROR',
      object: { code: 410, reason: 'Expired' },
    });
  });

  it('ends after timeoutSeconds', async () => {
    const rv = await listRv(VMS);
    const lines = await httpWatch(
      `${VMS}?watch=true&resourceVersion=${rv}&timeoutSeconds=1`,
      () => false,
    );
    expect(lines).toEqual([]);
  });

  it('turns namespace changes into project events for the users who may see them', async () => {
    const projects = '/apis/project.openshift.io/v1/projects?watch=true';
    const rv = await listRv('/api/v1/namespaces');
    const admin = await watchSocket(`${projects}&resourceVersion=${rv}`, { token: ADMIN });
    const alice = await watchSocket(`${projects}&resourceVersion=${rv}`, { token: ALICE });
    sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-z' } });
    sim.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { touched: 'yes' } },
    });
    expect(names(await admin.waitFor(2))).toEqual(['ADDED team-z', 'MODIFIED team-a']);
    expect(admin.events[0].object).toMatchObject({
      apiVersion: 'project.openshift.io/v1',
      kind: 'Project',
    });
    expect(names(await alice.waitFor(1))).toEqual(['MODIFIED team-a']);
    sim.delete('Namespace', undefined, 'team-z');
    expect(names(await admin.waitFor(3))[2]).toBe('DELETED team-z');
  });
});

describe('store history', () => {
  it('replays the changes after a revision and reports what was compacted', () => {
    const store = new ObjectStore({ historyLimit: 3 });
    const first = store.apply(vm('ns', 'a'));
    store.apply(vm('ns', 'b'));
    store.delete('vm', 'ns', 'a');
    const since = store.changesSince(Number(first.metadata.resourceVersion) - 1);
    expect(since.ok && since.changes.map((c) => `${c.type} ${c.object.metadata.name}`)).toEqual([
      'ADDED a',
      'ADDED b',
      'DELETED a',
    ]);
    for (let i = 0; i < 10; i += 1) store.apply(vm('ns', `c${i}`));
    expect(store.changesSince(1)).toEqual({
      ok: false,
      reason: 'expired',
      compactedRevision: store.compactedRevision,
    });
    expect(store.changesSince(Number(store.resourceVersion) + 1)).toMatchObject({
      ok: false,
      reason: 'future',
    });
    const recent = store.changesSince(store.compactedRevision);
    expect(recent.ok).toBe(true);
  });

  it('stamps a DELETED event with the deletion revision and keeps the previous state', () => {
    const store = new ObjectStore();
    const seen: string[] = [];
    store.apply(vm('ns', 'a', { v: '1' }));
    store.onChange((c) =>
      seen.push(
        `${c.type} ${c.object.metadata.resourceVersion} ${c.previous?.metadata.labels?.v ?? '-'}`,
      ),
    );
    store.apply(vm('ns', 'a', { v: '2' }));
    store.delete('vm', 'ns', 'a');
    expect(seen).toEqual([`MODIFIED 4 1`, `DELETED 5 2`]);
  });
});
