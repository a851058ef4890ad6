/**
 * In-memory object store: one map per resource type, a global resourceVersion counter, key-ordered
 * listing (namespace/name, like etcd) so `continue` tokens page stably, change notifications for
 * watches, and a bounded history of changes so a watch can resume from a resourceVersion the way
 * the kube-apiserver watch cache allows (k8s.io/apiserver pkg/storage/cacher/watch_cache.go,
 * kubernetes release-1.33: events newer than the oldest kept one are replayed, older ones are
 * "too old"). Every change bumps the one global counter, as an etcd revision does.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { apiVersionOf, NAMESPACES, ResourceRegistry, type ResourceType } from './resources';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type StoredObject = KubeObject & {
  apiVersion: string;
  kind: string;
  metadata: NonNullable<KubeObject['metadata']> & {
    name: string;
    uid: string;
    resourceVersion: string;
  };
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreChange {
  type: WatchEventType;
  resource: ResourceType;
  /** The new state; for DELETED the last state carrying the deletion's resourceVersion. */
  object: StoredObject;
  /** The state before the change (MODIFIED, DELETED), for selector transitions in watches. */
  previous?: StoredObject;
  /** Global revision of this change (= object.metadata.resourceVersion). */
  revision: number;
}

/** Answer of `changesSince`: the changes to replay, or the revision the history starts after. */
export type ChangesSince =
  | { ok: true; changes: StoreChange[] }
  | { ok: false; reason: 'expired'; compactedRevision: number }
  | { ok: false; reason: 'future'; currentRevision: number };

export const objectKey = (namespace: string | undefined, name: string): string =>
  namespace ? `${namespace}/${name}` : name;

/** A stable UUID-shaped id, so seeded clusters are reproducible. */
export const deterministicUid = (seed: string): string => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export interface ObjectStoreOptions {
  /** Create a Namespace object when a namespaced object names a namespace that does not exist. */
  autoCreateNamespaces?: boolean;
  /**
   * At least this many recent changes are kept for watch resumption (default 10000; trimmed in
   * batches, so up to twice as many). A watch from a resourceVersion before the kept ones gets a
   * 410 Expired ERROR event, as from a compacted etcd / watch cache (`compactedRevision`).
   */
  historyLimit?: number;
}

export class ObjectStore {
  readonly registry = new ResourceRegistry();
  private readonly byType = new Map<ResourceType, Map<string, StoredObject>>();
  private readonly sorted = new Map<ResourceType, StoredObject[]>();
  private readonly changes = new EventEmitter();
  private revision = 1;
  private readonly autoCreateNamespaces: boolean;
  private readonly historyLimit: number;
  private history: StoreChange[] = [];
  /** Changes up to this revision are no longer in `history`. */
  private compacted = 1;

  constructor(options: ObjectStoreOptions = {}) {
    this.autoCreateNamespaces = options.autoCreateNamespaces ?? true;
    this.historyLimit = Math.max(1, options.historyLimit ?? 10_000);
    this.changes.setMaxListeners(0);
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  /** The latest revision no longer replayable: a watch must start at or after it. */
  get compactedRevision(): number {
    return this.compacted;
  }

  /**
   * The changes after `revision`, oldest first, when the history still holds all of them.
   * `revision` equal to the current one yields no changes.
   */
  changesSince(revision: number): ChangesSince {
    if (revision > this.revision)
      return { ok: false, reason: 'future', currentRevision: this.revision };
    if (revision < this.compacted) {
      return { ok: false, reason: 'expired', compactedRevision: this.compacted };
    }
    // History is ordered by revision: find the first change after `revision`.
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return { ok: true, changes: this.history.slice(lo) };
  }

  /**
   * Add or replace an object; fills apiVersion, kind, uid, resourceVersion, creationTimestamp.
   * Nested fields are not copied: apply again after mutating an object you applied.
   */
  apply(input: KubeObject): StoredObject {
    if (!input.kind) throw new Error('object without kind');
    const name = input.metadata?.name;
    if (!name) throw new Error(`${input.kind} without metadata.name`);
    const type = this.registry.forObject(
      input.apiVersion,
      input.kind,
      Boolean(input.metadata?.namespace),
    );
    const namespace = type.namespaced ? (input.metadata?.namespace ?? 'default') : undefined;
    if (namespace && this.autoCreateNamespaces && type !== NAMESPACES)
      this.ensureNamespace(namespace);
    const key = objectKey(namespace, name);
    const existing = this.typeMap(type).get(key);
    this.revision += 1;
    // Shallow copy: only the top level and metadata are rewritten here. Nested fields stay shared
    // with the caller, which keeps seeding 10,000s of objects fast; re-apply after changing them.
    const obj = { ...input } as StoredObject;
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    obj.metadata = {
      ...obj.metadata,
      name,
      ...(namespace ? { namespace } : {}),
      uid: input.metadata?.uid ?? existing?.metadata.uid ?? deterministicUid(`${type.kind}/${key}`),
      resourceVersion: String(this.revision),
      creationTimestamp:
        input.metadata?.creationTimestamp ??
        existing?.metadata.creationTimestamp ??
        new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    if (!namespace) delete obj.metadata.namespace;
    this.typeMap(type).set(key, obj);
    this.sorted.delete(type);
    this.record({
      type: existing ? 'MODIFIED' : 'ADDED',
      resource: type,
      object: obj,
      ...(existing ? { previous: existing } : {}),
      revision: this.revision,
    });
    return obj;
  }

  applyAll(objects: Iterable<KubeObject>): number {
    let count = 0;
    for (const obj of objects) {
      this.apply(obj);
      count += 1;
    }
    return count;
  }

  /** Delete by kind or resource name (`VirtualMachine`, `virtualmachines`, `vm`). */
  delete(kindOrResource: string, namespace: string | undefined, name: string): boolean {
    const type = this.resolve(kindOrResource);
    const map = this.typeMap(type);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const existing = map.get(key);
    if (!existing) return false;
    map.delete(key);
    this.sorted.delete(type);
    this.revision += 1;
    // Like the etcd3 watcher: the last state, stamped with the deletion's revision.
    const deleted = {
      ...existing,
      metadata: { ...existing.metadata, resourceVersion: String(this.revision) },
    } as StoredObject;
    this.record({
      type: 'DELETED',
      resource: type,
      object: deleted,
      previous: existing,
      revision: this.revision,
    });
    return true;
  }

  get(
    kindOrResource: string | ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    const type = typeof kindOrResource === 'string' ? this.resolve(kindOrResource) : kindOrResource;
    return this.typeMap(type).get(objectKey(type.namespaced ? namespace : undefined, name));
  }

  /** Objects in key order; `namespace` narrows a namespaced type to one namespace. */
  list(kindOrResource: string | ResourceType, namespace?: string): StoredObject[] {
    const type = typeof kindOrResource === 'string' ? this.resolve(kindOrResource) : kindOrResource;
    let sorted = this.sorted.get(type);
    if (!sorted) {
      sorted = [...this.typeMap(type).entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, obj]) => obj);
      this.sorted.set(type, sorted);
    }
    return namespace && type.namespaced
      ? sorted.filter((o) => o.metadata.namespace === namespace)
      : sorted;
  }

  /** Every stored object, all types. */
  all(): StoredObject[] {
    return this.registry.all().flatMap((t) => this.list(t));
  }

  /** Remove everything without DELETED events; watches cannot resume across it. */
  clear(): void {
    this.byType.clear();
    this.sorted.clear();
    this.revision += 1;
    this.history = [];
    this.compacted = this.revision;
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.changes.on('change', listener);
    return () => this.changes.off('change', listener);
  }

  resolve(kindOrResource: string): ResourceType {
    const type = this.registry.byName(kindOrResource);
    if (!type) throw new Error(`unknown kind or resource: ${kindOrResource}`);
    return type;
  }

  private record(change: StoreChange): void {
    this.history.push(change);
    // Trim in batches so seeding many objects stays linear.
    if (this.history.length >= this.historyLimit * 2) {
      const drop = this.history.length - this.historyLimit;
      this.compacted = this.history[drop - 1].revision;
      this.history = this.history.slice(drop);
    }
    this.changes.emit('change', change);
  }

  private ensureNamespace(namespace: string): void {
    if (this.typeMap(NAMESPACES).has(namespace)) return;
    this.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  private typeMap(type: ResourceType): Map<string, StoredObject> {
    let map = this.byType.get(type);
    if (!map) {
      map = new Map();
      this.byType.set(type, map);
    }
    return map;
  }
}
