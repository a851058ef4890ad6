/**
 * The read-only Kubernetes REST API over an ObjectStore: URL routing, RBAC checks, get, list with
 * label/field selectors and limit/continue paging. Transport-free: returns a status code and body.
 */
import { authorize, canReadNamespace, type TokenGrant } from './auth';
import { apiGroup, apiGroupList, apiResourceList, coreVersions, VERSION_INFO } from './discovery';
import { apiVersionOf, NAMESPACES, PROJECTS, type ResourceType } from './resources';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from './selectors';
import { badRequest, methodNotAllowed, notFound, unknownPath } from './status';
import { objectKey, type ObjectStore, type StoredObject } from './store';

export type Route =
  | { kind: 'health' }
  | { kind: 'version' }
  | { kind: 'discovery'; body: unknown }
  | { kind: 'resource'; type: ResourceType; namespace?: string; name?: string };

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
  // /namespaces/{ns}/{resource}[/{name}[/status]]
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, resource, name, subresource] = rest;
    if (rest.length > 5 || (subresource !== undefined && subresource !== 'status'))
      throw unknownPath();
    return { kind: 'resource', type: resolve(resource, true), namespace, name };
  }
  // /{resource}[/{name}[/status]] — a name is only valid for cluster-scoped kinds
  const [resource, name, subresource] = rest;
  if (rest.length > 3 || (subresource !== undefined && subresource !== 'status'))
    throw unknownPath();
  const type = resolve(resource, false);
  if (name !== undefined && type.namespaced) throw unknownPath();
  return { kind: 'resource', type, name };
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

export const checkMethod = (method: string): void => {
  if (!isReadMethod(method)) throw methodNotAllowed();
};

/** Project objects for the namespaces the caller may see, as OpenShift's project API returns them. */
const projectsFor = (store: ObjectStore, grant: TokenGrant): StoredObject[] =>
  store
    .list(NAMESPACES)
    .filter((ns) => canReadNamespace(grant, ns.metadata.name))
    .map((ns) => ({
      apiVersion: apiVersionOf(PROJECTS),
      kind: 'Project',
      metadata: {
        ...ns.metadata,
        annotations: {
          'openshift.io/display-name': '',
          'openshift.io/requester': grant.user,
          ...ns.metadata.annotations,
        },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }));

const candidates = (
  store: ObjectStore,
  grant: TokenGrant,
  type: ResourceType,
  namespace: string | undefined,
): StoredObject[] => (type === PROJECTS ? projectsFor(store, grant) : store.list(type, namespace));

export const getObject = (
  store: ObjectStore,
  grant: TokenGrant,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): StoredObject => {
  authorize(grant, 'get', type, namespace, name);
  const found =
    type === PROJECTS
      ? projectsFor(store, grant).find((p) => p.metadata.name === name)
      : store.get(type, namespace, name);
  if (!found) throw notFound(type, name);
  return found;
};

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
  store: ObjectStore,
  grant: TokenGrant,
  type: ResourceType,
  namespace: string | undefined,
  query: ResourceQuery,
) => {
  authorize(grant, 'list', type, namespace, undefined);
  const start = query.continueToken ? decodeContinue(query.continueToken) : undefined;
  const all = candidates(store, grant, type, namespace);
  const filtered = all.filter(
    (obj) =>
      (start === undefined || keyOf(obj) >= start) &&
      matchesLabels(obj.metadata.labels, query.labels) &&
      matchesFields(obj, query.fields),
  );
  const page = query.limit > 0 ? filtered.slice(0, query.limit) : filtered;
  const more = page.length < filtered.length;
  const rv = store.resourceVersion;
  const unfiltered = query.labels.length === 0 && query.fields.length === 0;
  return {
    apiVersion: apiVersionOf(type),
    kind: `${type.kind}List`,
    metadata: {
      resourceVersion: rv,
      ...(more ? { continue: encodeContinue(rv, keyOf(page[page.length - 1])) } : {}),
      ...(more && unfiltered ? { remainingItemCount: filtered.length - page.length } : {}),
    },
    items: page,
  };
};

export const matchesQuery = (obj: StoredObject, query: ResourceQuery): boolean =>
  matchesLabels(obj.metadata.labels, query.labels) && matchesFields(obj, query.fields);

export { VERSION_INFO };
