/**
 * Watch semantics shared by the chunked-HTTP and the WebSocket transports, after the kube-apiserver
 * watch cache (kubernetes release-1.33 staging/src/k8s.io/apiserver/pkg/storage/cacher: cacher.go
 * `Watch`, cache_watcher.go `convertToWatchEvent`, watch_cache.go `getAllEventsSinceLocked`):
 * - no resourceVersion, or "0": ADDED for every current object, then changes;
 * - resourceVersion N: only the changes after N, replayed from the store's bounded history; N older
 *   than the history → one ERROR event with a 410 Expired Status, then the watch ends; N newer than
 *   the store → one ERROR event with a 504 Timeout Status (the real cache waits up to 3 s first);
 * - label/field selectors filter by transition: an object entering the selection is ADDED, one
 *   leaving it is DELETED (previous content, the change's resourceVersion);
 * - `allowWatchBookmarks=true`: a BOOKMARK (kind, apiVersion, metadata.resourceVersion only) every
 *   bookmark interval; `timeoutSeconds`: the watch ends after it.
 * Objects are sent whole, Secrets included, as the real server does.
 */
import { canReadNamespace } from './auth';
import { listObjects, matchesQuery, projectOf, type ApiContext, type ResourceQuery } from './api';
import { apiVersionOf, NAMESPACES, type ResourceType } from './resources';
import { badRequest, expired, tooLargeResourceVersion, type Status } from './status';
import type { StoreChange, StoredObject } from './store';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object:
    | StoredObject
    | Status
    | { kind: string; apiVersion: string; metadata: { resourceVersion: string } };
}

export interface WatchRequest {
  ctx: ApiContext;
  type: ResourceType;
  namespace?: string;
  /** A watch of one object (`…/{name}?watch=true`) is a watch of its list by metadata.name. */
  name?: string;
  query: ResourceQuery;
  params: URLSearchParams;
  bookmarkIntervalMs: number;
}

export interface WatchSink {
  send(event: WatchEvent): void;
  /** The server ends the watch (timeout, ERROR event). */
  end(): void;
}

/** A watch authorized and validated; `start` streams it until the returned stop function. */
export interface PreparedWatch {
  start(sink: WatchSink): () => void;
}

/** `resourceVersion` as a watch reads it: unset, "0" (any), or a revision. */
const parseResourceVersion = (raw: string | null): number | 'any' | undefined => {
  if (raw === null || raw === '') return undefined;
  if (raw === '0') return 'any';
  if (!/^\d+$/.test(raw)) {
    throw badRequest(
      `resourceVersion: Invalid value: "${raw}": strconv.ParseUint: parsing "${raw}": invalid syntax`,
    );
  }
  return Number(raw);
};

/**
 * Validate and authorize (throws a StatusError, to be answered before any 200 or 101) and return
 * the watch to start.
 */
export const prepareWatch = (request: WatchRequest): PreparedWatch => {
  const { ctx, type, namespace, params } = request;
  const query: ResourceQuery = request.name
    ? {
        ...request.query,
        fields: [
          ...request.query.fields,
          { field: 'metadata.name', value: request.name, negate: false },
        ],
      }
    : request.query;
  const resourceVersion = parseResourceVersion(params.get('resourceVersion'));
  // Authorizes the watch verb (with the metadata.name RBAC sees) and yields the current state.
  const initial = () =>
    listObjects(ctx, type, namespace, { ...query, limit: 0, continueToken: undefined }, 'watch');
  let current = initial();
  const listedAt = ctx.store.resourceVersion;
  const timeoutSeconds = Number(params.get('timeoutSeconds') ?? 0);
  const bookmarks = params.get('allowWatchBookmarks') === 'true';
  const isProjects = type.source === 'projects';

  /** The change as this watcher sees it (projects: its namespaces), or undefined. */
  const view = (
    change: StoreChange,
  ): { object?: StoredObject; previous?: StoredObject } | undefined => {
    if (isProjects) {
      if (change.resource !== NAMESPACES) return undefined;
      if (!canReadNamespace(ctx.grant, change.object.metadata.name)) return undefined;
      return {
        object: projectOf(change.object, ctx.grant.user),
        previous: change.previous && projectOf(change.previous, ctx.grant.user),
      };
    }
    if (change.resource !== type) return undefined;
    if (namespace && change.object.metadata.namespace !== namespace) return undefined;
    return { object: change.object, previous: change.previous };
  };

  const toEvent = (change: StoreChange): WatchEvent | undefined => {
    const seen = view(change);
    if (!seen?.object) return undefined;
    const nowPasses = change.type !== 'DELETED' && matchesQuery(seen.object, query);
    const before = seen.previous;
    const wasPassing = before !== undefined && matchesQuery(before, query);
    if (change.type === 'ADDED')
      return nowPasses ? { type: 'ADDED', object: seen.object } : undefined;
    if (nowPasses) return { type: wasPassing ? 'MODIFIED' : 'ADDED', object: seen.object };
    if (!wasPassing || !before) return undefined;
    // Leaving the selection (or deleted): the previous content at this change's revision.
    return {
      type: 'DELETED',
      object: {
        ...before,
        metadata: { ...before.metadata, resourceVersion: String(change.revision) },
      } as StoredObject,
    };
  };

  return {
    start(sink: WatchSink): () => void {
      let stopped = false;
      const timers: NodeJS.Timeout[] = [];
      let unsubscribe: () => void = () => undefined;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        unsubscribe();
        timers.forEach((t) => clearTimeout(t)); // clears intervals too
      };
      const fail = (status: Status) => {
        sink.send({ type: 'ERROR', object: status });
        stop();
        sink.end();
      };
      const store = ctx.store;
      if (resourceVersion === undefined || resourceVersion === 'any') {
        // The state as of now (a WebSocket handshake may have let changes in since `prepare`).
        if (store.resourceVersion !== listedAt) current = initial();
        current.items.forEach((obj) => sink.send({ type: 'ADDED', object: obj }));
      } else {
        const since = store.changesSince(resourceVersion);
        if (!since.ok) {
          fail(
            since.reason === 'expired'
              ? expired(resourceVersion, since.compactedRevision)
              : tooLargeResourceVersion(resourceVersion, since.currentRevision),
          );
          return stop;
        }
        for (const change of since.changes) {
          const event = toEvent(change);
          if (event) sink.send(event);
        }
      }
      unsubscribe = store.onChange((change) => {
        const event = toEvent(change);
        if (event && !stopped) sink.send(event);
      });
      if (bookmarks && request.bookmarkIntervalMs > 0) {
        const interval = setInterval(() => {
          sink.send({
            type: 'BOOKMARK',
            object: {
              kind: type.kind,
              apiVersion: apiVersionOf(type),
              metadata: { resourceVersion: store.resourceVersion },
            },
          });
        }, request.bookmarkIntervalMs);
        timers.push(interval);
      }
      if (timeoutSeconds > 0) {
        timers.push(
          setTimeout(() => {
            stop();
            sink.end();
          }, timeoutSeconds * 1000),
        );
      }
      return stop;
    },
  };
};
