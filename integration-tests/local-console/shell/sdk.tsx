/**
 * The local console's implementation of the @openshift-console/dynamic-plugin-sdk calls the plugin uses,
 * provided to the plugin as the shared module, as console 4.22 does. Kubernetes requests go through the
 * console-style proxy `/api/kubernetes/...`, where the local server adds the signed-in user's token.
 * Imitations (no upstream code) of openshift/console release-4.22
 * `frontend/packages/console-dynamic-plugin-sdk/src/`: `utils/k8s/hooks/useK8sWatchResource.ts`,
 * `useK8sWatchResources.ts` and `k8s-watcher.ts` (ids, no-model errors, empty data before the first
 * answer; the watches themselves in k8sWatch.ts), `utils/k8s/k8s-resource.ts` (k8sGet/k8sCreate/k8sList),
 * `app/components/utils/rbac.tsx` (checkAccess, useAccessReview).
 */
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Link, useLocation } from 'react-router';
import type { SocketLike } from './k8sWatch';
import { listURL, makeQuery, makeWatchId, NoModelError, resourceURL, WatchStore } from './k8sWatch';
import type { GroupVersionKind, ShellModel } from './k8sModels';
import { findModel } from './k8sModels';
import { useStringifyMemo } from './hooks';
import type { ResolvedExtension } from './shellStore';
import { isExtensionInUse, useShellState } from './shellStore';

export class HttpError extends Error {
  constructor(
    message: string,
    public code?: number,
    public response?: Response,
    public json?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class TimeoutError extends Error {
  constructor(url: string, ms: number) {
    super(`Call to ${url} timed out after ${ms}ms.`);
    this.name = 'TimeoutError';
  }
}

/** Like the console's validateStatus: non-2xx responses reject with an HttpError. */
const validateStatus = async (response: Response): Promise<Response> => {
  if (response.ok || response.status === 304) return response;
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('json'))
    throw new HttpError(response.statusText, response.status, response);
  const json = await response
    .clone()
    .json()
    .catch(() => undefined);
  const reason =
    (json as { details?: { causes?: { message?: string }[] } })?.details?.causes?.[0]?.message ??
    (json as { message?: string })?.message ??
    (json as { error?: string })?.error ??
    response.statusText;
  throw new HttpError(reason, response.status, response, json);
};

export const consoleFetch = (
  url: string,
  options: RequestInit = {},
  timeout = 60000,
): Promise<Response> => {
  const fetchPromise = fetch(url, { credentials: 'same-origin', ...options }).then(validateStatus);
  if (timeout <= 0) return fetchPromise;
  return Promise.race([
    fetchPromise,
    new Promise<Response>((_, reject) =>
      setTimeout(() => reject(new TimeoutError(url, timeout)), timeout),
    ),
  ]);
};

const fetchJSON = async (
  url: string,
  method = 'GET',
  options: RequestInit = {},
  timeout?: number,
) => {
  const response = await consoleFetch(
    url,
    { ...options, method, headers: { Accept: 'application/json', ...(options.headers ?? {}) } },
    timeout,
  );
  const text = await response.text();
  return text ? JSON.parse(text) : {};
};

const withBody =
  (method: string) =>
  (url: string, json: unknown, options: RequestInit = {}, timeout?: number) =>
    fetchJSON(
      url,
      method,
      {
        ...options,
        body: JSON.stringify(json),
        headers: { 'Content-Type': 'application/json', ...(options.headers ?? {}) },
      },
      timeout,
    );

export const consoleFetchJSON = Object.assign(fetchJSON, {
  post: withBody('POST'),
  put: withBody('PUT'),
  patch: withBody('PATCH'),
  delete: (url: string, json?: unknown, options: RequestInit = {}, timeout?: number) =>
    json === undefined
      ? fetchJSON(url, 'DELETE', options, timeout)
      : withBody('DELETE')(url, json, options, timeout),
});

export const consoleFetchText = async (url: string, options: RequestInit = {}, timeout?: number) =>
  (await consoleFetch(url, options, timeout)).text();

// ---- flags and extensions ----

export const useFlag = (flag: string): boolean => useShellState().flags[flag] === true;

type TypeGuard = (e: ResolvedExtension) => boolean;

export const useResolvedExtensions = (
  ...guards: TypeGuard[]
): [ResolvedExtension[], boolean, unknown[]] => {
  const { extensions, flags } = useShellState();
  const matching = useMemo(
    () => extensions.filter((e) => isExtensionInUse(e, flags) && guards.every((g) => g(e))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [extensions, flags],
  );
  return [matching, true, []];
};

export const isFeatureFlag = (e: ResolvedExtension) => e.type === 'console.flag';
export const isModelFeatureFlag = (e: ResolvedExtension) => e.type === 'console.flag/model';
export const isAction = (e: ResolvedExtension) => e.type === 'console.action/provider';
export const isActionProvider = isAction;

// ---- namespace and perspective ----

export const ALL_NAMESPACES_KEY = '#ALL_NS#';

const namespaceFromPath = (pathname: string) => /\/k8s\/ns\/([^/]+)/.exec(pathname)?.[1];

export const useActiveNamespace = (): [string, (ns: string) => void] => {
  const location = useLocation();
  const ns = namespaceFromPath(location.pathname) ?? ALL_NAMESPACES_KEY;
  return [ns, () => undefined];
};

export const useActivePerspective = (): [string, (p: string) => void] => ['admin', () => undefined];

// ---- Kubernetes data ----

export interface WatchK8sResource {
  kind?: string;
  groupVersionKind?: GroupVersionKind;
  name?: string;
  namespace?: string;
  isList?: boolean;
  selector?: unknown;
  fieldSelector?: string;
  limit?: number;
  optional?: boolean;
  partialMetadata?: boolean;
  namespaced?: boolean;
}

/** One store of watches for the page, like the console's redux `k8s` state (see k8sWatch.ts). */
export const watchStore = new WatchStore({
  fetchJSON: (url, init) => consoleFetchJSON(url, 'GET', init ?? {}, 0),
  openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  wsOrigin: () =>
    `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`,
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
  setInterval: (fn, ms) => window.setInterval(fn, ms),
  clearInterval: (h) => window.clearInterval(h as number),
  // eslint-disable-next-line no-console
  log: (m) => console.debug(`[k8s watch] ${m}`),
});

interface WatchPlan {
  id?: string;
  noModel: boolean;
  start?: () => void;
}

/** getIDAndDispatch of the console's k8s-watcher.ts. */
const planWatch = (resource: WatchK8sResource): WatchPlan => {
  const model = findModel(resource.groupVersionKind ?? resource.kind);
  if (!model) return { noModel: true };
  const query = makeQuery(
    resource.namespace,
    resource.selector,
    resource.fieldSelector,
    resource.name,
    resource.limit,
  );
  const id = makeWatchId(model, query);
  const start = resource.isList
    ? () => watchStore.watchList(id, query, model, resource.partialMetadata)
    : () =>
        watchStore.watchObject(
          id,
          resource.name ?? '',
          resource.namespace,
          query,
          model,
          resource.partialMetadata,
        );
  return { id, noModel: false, start };
};

export const useK8sWatchResource = (initResource: WatchK8sResource | null) => {
  const resource = useStringifyMemo(initResource);
  const plan = useMemo(() => (resource ? planWatch(resource) : undefined), [resource]);
  useEffect(() => {
    if (!plan?.id || !plan.start) return undefined;
    plan.start();
    const { id } = plan;
    return () => watchStore.stop(id);
  }, [plan]);
  const entry = useSyncExternalStore(watchStore.subscribe, () =>
    plan?.id ? watchStore.get(plan.id) : undefined,
  );
  return useMemo(() => {
    if (!resource) return [undefined, true, undefined];
    if (!entry) {
      const data = resource.isList ? [] : {};
      return plan?.noModel ? [data, true, new NoModelError()] : [data, false, undefined];
    }
    return [entry.data, entry.loaded, entry.loadError];
  }, [resource, entry, plan]);
};

interface WatchResult {
  data: unknown;
  loaded: boolean;
  loadError: unknown;
}

/** Like the console's selector: a new result object only when one of these ids' entries changed. */
const resultsSelector = (
  plans: Record<string, WatchPlan>,
  resources: Record<string, WatchK8sResource>,
) => {
  let last: { entries: unknown[]; results: Record<string, WatchResult> } | undefined;
  return () => {
    const state = watchStore.getState();
    const keys = Object.keys(plans);
    const entries = keys.map((k) => (plans[k].id ? state[plans[k].id as string] : undefined));
    if (last && entries.every((e, i) => e === last?.entries[i])) return last.results;
    const results: Record<string, WatchResult> = {};
    keys.forEach((key, i) => {
      const entry = entries[i];
      const empty = resources[key].isList ? [] : {};
      if (plans[key].noModel)
        results[key] = { data: empty, loaded: true, loadError: new NoModelError() };
      else if (entry)
        results[key] = { data: entry.data, loaded: entry.loaded, loadError: entry.loadError };
      else results[key] = { data: empty, loaded: false, loadError: undefined };
    });
    last = { entries, results };
    return results;
  };
};

/** Several watches at once; the set of keys may change between renders, as in the console. */
export const useK8sWatchResources = (initResources: Record<string, WatchK8sResource>) => {
  const resources = useStringifyMemo(initResources);
  const plans = useMemo(
    () =>
      Object.fromEntries(Object.entries(resources).map(([k, r]) => [k, planWatch(r)])) as Record<
        string,
        WatchPlan
      >,
    [resources],
  );
  useEffect(() => {
    const started = Object.values(plans).filter((p) => p.id && p.start);
    started.forEach((p) => p.start?.());
    return () => started.forEach((p) => watchStore.stop(p.id as string));
  }, [plans]);
  const select = useMemo(() => resultsSelector(plans, resources), [plans, resources]);
  return useSyncExternalStore(watchStore.subscribe, select);
};

/** The SDK's K8sModel fields the request helpers read. */
interface K8sModel {
  apiGroup?: string;
  apiVersion: string;
  kind: string;
  plural?: string;
  namespaced?: boolean;
}

/** getK8sResourcePath reads the model given; the shell's registry only fills a missing plural. */
const shellModelOf = (model: K8sModel): ShellModel => {
  const group = !model.apiGroup || model.apiGroup === 'core' ? '' : model.apiGroup;
  const known = findModel({ group, version: model.apiVersion, kind: model.kind });
  return {
    group,
    version: model.apiVersion,
    kind: model.kind,
    plural: model.plural ?? known?.plural ?? `${model.kind.toLowerCase()}s`,
    namespaced: model.namespaced ?? known?.namespaced ?? false,
  };
};

interface ResourceOptions {
  model: K8sModel;
  name?: string;
  ns?: string;
  path?: string;
  queryParams?: Record<string, string>;
  requestInit?: RequestInit;
}

const urlOf = ({ model, name, ns, path: sub, queryParams }: ResourceOptions) => {
  const url = resourceURL(shellModelOf(model), { ns, name, queryParams });
  if (!sub) return url;
  const [base, qs] = url.split('?');
  return `${base}/${sub}${qs ? `?${qs}` : ''}`;
};

export const k8sGet = ({ requestInit, ...options }: ResourceOptions) =>
  consoleFetchJSON(urlOf(options), 'GET', requestInit);
export const k8sGetResource = k8sGet;

export const k8sCreate = ({
  model,
  data,
  path: sub,
  queryParams,
  requestInit,
}: ResourceOptions & { data: { metadata?: { namespace?: string } } }) =>
  consoleFetchJSON.post(
    urlOf({ model, ns: data?.metadata?.namespace, path: sub, queryParams }),
    data,
    requestInit,
  );
export const k8sCreateResource = k8sCreate;

/** k8sListResource: items typed with the model's kind and the list's apiVersion (`raw`: the list). */
export const k8sList = async ({
  model,
  queryParams = {},
  raw = false,
  requestInit = {},
}: {
  model: K8sModel;
  queryParams?: Record<string, unknown>;
  raw?: boolean;
  requestInit?: RequestInit;
}) => {
  const result = await consoleFetchJSON(
    listURL(shellModelOf(model), queryParams),
    'GET',
    requestInit,
  );
  const items = (result.items ?? []).map((i: Record<string, unknown>) => ({
    kind: model.kind,
    apiVersion: result.apiVersion,
    ...i,
  }));
  return raw ? { ...result, items } : items;
};
export const k8sListResource = k8sList;

export const k8sListItems = async (options: Parameters<typeof k8sList>[0]) => {
  const response = await k8sList(options);
  return Array.isArray(response) ? response : response.items;
};
export const k8sListResourceItems = k8sListItems;

// ---- components ----

export const ResourceLink = ({
  kind,
  groupVersionKind,
  name,
  namespace,
  displayName,
  children,
}: {
  kind?: string;
  groupVersionKind?: GroupVersionKind;
  name?: string;
  namespace?: string;
  displayName?: string;
  children?: ReactNode;
}) => {
  const gvk = groupVersionKind
    ? `${groupVersionKind.group || 'core'}~${groupVersionKind.version}~${groupVersionKind.kind}`
    : kind;
  const href = namespace ? `/k8s/ns/${namespace}/${gvk}/${name}` : `/k8s/cluster/${gvk}/${name}`;
  return (
    <span className="co-resource-item">
      <Link to={href} data-test-id={name}>
        {displayName ?? name}
      </Link>
      {children}
    </span>
  );
};

export const ResourceIcon = ({ kind }: { kind?: string }) => (
  <span className="co-m-resource-icon">{kind?.[0]}</span>
);

export const Timestamp = ({ timestamp }: { timestamp?: string | number }) => {
  if (!timestamp) return <span>-</span>;
  const date = new Date(timestamp);
  return <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>;
};

export const ListPageHeader = ({ title, children }: { title: string; children?: ReactNode }) => (
  <div className="pf-v6-c-page__main-section">
    <h1 className="pf-v6-c-title pf-m-2xl">{title}</h1>
    {children}
  </div>
);

export const ListPageBody = ({ children }: { children?: ReactNode }) => <div>{children}</div>;

export const DocumentTitle = ({ children }: { children?: string }) => {
  useEffect(() => {
    if (typeof children === 'string') document.title = `${children} · OpenShift (local)`;
  }, [children]);
  return null;
};

export const HorizontalNav = () => null;

// ---- access reviews ----

/**
 * checkAccess / useAccessReview as in openshift/console release-4.22
 * `frontend/packages/console-dynamic-plugin-sdk/src/app/components/utils/rbac.tsx`: one
 * SelfSubjectAccessReview POST per distinct (group, resource, subresource, verb, name, namespace,
 * impersonation), the promise cached for the page's life (a rejected one too); for projects the review
 * namespace is the project name. The hook answers allowed when the review itself fails.
 */
export interface AccessReviewResourceAttributes {
  group?: string;
  resource?: string;
  subresource?: string;
  verb?: string;
  name?: string;
  namespace?: string;
}

const SSAR_MODEL: K8sModel = {
  apiGroup: 'authorization.k8s.io',
  apiVersion: 'v1',
  kind: 'SelfSubjectAccessReview',
  plural: 'selfsubjectaccessreviews',
  namespaced: false,
};

const accessReviews = new Map<string, Promise<{ status?: { allowed?: boolean } }>>();

/** The shell has no impersonation: the key part is always ''. */
const impersonateKey = (impersonate?: { kind?: string; name?: string }) =>
  impersonate ? `${impersonate.kind}~${impersonate.name}` : '';

const checkAccessInternal = (
  group: string,
  resource: string,
  subresource: string,
  verb: string,
  name: string,
  namespace: string,
  impersonation: string,
) => {
  const key = [group, resource, subresource, verb, name, namespace, impersonation].join('~');
  let review = accessReviews.get(key);
  if (!review) {
    const reviewNamespace =
      group === 'project.openshift.io' && resource === 'projects' ? name : namespace;
    review = k8sCreate({
      model: SSAR_MODEL,
      data: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            group,
            resource,
            subresource,
            verb,
            name,
            namespace: reviewNamespace,
          },
        },
      } as { metadata?: { namespace?: string } },
    });
    accessReviews.set(key, review);
  }
  return review;
};

export const checkAccess = (
  resourceAttributes: AccessReviewResourceAttributes,
  impersonate?: { kind?: string; name?: string },
) => {
  const {
    group = '',
    resource = '',
    subresource = '',
    verb = '',
    name = '',
    namespace = '',
  } = resourceAttributes || {};
  return checkAccessInternal(
    group,
    resource,
    subresource,
    verb,
    name,
    namespace,
    impersonateKey(impersonate),
  );
};

export const useAccessReview = (
  resourceAttributes: AccessReviewResourceAttributes,
  impersonate?: { kind?: string; name?: string },
  noCheckForEmptyGroupAndResource?: boolean,
): [boolean, boolean] => {
  const [answer, setAnswer] = useState<{ key: string; allowed: boolean }>();
  const {
    group = '',
    resource = '',
    subresource = '',
    verb = '',
    name = '',
    namespace = '',
  } = resourceAttributes;
  const impersonation = impersonateKey(impersonate);
  const skipCheck = Boolean(noCheckForEmptyGroupAndResource && !group && !resource);
  const key = [group, resource, subresource, verb, name, namespace, impersonation].join('~');
  useEffect(() => {
    if (skipCheck) return;
    checkAccessInternal(group, resource, subresource, verb, name, namespace, impersonation)
      .then((result) => setAnswer({ key, allowed: Boolean(result.status?.allowed) }))
      .catch((e) => {
        console.warn('SelfSubjectAccessReview failed', e);
        // Allowed when the review itself fails: the server still enforces access.
        setAnswer({ key, allowed: true });
      });
  }, [group, resource, subresource, verb, name, namespace, impersonation, skipCheck, key]);
  if (skipCheck) return [false, false];
  // Until the first answer: not allowed, loading; later answers keep the previous value meanwhile.
  return answer ? [answer.allowed, false] : [false, true];
};

export const useAccessReviewAllowed = (
  resourceAttributes: AccessReviewResourceAttributes,
  impersonate?: { kind?: string; name?: string },
) => useAccessReview(resourceAttributes, impersonate)[0];
