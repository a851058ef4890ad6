/**
 * The Kubernetes REST API over an ObjectStore: URL routing, RBAC checks, get, list with
 * label/field selectors and limit/continue paging. Transport-free: returns a status code and body.
 * OpenShift's computed resources are served like openshift-apiserver serves them: projects are the
 * namespaces the caller may read, `users/~` is the caller, and `GET projectrequests` answers a
 * Status telling whether the caller may create projects (openshift/openshift-apiserver
 * pkg/project/apiserver/registry/projectrequest/delegated/delegated.go `List`).
 */
import { authorize, canReadNamespace, decide, userInfoOf, type TokenGrant } from './auth';
import { apiGroup, apiGroupList, apiResourceList, coreVersions, VERSION_INFO } from './discovery';
import { apiVersionOf, NAMESPACES, PROJECTS, USERS, verbsOf, type ResourceType } from './resources';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from './selectors';
import {
  badRequest,
  makeStatus,
  methodNotAllowed,
  notFound,
  StatusError,
  successStatus,
  unknownPath,
} from './status';
import { objectKey, type ObjectStore, type StoredObject } from './store';
import { VM_SUBRESOURCES, VMI_SUBRESOURCES, type LifecycleAction } from './kubevirtSubresources';

export type Route =
  | { kind: 'health' }
  | { kind: 'version' }
  | { kind: 'discovery'; body: unknown }
  | { kind: 'openapi-v2' }
  | { kind: 'openapi-v3-index' }
  | { kind: 'openapi-v3'; path: string }
  | { kind: 'expand-spec'; namespace: string; name: string }
  | { kind: 'pod-log'; namespace: string; name: string }
  | {
      kind: 'kubevirt-lifecycle';
      resource: 'virtualmachines' | 'virtualmachineinstances';
      action: LifecycleAction;
      namespace: string;
      name: string;
    }
  | {
      kind: 'resource';
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
    };

/** Who asks, and what the simulator knows besides its store. */
export interface ApiContext {
  store: ObjectStore;
  grant: TokenGrant;
  /** Every user of the token table (the users API lists them). */
  users: () => readonly TokenGrant[];
}

export interface ResourceQuery {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  limit: number;
  continueToken?: string;
}

/** Parse a URL path into what it addresses; throws 404 Status for paths the server does not serve. */
export const routePath = (store: ObjectStore, pathname: string, serverAddress: string): Route => {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (['healthz', 'readyz', 'livez'].includes(segments[0]) && segments.length === 1) {
    return { kind: 'health' };
  }
  if (segments[0] === 'version' && segments.length === 1) return { kind: 'version' };
  if (segments[0] === 'openapi') {
    if (segments[1] === 'v2' && segments.length === 2) return { kind: 'openapi-v2' };
    if (segments[1] === 'v3' && segments.length === 2) return { kind: 'openapi-v3-index' };
    if (segments[1] === 'v3') return { kind: 'openapi-v3', path: segments.slice(2).join('/') };
    throw unknownPath();
  }
  const types = store.registry.all();
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { kind: 'discovery', body: coreVersions(serverAddress) };
    [group, version, rest] = ['', segments[1], segments.slice(2)];
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { kind: 'discovery', body: apiGroupList(types) };
    const groupDoc = apiGroup(segments[1], types);
    if (segments.length === 2 && groupDoc) return { kind: 'discovery', body: groupDoc };
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else {
    throw unknownPath();
  }
  if (!version) throw unknownPath();
  if (rest.length === 0) {
    const list = apiResourceList(group, version, types);
    if (!list) throw unknownPath();
    return { kind: 'discovery', body: list };
  }
  const resolve = (resource: string | undefined, wantNamespaced: boolean) => {
    const type =
      resource === undefined ? undefined : store.registry.byPath(group, version, resource);
    if (!type || (wantNamespaced && !type.namespaced)) throw unknownPath();
    return type;
  };
  // virt-api's expand-spec subresource of a VM (expandSpec.ts)
  if (
    group === 'subresources.kubevirt.io' &&
    rest.length === 5 &&
    rest[0] === 'namespaces' &&
    rest[2] === 'virtualmachines' &&
    rest[4] === 'expand-spec'
  ) {
    return { kind: 'expand-spec', namespace: rest[1], name: rest[3] };
  }
  // virt-api's lifecycle subresources (kubevirtSubresources.ts): start|stop|restart|migrate of a
  // VM, pause|unpause of a VMI
  if (
    group === 'subresources.kubevirt.io' &&
    rest.length === 5 &&
    rest[0] === 'namespaces' &&
    ((rest[2] === 'virtualmachines' && (VM_SUBRESOURCES as readonly string[]).includes(rest[4])) ||
      (rest[2] === 'virtualmachineinstances' &&
        (VMI_SUBRESOURCES as readonly string[]).includes(rest[4])))
  ) {
    return {
      kind: 'kubevirt-lifecycle',
      resource: rest[2] as 'virtualmachines' | 'virtualmachineinstances',
      action: rest[4] as LifecycleAction,
      namespace: rest[1],
      name: rest[3],
    };
  }
  // A pod's log (podLog.ts)
  if (
    group === '' &&
    rest.length === 5 &&
    rest[0] === 'namespaces' &&
    rest[2] === 'pods' &&
    rest[4] === 'log'
  ) {
    return { kind: 'pod-log', namespace: rest[1], name: rest[3] };
  }
  // /namespaces/{ns}/{resource}[/{name}[/status]]
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, resource, name, subresource] = rest;
    if (rest.length > 5 || (subresource !== undefined && subresource !== 'status'))
      throw unknownPath();
    return { kind: 'resource', type: resolve(resource, true), namespace, name, subresource };
  }
  // /{resource}[/{name}[/status]] — a name is only valid for cluster-scoped kinds
  const [resource, name, subresource] = rest;
  if (rest.length > 3 || (subresource !== undefined && subresource !== 'status'))
    throw unknownPath();
  const type = resolve(resource, false);
  if (name !== undefined && type.namespaced) throw unknownPath();
  return { kind: 'resource', type, name, subresource };
};

export const parseResourceQuery = (type: ResourceType, params: URLSearchParams): ResourceQuery => {
  const rawLimit = params.get('limit');
  const limit = rawLimit ? Number(rawLimit) : 0;
  if (!Number.isInteger(limit)) throw badRequest(`invalid limit: ${rawLimit}`);
  return {
    labels: parseLabelSelector(params.get('labelSelector') ?? undefined),
    fields: parseFieldSelector(
      params.get('fieldSelector') ?? undefined,
      type.selectableFields ?? [],
    ),
    limit: Math.max(0, limit),
    continueToken: params.get('continue') || undefined,
  };
};

export const isReadMethod = (method: string): boolean => method === 'GET' || method === 'HEAD';

/**
 * The RBAC verb of a write request, or a 405 for a method the path does not take (POST to a named
 * object, PUT/PATCH to a collection), like the real router.
 */
export const writeVerb = (method: string, route: { name?: string }): string => {
  const named = route.name !== undefined;
  if (method === 'POST' && !named) return 'create';
  if (method === 'PUT' && named) return 'update';
  if (method === 'PATCH' && named) return 'patch';
  if (method === 'DELETE') return named ? 'delete' : 'deletecollection';
  throw methodNotAllowed();
};

/** 405 unless the kind answers this verb (discovery's list, e.g. reviews are create-only). */
export const checkVerb = (type: ResourceType, verb: string): void => {
  if (!verbsOf(type).includes(verb)) throw methodNotAllowed();
};

/** The Project of a Namespace, as OpenShift's project API returns it to `user`. */
export const projectOf = (ns: StoredObject, user: string): StoredObject => ({
  apiVersion: apiVersionOf(PROJECTS),
  kind: 'Project',
  metadata: {
    ...ns.metadata,
    annotations: {
      'openshift.io/display-name': '',
      'openshift.io/requester': user,
      ...ns.metadata.annotations,
    },
  },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
});

/** Project objects for the namespaces the caller may see. */
const projectsFor = (store: ObjectStore, grant: TokenGrant): StoredObject[] =>
  store
    .list(NAMESPACES)
    .filter((ns) => canReadNamespace(grant, ns.metadata.name))
    .map((ns) => projectOf(ns, grant.user));

const USERS_CREATED = '2026-01-01T00:00:00Z';

/** A user.openshift.io User; kube:admin is virtual (no uid, no identities), like on OpenShift. */
export const userObject = (grant: TokenGrant): StoredObject => {
  const info = userInfoOf(grant);
  return {
    apiVersion: apiVersionOf(USERS),
    kind: USERS.kind,
    metadata: {
      name: info.username,
      uid: info.uid ?? '',
      // Users never change here: the first revision, which every watch may start from.
      resourceVersion: '1',
      creationTimestamp: USERS_CREATED,
    },
    identities: info.uid ? [`htpasswd:${info.username}`] : null,
    groups: info.groups,
  } as StoredObject;
};

const usersOf = (ctx: ApiContext): StoredObject[] => {
  const byName = new Map<string, TokenGrant>();
  for (const g of ctx.users()) if (!byName.has(g.user)) byName.set(g.user, g);
  return [...byName.keys()].sort().map((n) => userObject(byName.get(n) as TokenGrant));
};

const candidates = (
  ctx: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
): StoredObject[] => {
  if (type.source === 'projects') return projectsFor(ctx.store, ctx.grant);
  if (type.source === 'users') return usersOf(ctx);
  return ctx.store.list(type, namespace);
};

export const getObject = (
  ctx: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): StoredObject => {
  authorize(ctx.grant, 'get', type, namespace, name);
  if (type.source === 'users' && name === '~') return userObject(ctx.grant);
  const found =
    type.source === 'projects' || type.source === 'users'
      ? candidates(ctx, type, namespace).find((p) => p.metadata.name === name)
      : ctx.store.get(type, namespace, name);
  if (!found) throw notFound(type, name);
  return found;
};

/**
 * `GET projectrequests`: a Success Status when the caller may create projects, else 403 with
 * openshift-apiserver's message.
 */
export const projectRequestsAnswer = (ctx: ApiContext, type: ResourceType) => {
  authorize(ctx.grant, 'list', type, undefined, undefined);
  const mayCreate = decide(
    ctx.grant,
    { verb: 'create', group: type.group, resource: type.resource },
    type,
  ).allowed;
  if (mayCreate) return successStatus();
  throw new StatusError(
    makeStatus(403, 'Forbidden', 'You may not request a new project via this API.', {
      group: type.group,
      kind: 'projectrequest',
    }),
  );
};

/** The name RBAC sees on a list/watch: `fieldSelector=metadata.name=X`, as RequestInfo reads it. */
export const selectedName = (query: ResourceQuery): string | undefined =>
  query.fields.find((f) => f.field === 'metadata.name' && !f.negate)?.value;

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

const encodeContinue = (rv: string, lastKey: string): string =>
  Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start: `${lastKey}\u0000` }),
  ).toString('base64url');

const decodeContinue = (token: string): string => {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.start !== 'string') throw new Error('bad');
    return parsed.start;
  } catch {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
};

const keyOf = (obj: StoredObject): string => objectKey(obj.metadata.namespace, obj.metadata.name);

/**
 * A `XxxList` page. Paging is by key (namespace/name) like etcd: the continue token holds the last
 * key returned, so objects present through the whole walk are returned exactly once.
 */
export const listObjects = (
  ctx: ApiContext,
  type: ResourceType,
  namespace: string | undefined,
  query: ResourceQuery,
  verb: 'list' | 'watch' = 'list',
) => {
  authorize(ctx.grant, verb, type, namespace, selectedName(query));
  const start = query.continueToken ? decodeContinue(query.continueToken) : undefined;
  const all = candidates(ctx, type, namespace);
  const unfiltered = query.labels.length === 0 && query.fields.length === 0;
  const selected = (obj: StoredObject) =>
    (start === undefined || keyOf(obj) >= start) &&
    matchesLabels(obj.metadata.labels, query.labels) &&
    matchesFields(obj, query.fields);
  let page: StoredObject[];
  let more: boolean;
  let remaining = 0;
  if (type.source === undefined && query.limit > 0) {
    // Store lists are sorted by key: start at the continue key and stop after one page, so a
    // page costs O(page), not O(list) (a 50,000-VM walk would otherwise be quadratic).
    let index = 0;
    if (start !== undefined) {
      let high = all.length;
      while (index < high) {
        const mid = (index + high) >>> 1;
        if (keyOf(all[mid]) < start) index = mid + 1;
        else high = mid;
      }
    }
    page = [];
    for (; index < all.length && page.length < query.limit; index += 1) {
      if (selected(all[index])) page.push(all[index]);
    }
    more = false;
    for (let i = index; i < all.length && !more; i += 1) more = selected(all[i]);
    remaining = all.length - index;
  } else {
    const filtered = all.filter(selected);
    page = query.limit > 0 ? filtered.slice(0, query.limit) : filtered;
    more = page.length < filtered.length;
    remaining = filtered.length - page.length;
  }
  const rv = ctx.store.resourceVersion;
  return {
    apiVersion: apiVersionOf(type),
    kind: `${type.kind}List`,
    metadata: {
      resourceVersion: rv,
      ...(more ? { continue: encodeContinue(rv, keyOf(page[page.length - 1])) } : {}),
      ...(more && unfiltered ? { remainingItemCount: remaining } : {}),
    },
    items: page,
  };
};

export const matchesQuery = (obj: StoredObject, query: ResourceQuery): boolean =>
  matchesLabels(obj.metadata.labels, query.labels) && matchesFields(obj, query.fields);

export { VERSION_INFO };
