/**
 * The console's Kubernetes watches in miniature (imitation, no upstream code), following
 * openshift/console release-4.22:
 * - `frontend/packages/console-dynamic-plugin-sdk/src/app/k8s/actions/k8s.ts` (watchK8sList,
 *   watchK8sObject, stopK8sWatch): one watch per id with reference counts; a list is read page by page
 *   (limit 250, `continue`), with the PartialObjectMetadataList Accept header on those list requests only
 *   when `partialMetadata` is set, then a WebSocket watch from the list's resourceVersion delivers whole
 *   objects; an object is read with GET (PartialObjectMetadata Accept when asked) every 30 s and watched
 *   over a WebSocket on its list path with `fieldSelector=metadata.name=<name>` and no resourceVersion,
 *   every event's object replacing the data (whatever the event type);
 * - `frontend/packages/console-dynamic-plugin-sdk/src/app/k8s/reducers/k8s.ts`: how list pages, watch
 *   events (ADDED/MODIFIED merge by namespace/name when more recent, DELETED removes, anything else such
 *   as ERROR is ignored) and errors (kept beside stale data) change the state;
 * - `frontend/packages/console-dynamic-plugin-sdk/src/utils/k8s/ws-factory.ts` and `k8sWatch` in
 *   `.../utils/k8s/k8s-utils.ts`: same-origin ws(s)://, JSON frames buffered (1000) and delivered in bulk
 *   every 500 ms, reconnect with 1 s × 1.5 backoff; for lists a 60 s budget, after which (or on a 1006
 *   close) the watch is destroyed as timed out and the list is read again 15 s later.
 * The console does not re-list on a 410/ERROR event: it logs and ignores it (reducer default branch).
 * Lists are kept in insertion order (the console's Immutable.Map does not promise any order).
 */
import type { ShellModel } from './k8sModels';
import { selectorToString } from './k8sModels';

export const PARTIAL_OBJECT_METADATA_LIST_ACCEPT =
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';
export const PARTIAL_OBJECT_METADATA_ACCEPT =
  'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json';

export const PAGE_LIMIT = 250;
export const RELIST_DELAY_MS = 15_000;
export const OBJECT_POLL_MS = 30_000;
export const LIST_WS_TIMEOUT_MS = 60_000;
const FLUSH_MS = 500;
const BUFFER_MAX = 1000;

type Json = Record<string, unknown>;
export interface K8sObj {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
  [key: string]: unknown;
}
export interface WatchEvent {
  type: string;
  object: K8sObj;
}

/** What a watch id holds: the console's `{ data, loaded, loadError }` per id. */
export interface WatchEntry {
  data: unknown;
  loaded: boolean;
  loadError: unknown;
}

export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: string }) => void) | null;
  close(): void;
}

export interface WatchDeps {
  /** GET a JSON document; rejects (with `code`) on a non-2xx answer, like consoleFetchJSON. */
  fetchJSON(url: string, init?: { headers?: Record<string, string> }): Promise<Json>;
  openSocket(url: string): SocketLike;
  /** `ws://host` or `wss://host` of the page (ws-factory host 'auto'). */
  wsOrigin(): string;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  log?(message: string): void;
}

export interface Query {
  labelSelector?: unknown;
  ns?: string;
  name?: string;
  fieldSelector?: string;
  limit?: number;
  resourceVersion?: string;
}

const isEmptyValue = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === '' ||
  (typeof v === 'object' && Object.keys(v as object).length === 0);

/** makeQuery of k8s-watcher.ts: key order labelSelector, ns, name, fieldSelector, limit. */
export const makeQuery = (
  namespace?: string,
  labelSelector?: unknown,
  fieldSelector?: string,
  name?: string,
  limit?: number,
): Query => {
  const query: Query = {};
  if (!isEmptyValue(labelSelector)) query.labelSelector = labelSelector;
  if (!isEmptyValue(namespace)) query.ns = namespace;
  if (!isEmptyValue(name)) query.name = name;
  if (fieldSelector) query.fieldSelector = fieldSelector;
  if (limit) query.limit = limit;
  return query;
};

export const modelReference = (m: ShellModel) => `${m.group || 'core'}~${m.version}~${m.kind}`;

export const makeWatchId = (model: ShellModel, query: Query) =>
  `${modelReference(model)}${Object.keys(query).length ? `---${JSON.stringify(query)}` : ''}`;

/** resourceURL of k8s-utils.ts: `/api/kubernetes` + API path, query values joined as given. */
export const resourceURL = (
  model: ShellModel,
  opts: { ns?: string; name?: string; queryParams?: Record<string, string> } = {},
) => {
  let u = model.group ? `/apis/${model.group}/${model.version}` : `/api/${model.version}`;
  if (model.namespaced && opts.ns) u += `/namespaces/${opts.ns}`;
  u += `/${model.plural}`;
  if (opts.name) u += `/${encodeURIComponent(opts.name)}`;
  const q = Object.entries(opts.queryParams ?? {});
  if (q.length) u += `?${q.map(([k, v]) => `${k}=${v}`).join('&')}`;
  return `/api/kubernetes${u}`;
};

/** k8sList's URL: every query value but `ns` URI-encoded, label selectors as strings. */
export const listURL = (model: ShellModel, queryParams: Record<string, unknown>) => {
  const query = Object.entries(queryParams)
    .filter(([k]) => k !== 'ns')
    .map(([k, v]) => {
      const value = k === 'labelSelector' ? (selectorToString(v) ?? '') : String(v);
      return `${encodeURIComponent(k)}=${encodeURIComponent(value)}`;
    })
    .join('&');
  return `${resourceURL(model, { ns: queryParams.ns as string | undefined })}?${query}`;
};

/** k8sWatch's path: watch=true, then label selector, field selector, resourceVersion (name ignored). */
export const watchURL = (model: ShellModel, query: Query) => {
  const queryParams: Record<string, string> = { watch: 'true' };
  const labels = query.labelSelector ? selectorToString(query.labelSelector) : undefined;
  if (labels) queryParams.labelSelector = encodeURIComponent(labels);
  if (query.fieldSelector) queryParams.fieldSelector = encodeURIComponent(query.fieldSelector);
  if (query.resourceVersion)
    queryParams.resourceVersion = encodeURIComponent(query.resourceVersion);
  return resourceURL(model, { ns: query.ns, queryParams });
};

// ---- the WebSocket wrapper (ws-factory) ----

interface SocketOptions {
  reconnect: boolean;
  timeout?: number;
}

export class WatchSocket {
  private state: 'init' | 'open' | 'closed' | 'error' | 'destroyed' = 'init';
  private ws: SocketLike | undefined;
  private buffer: unknown[] = [];
  private connectionAttempt: unknown = null;
  private readonly flusher: unknown;
  private readonly handlers = {
    close: [] as ((ev: { code: number }) => void)[],
    destroy: [] as ((data: unknown) => void)[],
    bulkmessage: [] as ((events: unknown[]) => void)[],
  };

  constructor(
    private readonly deps: WatchDeps,
    private readonly path: string,
    private readonly options: SocketOptions,
  ) {
    this.connect();
    this.flusher = deps.setInterval(() => this.flush(), FLUSH_MS);
  }

  private connect() {
    this.state = 'init';
    this.buffer = [];
    try {
      this.ws = this.deps.openSocket(`${this.deps.wsOrigin()}${this.path}`);
    } catch {
      this.reconnect();
      return;
    }
    const ws = this.ws;
    ws.onopen = () => {
      this.state = 'open';
      if (this.connectionAttempt) {
        this.deps.clearTimeout(this.connectionAttempt);
        this.connectionAttempt = null;
      }
    };
    ws.onclose = (ev) => {
      this.state = 'closed';
      this.trigger('close', ev);
      this.reconnect();
    };
    ws.onerror = () => {
      this.state = 'error';
    };
    ws.onmessage = (ev) => {
      const message = JSON.parse(ev.data);
      if (this.state !== 'destroyed' && this.state !== 'closed') this.state = 'open';
      if (this.state === 'destroyed') return;
      this.buffer.push(message);
      if (this.buffer.length > BUFFER_MAX) this.buffer.shift();
    };
  }

  private reconnect() {
    if (this.connectionAttempt || this.state === 'destroyed') return;
    let delay = 1000;
    const attempt = () => {
      if (!this.options.reconnect || this.state === 'open') {
        this.connectionAttempt = null;
        return;
      }
      if (this.options.timeout && delay > this.options.timeout) {
        this.connectionAttempt = null;
        this.destroy();
        return;
      }
      this.connect();
      delay = Math.round(Math.min(1.5 * delay, 60_000));
      this.connectionAttempt = this.deps.setTimeout(attempt, delay);
    };
    this.connectionAttempt = this.deps.setTimeout(attempt, delay);
  }

  private trigger(type: 'close' | 'destroy' | 'bulkmessage', data: unknown) {
    if (this.state === 'destroyed') return;
    for (const h of this.handlers[type] as ((d: unknown) => void)[]) {
      try {
        h(data);
      } catch (e) {
        this.deps.log?.(`WS handling failed: ${String(e)}`);
      }
    }
  }

  flush() {
    if (!this.buffer.length || !this.handlers.bulkmessage.length) return;
    const events = this.buffer;
    this.buffer = [];
    this.trigger('bulkmessage', events);
  }

  onclose(fn: (ev: { code: number }) => void) {
    if (this.state !== 'destroyed') this.handlers.close.push(fn);
    return this;
  }

  ondestroy(fn: (data: unknown) => void) {
    if (this.state !== 'destroyed') this.handlers.destroy.push(fn);
    return this;
  }

  onbulkmessage(fn: (events: unknown[]) => void) {
    if (this.state !== 'destroyed') this.handlers.bulkmessage.push(fn);
    return this;
  }

  getState() {
    return this.state;
  }

  destroy(eventData?: unknown) {
    if (this.state === 'destroyed') return;
    const ws = this.ws;
    if (ws) {
      ws.onopen = null;
      ws.onclose = null;
      ws.onerror = null;
      ws.onmessage = null;
      try {
        ws.close();
      } catch {
        // closing a socket that never opened
      }
      this.ws = undefined;
    }
    this.deps.clearInterval(this.flusher);
    if (this.connectionAttempt) this.deps.clearTimeout(this.connectionAttempt);
    this.trigger('destroy', eventData);
    this.state = 'destroyed';
    this.buffer = [];
  }
}

// ---- state changes (the reducer) ----

const qualifiedName = (obj: K8sObj) =>
  (obj.metadata?.namespace ? `(${obj.metadata.namespace})-` : '') + (obj.metadata?.name ?? '');

const moreRecent = (a: K8sObj, b: K8sObj) => {
  if (a.metadata?.uid !== b.metadata?.uid)
    return (
      new Date(a.metadata?.creationTimestamp ?? 0) > new Date(b.metadata?.creationTimestamp ?? 0)
    );
  return (
    parseInt(a.metadata?.resourceVersion ?? '', 10) >
    parseInt(b.metadata?.resourceVersion ?? '', 10)
  );
};

export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Json)[k], (b as Json)[k]));
};

const withoutResourceVersion = (o: K8sObj): K8sObj => ({
  ...o,
  metadata: { ...o.metadata, resourceVersion: undefined },
});

interface ListState {
  items: Map<string, K8sObj>;
}

/** The 'updateListFromWS' reducer branch; returns undefined when nothing changed. */
export const applyWatchEvents = (
  items: Map<string, K8sObj>,
  events: WatchEvent[],
  log?: (m: string) => void,
): Map<string, K8sObj> | undefined => {
  let next: Map<string, K8sObj> | undefined;
  const writable = () => (next ??= new Map(items));
  for (const { type, object } of events) {
    if (type === 'DELETED') {
      const qn = qualifiedName(object);
      if ((next ?? items).has(qn)) writable().delete(qn);
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      const qn = qualifiedName(object);
      const current = (next ?? items).get(qn);
      if (!current) writable().set(qn, object);
      else if (
        moreRecent(object, current) &&
        !deepEqual(withoutResourceVersion(current), withoutResourceVersion(object))
      )
        writable().set(qn, object);
    } else {
      // ERROR, BOOKMARK, …: the console logs "unknown websocket action" and moves on.
      log?.(`unknown websocket action: ${type}`);
    }
  }
  return next;
};

/** The 'loaded' reducer branch (first page): keep more recent objects, drop what is gone. */
export const loadList = (items: Map<string, K8sObj>, objects: K8sObj[]): Map<string, K8sObj> => {
  const next = new Map(items);
  const gone = new Set(items.keys());
  for (const obj of objects) {
    const qn = qualifiedName(obj);
    gone.delete(qn);
    const current = next.get(qn);
    if (!current || moreRecent(obj, current)) next.set(qn, obj);
  }
  gone.forEach((k) => next.delete(k));
  return next;
};

// ---- the store ----

interface InternalEntry extends WatchEntry {
  list?: ListState;
  /** True once data came from a GET/WS for an object watch (the console's Immutable data). */
  objectLoaded?: boolean;
}

export class WatchStore {
  private state: Record<string, InternalEntry> = {};
  private readonly listeners = new Set<() => void>();
  private readonly refCounts: Record<string, number> = {};
  private readonly sockets: Record<string, WatchSocket> = {};
  private readonly polls: Record<string, unknown> = {};

  constructor(private readonly deps: WatchDeps) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getState = () => this.state;

  get(id: string): WatchEntry | undefined {
    return this.state[id];
  }

  /** Ids with a live watch (tests). */
  activeIds() {
    return Object.keys(this.refCounts);
  }

  private set(id: string, entry: InternalEntry | undefined) {
    const next = { ...this.state };
    if (entry) next[id] = entry;
    else delete next[id];
    this.state = next;
    this.listeners.forEach((l) => l());
  }

  private setList(id: string, items: Map<string, K8sObj>, patch: Partial<WatchEntry> = {}) {
    const current = this.state[id];
    if (!current) return;
    this.set(id, { ...current, ...patch, list: { items }, data: [...items.values()] });
  }

  private errored(id: string, error: unknown) {
    const current = this.state[id];
    if (current) this.set(id, { ...current, loadError: error });
  }

  private modifyObject(id: string, obj: K8sObj) {
    const current = this.state[id];
    if (!current) return;
    if (current.objectLoaded) {
      const previous = {
        ...(current.data as K8sObj),
        metadata: {
          ...(current.data as K8sObj).metadata,
          resourceVersion: obj.metadata?.resourceVersion,
        },
      };
      if (deepEqual(previous, obj)) return;
    }
    this.set(id, { ...current, loadError: '', loaded: true, data: obj, objectLoaded: true });
  }

  stop(id: string) {
    this.refCounts[id] -= 1;
    if (this.refCounts[id] > 0) return;
    const ws = this.sockets[id];
    if (ws) {
      ws.destroy();
      delete this.sockets[id];
    }
    if (this.polls[id] !== undefined) {
      this.deps.clearTimeout(this.polls[id]);
      this.deps.clearInterval(this.polls[id]);
    }
    delete this.polls[id];
    delete this.refCounts[id];
    this.set(id, undefined);
  }

  watchList(id: string, query: Query, model: ShellModel, partialMetadata = false) {
    if (id in this.refCounts) {
      this.refCounts[id] += 1;
      return;
    }
    if (!this.state[id])
      this.set(id, { loadError: '', loaded: false, data: [], list: { items: new Map() } });
    this.refCounts[id] = 1;

    const incrementallyLoad = async (continueToken = ''): Promise<string | null> => {
      if (!this.refCounts[id]) return null;
      const params: Record<string, unknown> = {
        limit: PAGE_LIMIT,
        ...query,
        ...(continueToken ? { continue: continueToken } : {}),
      };
      const response = await this.deps.fetchJSON(
        listURL(model, params),
        partialMetadata ? { headers: { Accept: PARTIAL_OBJECT_METADATA_LIST_ACCEPT } } : {},
      );
      if (!this.refCounts[id]) return null;
      const items = ((response.items ?? []) as K8sObj[]).map((i) => ({
        kind: model.kind,
        apiVersion: response.apiVersion as string,
        ...i,
      }));
      const current = this.state[id]?.list?.items ?? new Map();
      if (!continueToken)
        this.setList(id, loadList(current, items), { loaded: true, loadError: '' });
      else {
        const merged = new Map(current);
        items.forEach((i) => merged.set(qualifiedName(i), i));
        this.setList(id, merged);
      }
      const meta = (response.metadata ?? {}) as { continue?: string; resourceVersion?: string };
      if (meta.continue) return incrementallyLoad(meta.continue);
      return meta.resourceVersion ?? '';
    };

    const schedule = () => {
      if (this.polls[id] === undefined)
        this.polls[id] = this.deps.setTimeout(() => void pollAndWatch(), RELIST_DELAY_MS);
    };

    const pollAndWatch = async () => {
      delete this.polls[id];
      let resourceVersion: string | null;
      try {
        resourceVersion = await incrementallyLoad();
        if (!this.refCounts[id]) return;
        if (this.sockets[id]) return;
        this.sockets[id] = new WatchSocket(
          this.deps,
          watchURL(model, { ...query, resourceVersion: resourceVersion ?? undefined }),
          { reconnect: true, timeout: LIST_WS_TIMEOUT_MS },
        );
      } catch (e) {
        if (!this.refCounts[id]) return;
        this.errored(id, e);
        schedule();
        return;
      }
      this.sockets[id]
        .onclose((event) => {
          if (event.code !== 1006) return;
          this.deps.log?.('WS closed abnormally');
          this.sockets[id]?.destroy(true);
        })
        .ondestroy((timedOut) => {
          if (!timedOut) return;
          this.deps.log?.(`WS ${id} timed out - restarting polling`);
          delete this.sockets[id];
          schedule();
        })
        .onbulkmessage((events) => {
          const items = this.state[id]?.list?.items;
          if (!items) return;
          const next = applyWatchEvents(items, events as WatchEvent[], this.deps.log);
          if (next) this.setList(id, next);
        });
    };
    void pollAndWatch();
  }

  watchObject(
    id: string,
    name: string,
    namespace: string | undefined,
    query: Query,
    model: ShellModel,
    partialMetadata = false,
  ) {
    if (id in this.refCounts) {
      this.refCounts[id] += 1;
      return;
    }
    // startWatchK8sObject: `data` is a plain {} that the console's selectors read as null.
    this.set(id, { loadError: '', loaded: false, data: null });
    this.refCounts[id] = 1;
    const poller = () => {
      this.deps
        .fetchJSON(
          resourceURL(model, { ns: namespace, name }),
          partialMetadata ? { headers: { Accept: PARTIAL_OBJECT_METADATA_ACCEPT } } : {},
        )
        .then(
          (o) => this.modifyObject(id, o as K8sObj),
          (e) => this.errored(id, e),
        );
    };
    this.polls[id] = this.deps.setInterval(poller, OBJECT_POLL_MS);
    poller();
    if (model.namespaced && query.name && !query.ns) {
      this.deps.log?.(`Namespace required to watch namespaced resource: ${model.kind} ${name}`);
      return;
    }
    const watchQuery: Query = { ...query };
    if (watchQuery.name) {
      watchQuery.fieldSelector = `metadata.name=${watchQuery.name}`;
      delete watchQuery.name;
    }
    this.sockets[id] = new WatchSocket(this.deps, watchURL(model, watchQuery), {
      reconnect: true,
    }).onbulkmessage((events) =>
      (events as WatchEvent[]).forEach((e) => this.modifyObject(id, e.object)),
    );
  }
}

export class NoModelError extends Error {
  constructor() {
    super('Model does not exist');
    this.name = 'NoModelError';
  }
}
