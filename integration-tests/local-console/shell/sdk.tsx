/**
 * The local console's implementation of the @openshift-console/dynamic-plugin-sdk calls the plugin uses,
 * provided to the plugin as the shared module, as console 4.22 does. Kubernetes requests go through the
 * console-style proxy `/api/kubernetes/...`, where the local server adds the signed-in user's token.
 */
import type { ReactNode } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { GroupVersionKind } from './k8sModels';
import { findModel, resourcePath, selectorToString } from './k8sModels';
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

const POLL_MS = 5000;

/** Secrets and ConfigMaps watched with partialMetadata come back as metadata only, as in the console. */
const toPartialMetadata = (obj: Record<string, unknown>) => ({
  apiVersion: obj.apiVersion,
  kind: obj.kind,
  metadata: obj.metadata,
});

const loadResource = async (resource: WatchK8sResource, signal: AbortSignal) => {
  const model = findModel(resource.groupVersionKind ?? resource.kind);
  if (!model)
    throw new Error(
      `The local console has no model for ${JSON.stringify(resource.groupVersionKind ?? resource.kind)}`,
    );
  const url = resourcePath(model, {
    namespace: resource.namespace === ALL_NAMESPACES_KEY ? undefined : resource.namespace,
    name: resource.isList ? undefined : resource.name,
    labelSelector: selectorToString(resource.selector),
    fieldSelector:
      resource.fieldSelector ??
      (resource.isList && resource.name ? `metadata.name=${resource.name}` : undefined),
    limit: resource.limit,
  });
  const json = await consoleFetchJSON(url, 'GET', { signal });
  if (!resource.isList) return resource.partialMetadata ? toPartialMetadata(json) : json;
  const items = ((json.items ?? []) as Record<string, unknown>[]).map((item) => ({
    apiVersion: model.group ? `${model.group}/${model.version}` : model.version,
    kind: model.kind,
    ...item,
  }));
  return resource.partialMetadata ? items.map(toPartialMetadata) : items;
};

interface WatchState {
  data: unknown;
  loaded: boolean;
  loadError: unknown;
}

const useWatch = (resource: WatchK8sResource | null): WatchState => {
  const key = resource ? JSON.stringify(resource) : '';
  const [state, setState] = useState<WatchState>({
    data: resource?.isList ? [] : undefined,
    loaded: false,
    loadError: undefined,
  });
  const resourceRef = useRef(resource);
  resourceRef.current = resource;
  useEffect(() => {
    if (!key) return undefined;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({
      data: resourceRef.current?.isList ? [] : undefined,
      loaded: false,
      loadError: undefined,
    });
    const tick = async () => {
      try {
        const data = await loadResource(resourceRef.current as WatchK8sResource, controller.signal);
        setState({ data, loaded: true, loadError: undefined });
      } catch (e) {
        if (controller.signal.aborted) return;
        const optional404 = resourceRef.current?.optional && (e as HttpError).code === 404;
        setState((s) => ({
          data: s.data,
          loaded: !!optional404 || s.loaded,
          loadError: optional404 ? undefined : e,
        }));
      }
      if (!controller.signal.aborted) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [key]);
  return state;
};

export const useK8sWatchResource = (resource: WatchK8sResource | null) => {
  const { data, loaded, loadError } = useWatch(resource);
  return [data, loaded, loadError];
};

/** Several watches at once; the set of keys may change between renders, as in the console. */
export const useK8sWatchResources = (resources: Record<string, WatchK8sResource>) => {
  const key = JSON.stringify(resources);
  const [results, setResults] = useState<Record<string, WatchState>>({});
  useEffect(() => {
    const watched: Record<string, WatchK8sResource> = JSON.parse(key);
    const controller = new AbortController();
    const timers: ReturnType<typeof setTimeout>[] = [];
    setResults(
      Object.fromEntries(
        Object.entries(watched).map(([k, r]) => [
          k,
          { data: r.isList ? [] : undefined, loaded: false, loadError: undefined },
        ]),
      ),
    );
    for (const [k, resource] of Object.entries(watched)) {
      const tick = async () => {
        try {
          const data = await loadResource(resource, controller.signal);
          setResults((prev) => ({ ...prev, [k]: { data, loaded: true, loadError: undefined } }));
        } catch (e) {
          if (controller.signal.aborted) return;
          setResults((prev) => ({
            ...prev,
            [k]: { data: prev[k]?.data, loaded: prev[k]?.loaded ?? false, loadError: e },
          }));
        }
        if (!controller.signal.aborted) timers.push(setTimeout(tick, POLL_MS));
      };
      void tick();
    }
    return () => {
      controller.abort();
      timers.forEach(clearTimeout);
    };
  }, [key]);
  return results;
};

interface K8sModel {
  apiGroup?: string;
  apiVersion: string;
  kind: string;
  plural?: string;
  namespaced?: boolean;
}

const modelFor = (model: K8sModel) =>
  findModel({ group: model.apiGroup ?? '', version: model.apiVersion, kind: model.kind });

export const k8sGet = async ({
  model,
  name,
  ns,
}: {
  model: K8sModel;
  name?: string;
  ns?: string;
}) => {
  const m = modelFor(model);
  if (!m) throw new Error(`Unknown model ${model.kind}`);
  return consoleFetchJSON(resourcePath(m, { namespace: ns, name }));
};
export const k8sGetResource = k8sGet;

export const k8sListItems = async ({
  model,
  queryParams = {},
}: {
  model: K8sModel;
  queryParams?: Record<string, unknown>;
}) => {
  const m = modelFor(model);
  if (!m) throw new Error(`Unknown model ${model.kind}`);
  const json = await consoleFetchJSON(
    resourcePath(m, {
      namespace: queryParams.ns as string | undefined,
      labelSelector: selectorToString(queryParams.labelSelector),
    }),
  );
  return json.items ?? [];
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

export const useAccessReview = () => [true, false];
