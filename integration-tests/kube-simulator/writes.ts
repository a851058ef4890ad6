/**
 * The writes the simulator serves, for the kinds the console's confirmed fixes touch: PATCH and PUT
 * of VirtualMachines (optimistic concurrency on resourceVersion: 409 Conflict), POST of Events and
 * VirtualMachineInstanceMigrations (generateName, 409 AlreadyExists), DELETE of migrations, and
 * virt-api's lifecycle subresources. Every other write keeps the read-only 405. RBAC is the one
 * `decide` of auth.ts, so an access review predicts each answer. Writes go through the store, so
 * watches see them.
 */
import { randomBytes } from 'node:crypto';
import { decide, type TokenGrant } from './auth';
import { reconcileVm, runLifecycle, type LifecycleAction } from './kubevirtSubresources';
import { applyPatch } from './patch';
import type { ResourceType } from './resources';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  readOnly,
  type StatusError,
} from './status';
import type { KubeObject, ObjectStore, StoredObject } from './store';

/** kind → verbs served over HTTP (besides the reviews). */
const WRITABLE: Record<string, string[]> = {
  VirtualMachine: ['patch', 'update'],
  Event: ['create'],
  VirtualMachineInstanceMigration: ['create', 'delete'],
};

export const isWritable = (type: ResourceType, verb: string, subresource?: string): boolean =>
  !subresource && (WRITABLE[type.kind] ?? []).includes(verb);

export interface WriteRequest {
  store: ObjectStore;
  grant: TokenGrant;
  type: ResourceType;
  verb: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  contentType?: string;
  body: string;
}

export interface WriteAnswer {
  status: number;
  body: unknown;
}

const parseJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw badRequest(`the request body is not JSON: ${(error as Error).message}`);
  }
};

const runIntent = (o: KubeObject | undefined) =>
  JSON.stringify([
    (o?.spec as { runStrategy?: unknown })?.runStrategy,
    (o?.spec as { running?: unknown })?.running,
  ]);

/** Persists a new state of an existing object; a changed run intent of a VM is reconciled. */
const persist = (req: WriteRequest, existing: StoredObject, next: KubeObject): StoredObject => {
  const meta = next.metadata ?? {};
  if (meta.name !== undefined && meta.name !== existing.metadata.name) {
    throw invalid(
      req.type.kind,
      req.type.group,
      existing.metadata.name,
      'metadata.name',
      'field is immutable',
    );
  }
  const sent = meta.resourceVersion;
  if (sent !== undefined && sent !== '' && sent !== existing.metadata.resourceVersion) {
    throw conflict(req.type, existing.metadata.name);
  }
  const merged: KubeObject = {
    ...next,
    metadata: {
      ...meta,
      name: existing.metadata.name,
      namespace: existing.metadata.namespace,
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      resourceVersion: undefined,
      generation:
        JSON.stringify(next.spec) === JSON.stringify(existing.spec)
          ? existing.metadata.generation
          : Number(existing.metadata.generation ?? 1) + 1,
    },
    // Writes to the main resource leave status alone, as for every kind with a status subresource.
    ...(existing.status !== undefined ? { status: existing.status } : {}),
  };
  delete (merged.metadata as Record<string, unknown>).resourceVersion;
  const saved = req.store.apply(merged);
  if (req.type.kind === 'VirtualMachine' && runIntent(existing) !== runIntent(saved)) {
    reconcileVm(req.store, saved.metadata.namespace as string, saved.metadata.name);
    return req.store.get(req.type, saved.metadata.namespace, saved.metadata.name) ?? saved;
  }
  return saved;
};

/** POST: a new object (`generateName` gets a random suffix, like the apiserver's). */
export const createObject = (
  store: ObjectStore,
  type: ResourceType,
  namespace: string | undefined,
  input: KubeObject,
): StoredObject => {
  const meta = { ...(input.metadata ?? {}) } as Record<string, unknown>;
  if (meta.namespace !== undefined && namespace !== undefined && meta.namespace !== namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  let name = meta.name as string | undefined;
  if (!name && typeof meta.generateName === 'string') {
    name = `${meta.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
  }
  if (!name)
    throw invalid(
      type.kind,
      type.group,
      '',
      'metadata.name',
      'Required value: name or generateName is required',
    );
  if (store.get(type, namespace, name)) throw alreadyExists(type, name);
  return store.apply({
    ...input,
    metadata: {
      ...meta,
      name,
      namespace,
      uid: undefined,
      resourceVersion: undefined,
      creationTimestamp: undefined,
    },
  } as KubeObject);
};

const denied = (req: WriteRequest): StatusError =>
  forbidden(
    req.grant.user,
    req.verb,
    req.type,
    req.type.namespaced ? req.namespace : undefined,
    req.name,
    req.subresource,
  );

/** Answers a PATCH/PUT/POST/DELETE of a stored kind, or throws its Status. */
export const serveObjectWrite = (req: WriteRequest): WriteAnswer => {
  const { store, type, verb, namespace, name, subresource } = req;
  const decision = decide(
    req.grant,
    { verb, group: type.group, resource: type.resource, subresource, namespace, name },
    type,
  );
  if (!decision.allowed) throw denied(req);
  if (!isWritable(type, verb, subresource)) throw readOnly(verb, type, name);
  if (verb === 'create') {
    const input = parseJson(req.body) as KubeObject;
    if (input?.kind && input.kind !== type.kind)
      throw badRequest(`the kind ${input.kind} does not match ${type.kind}`);
    return {
      status: 201,
      body: createObject(store, type, namespace, { ...input, kind: type.kind }),
    };
  }
  const existing = name ? store.get(type, namespace, name) : undefined;
  if (!existing || !name) throw notFound(type, name ?? '');
  if (verb === 'delete') {
    store.delete(type.kind, namespace, name);
    return { status: 200, body: existing };
  }
  const sent = parseJson(req.body);
  const next =
    verb === 'patch'
      ? (applyPatch(existing, req.contentType, sent) as KubeObject)
      : (sent as KubeObject);
  if (verb === 'update' && !next?.metadata?.resourceVersion) {
    throw invalid(
      type.kind,
      type.group,
      name,
      'metadata.resourceVersion',
      'Invalid value: 0x0: must be specified for an update',
    );
  }
  return { status: 200, body: persist(req, existing, next) };
};

/**
 * PUT …/subresources.kubevirt.io/v1/namespaces/NS/{virtualmachines|virtualmachineinstances}/NAME/ACTION.
 * `target` is the kind the path names (VM, or VMI for pause/unpause).
 */
export const serveLifecycle = (
  store: ObjectStore,
  grant: TokenGrant,
  target: ResourceType,
  action: LifecycleAction,
  namespace: string,
  name: string,
  migrationType: ResourceType,
): WriteAnswer => {
  const attributes = {
    verb: 'update',
    group: 'subresources.kubevirt.io',
    resource: target.resource,
    subresource: action,
    namespace,
    name,
  };
  if (!decide(grant, attributes).allowed) {
    throw forbidden(
      grant.user,
      'update',
      { ...target, group: 'subresources.kubevirt.io' },
      namespace,
      name,
      action,
    );
  }
  if (!store.get(target, namespace, name)) throw notFound(target, name);
  runLifecycle(store, action, namespace, name, (obj) =>
    createObject(store, migrationType, namespace, obj),
  );
  return { status: 200, body: '' };
};
