import type { ShellModel } from './k8sModels';
import type { SocketLike, WatchDeps } from './k8sWatch';
import {
  makeQuery,
  makeWatchId,
  PARTIAL_OBJECT_METADATA_ACCEPT,
  PARTIAL_OBJECT_METADATA_LIST_ACCEPT,
  WatchStore,
} from './k8sWatch';

const PODS: ShellModel = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  namespaced: true,
};
const VMS: ShellModel = {
  group: 'kubevirt.io',
  version: 'v1',
  kind: 'VirtualMachine',
  plural: 'virtualmachines',
  namespaced: true,
};

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  closed = false;
  constructor(public url: string) {}
  close() {
    this.closed = true;
  }
  send(event: unknown) {
    this.onmessage?.({ data: `${JSON.stringify(event)}\n` });
  }
}

const obj = (name: string, rv: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: 'ns1', uid: `uid-${name}`, resourceVersion: rv },
  ...extra,
});

const setup = () => {
  jest.useFakeTimers();
  const requests: { url: string; accept?: string }[] = [];
  const sockets: FakeSocket[] = [];
  const answers: ((url: string) => Promise<Record<string, unknown>>)[] = [];
  const deps: WatchDeps = {
    fetchJSON: (url, init) => {
      requests.push({ url, accept: init?.headers?.Accept });
      const next = answers.shift();
      return next
        ? next(url)
        : Promise.reject(Object.assign(new Error('no answer'), { code: 500 }));
    },
    openSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    wsOrigin: () => 'ws://console.test',
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  };
  const store = new WatchStore(deps);
  const answer = (body: Record<string, unknown>) => answers.push(() => Promise.resolve(body));
  const flush = async () => {
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { store, requests, sockets, answer, answers, flush };
};

afterEach(() => jest.useRealTimers());

describe('list watches', () => {
  it('lists once (partialMetadata only there), then watches from the list resourceVersion', async () => {
    const { store, requests, sockets, answer, flush } = setup();
    const query = makeQuery('ns1', undefined, undefined, undefined, undefined);
    const id = makeWatchId(PODS, query);
    answer({ apiVersion: 'v1', items: [obj('a', '5')], metadata: { resourceVersion: '10' } });
    store.watchList(id, query, PODS, true);
    await flush();
    expect(requests).toEqual([
      {
        url: '/api/kubernetes/api/v1/namespaces/ns1/pods?limit=250',
        accept: PARTIAL_OBJECT_METADATA_LIST_ACCEPT,
      },
    ]);
    expect(sockets.map((s) => s.url)).toEqual([
      'ws://console.test/api/kubernetes/api/v1/namespaces/ns1/pods?watch=true&resourceVersion=10',
    ]);
    expect(store.get(id)).toMatchObject({ loaded: true, loadError: '' });
    expect((store.get(id)?.data as { kind: string }[])[0]).toMatchObject({
      kind: 'Pod',
      apiVersion: 'v1',
    });

    // Whole objects arrive on the watch and are merged; ERROR is ignored, nothing is listed again.
    sockets[0].send({ type: 'ADDED', object: obj('b', '11', { spec: { full: true } }) });
    sockets[0].send({ type: 'MODIFIED', object: obj('a', '12', { status: { phase: 'Running' } }) });
    sockets[0].send({ type: 'ERROR', object: { kind: 'Status', code: 410 } });
    jest.advanceTimersByTime(500);
    const data = store.get(id)?.data as {
      metadata: { name: string };
      spec?: unknown;
      status?: unknown;
    }[];
    expect(data.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(data[0].status).toEqual({ phase: 'Running' });
    expect(data[1].spec).toEqual({ full: true });
    sockets[0].send({ type: 'DELETED', object: obj('a', '13') });
    jest.advanceTimersByTime(500);
    expect(
      (store.get(id)?.data as { metadata: { name: string } }[]).map((o) => o.metadata.name),
    ).toEqual(['b']);
    jest.advanceTimersByTime(60_000);
    expect(requests).toHaveLength(1);
  });

  it('reads every page before watching', async () => {
    const { store, requests, sockets, answer, flush } = setup();
    const query = makeQuery(undefined, { matchLabels: { app: 'x' } });
    const id = makeWatchId(VMS, query);
    answer({ items: [obj('a', '1')], metadata: { continue: 'tok', resourceVersion: '7' } });
    answer({ items: [obj('b', '2')], metadata: { resourceVersion: '7' } });
    store.watchList(id, query, VMS);
    await flush();
    await flush();
    expect(requests.map((r) => r.url)).toEqual([
      '/api/kubernetes/apis/kubevirt.io/v1/virtualmachines?limit=250&labelSelector=app%3Dx',
      '/api/kubernetes/apis/kubevirt.io/v1/virtualmachines?limit=250&labelSelector=app%3Dx&continue=tok',
    ]);
    expect(requests.every((r) => r.accept === undefined)).toBe(true);
    expect(sockets[0].url).toBe(
      'ws://console.test/api/kubernetes/apis/kubevirt.io/v1/virtualmachines?watch=true&labelSelector=app%3Dx&resourceVersion=7',
    );
    expect((store.get(id)?.data as unknown[]).length).toBe(2);
  });

  it('lists again 15 s after the WebSocket closes abnormally (1006), keeping the data meanwhile', async () => {
    const { store, requests, sockets, answer, flush } = setup();
    const query = makeQuery('ns1');
    const id = makeWatchId(PODS, query);
    answer({ items: [obj('a', '1')], metadata: { resourceVersion: '3' } });
    store.watchList(id, query, PODS);
    await flush();
    sockets[0].onclose?.({ code: 1006 });
    expect(sockets[0].closed).toBe(true);
    expect((store.get(id)?.data as unknown[]).length).toBe(1);
    answer({ items: [obj('a', '1'), obj('c', '4')], metadata: { resourceVersion: '9' } });
    jest.advanceTimersByTime(14_999);
    expect(requests).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await flush();
    expect(requests).toHaveLength(2);
    expect(sockets[1].url).toContain('resourceVersion=9');
    expect((store.get(id)?.data as unknown[]).length).toBe(2);
  });

  it('shares one watch per id and stops it with the last user', async () => {
    const { store, requests, sockets, answer, flush } = setup();
    const query = makeQuery('ns1');
    const id = makeWatchId(PODS, query);
    answer({ items: [], metadata: { resourceVersion: '1' } });
    store.watchList(id, query, PODS);
    store.watchList(id, query, PODS);
    await flush();
    expect(requests).toHaveLength(1);
    store.stop(id);
    expect(sockets[0].closed).toBe(false);
    store.stop(id);
    expect(sockets[0].closed).toBe(true);
    expect(store.get(id)).toBeUndefined();
  });

  it('keeps the error beside stale data and retries the list', async () => {
    const { store, requests, answers, flush } = setup();
    const query = makeQuery('ns1');
    const id = makeWatchId(PODS, query);
    answers.push(() => Promise.reject(Object.assign(new Error('forbidden'), { code: 403 })));
    store.watchList(id, query, PODS);
    await flush();
    expect(store.get(id)).toMatchObject({ loaded: false, loadError: { code: 403 } });
    jest.advanceTimersByTime(15_000);
    await flush();
    expect(requests).toHaveLength(2);
  });
});

describe('object watches', () => {
  it('GETs the object (partialMetadata there) and watches it by field selector without resourceVersion', async () => {
    const { store, requests, sockets, answer, flush } = setup();
    const query = makeQuery('ns1', undefined, undefined, 'vm-1');
    const id = makeWatchId(VMS, query);
    answer(obj('vm-1', '4', { status: { printableStatus: 'Stopped' } }));
    store.watchObject(id, 'vm-1', 'ns1', query, VMS, true);
    expect(store.get(id)).toEqual({ data: null, loaded: false, loadError: '' });
    await flush();
    expect(requests).toEqual([
      {
        url: '/api/kubernetes/apis/kubevirt.io/v1/namespaces/ns1/virtualmachines/vm-1',
        accept: PARTIAL_OBJECT_METADATA_ACCEPT,
      },
    ]);
    expect(sockets[0].url).toBe(
      'ws://console.test/api/kubernetes/apis/kubevirt.io/v1/namespaces/ns1/virtualmachines?watch=true&fieldSelector=metadata.name%3Dvm-1',
    );
    expect(store.get(id)).toMatchObject({
      loaded: true,
      data: { status: { printableStatus: 'Stopped' } },
    });
    sockets[0].send({
      type: 'MODIFIED',
      object: obj('vm-1', '5', { status: { printableStatus: 'Running' } }),
    });
    jest.advanceTimersByTime(500);
    expect(store.get(id)?.data).toMatchObject({ status: { printableStatus: 'Running' } });
    // The console polls objects every 30 s besides the watch.
    answer(obj('vm-1', '5', { status: { printableStatus: 'Running' } }));
    jest.advanceTimersByTime(29_500);
    await flush();
    expect(requests).toHaveLength(2);
  });

  it('reports a failed GET as the load error', async () => {
    const { store, answers, flush } = setup();
    const query = makeQuery('ns1', undefined, undefined, 'gone');
    const id = makeWatchId(VMS, query);
    answers.push(() => Promise.reject(Object.assign(new Error('not found'), { code: 404 })));
    store.watchObject(id, 'gone', 'ns1', query, VMS);
    await flush();
    expect(store.get(id)).toMatchObject({ data: null, loaded: false, loadError: { code: 404 } });
  });
});
