import { isKubeError } from './errors';
import { mapLimit } from './mapLimit';
import { RESOURCES, type ResourceType } from './resources';
import type { KubeRest } from './rest';

const NAMESPACE_FANOUT = 8;

export interface ScopeRequest {
  /** Exact namespace names to search; when absent the whole visible cluster is searched. */
  namespaces?: readonly string[];
  /** Optional filter on namespace names (globs), applied before per-namespace fallback lists. */
  namespaceFilter?: (namespace: string) => boolean;
  labelSelector?: string;
}

export interface ScopedLists<T> {
  /** One item list per requested resource, in order. */
  lists: T[][];
  /** Set when the search went namespace by namespace: the namespaces actually searched. */
  namespacesSearched?: string[];
}

/**
 * The namespaces the caller may see: OpenShift projects (which are filtered by RBAC for every user),
 * falling back to the namespace list. A caller who may list neither sees none.
 */
export const visibleNamespaces = async (rest: KubeRest): Promise<string[]> => {
  for (const res of [RESOURCES.project, RESOURCES.namespace]) {
    try {
      const items = await rest.list<{ metadata?: { name?: string } }>(res);
      return items.map((item) => item.metadata?.name ?? '').filter(Boolean);
    } catch (error) {
      if (!isKubeError(error, 'forbidden') && !isKubeError(error, 'not_found')) throw error;
    }
  }
  return [];
};

const listNamespaced = async <T>(
  rest: KubeRest,
  res: ResourceType,
  namespaces: readonly string[],
  labelSelector: string | undefined,
): Promise<{ items: T[]; searched: string[] }> => {
  const perNamespace = await mapLimit(namespaces, NAMESPACE_FANOUT, async (namespace) => {
    try {
      return { namespace, items: await rest.list<T>(res, { namespace, labelSelector }) };
    } catch (error) {
      // A namespace the caller may not read contributes nothing: never an error, never a leak.
      if (isKubeError(error, 'forbidden') || isKubeError(error, 'not_found')) return null;
      throw error;
    }
  });
  const found = perNamespace.filter((entry) => entry !== null);
  return { items: found.flatMap((entry) => entry.items), searched: found.map((e) => e.namespace) };
};

/**
 * Lists several resources over what the caller can see: cluster-scoped lists in parallel when allowed;
 * on 403, the caller's visible namespaces one by one (the same namespaces for every resource).
 */
export const listInScope = async <T>(
  rest: KubeRest,
  resources: readonly ResourceType[],
  scope: ScopeRequest,
): Promise<ScopedLists<T>> => {
  const { labelSelector } = scope;
  if (scope.namespaces?.length) {
    const namespaces = [...new Set(scope.namespaces)];
    const results = await Promise.all(
      resources.map((res) => listNamespaced<T>(rest, res, namespaces, labelSelector)),
    );
    return { lists: results.map((r) => r.items), namespacesSearched: results[0]?.searched ?? [] };
  }

  const clusterWide = await Promise.allSettled(
    resources.map((res) => rest.list<T>(res, { labelSelector })),
  );
  const failure = clusterWide.find(
    (r): r is PromiseRejectedResult =>
      r.status === 'rejected' && !isKubeError(r.reason, 'forbidden'),
  );
  if (failure) throw failure.reason;
  if (clusterWide.every((r) => r.status === 'fulfilled')) {
    return { lists: clusterWide.map((r) => (r as PromiseFulfilledResult<T[]>).value) };
  }

  const filter = scope.namespaceFilter ?? (() => true);
  const namespaces = (await visibleNamespaces(rest)).filter(filter);
  const allowed = new Set(namespaces);
  let searched: string[] = namespaces;
  const lists = await Promise.all(
    resources.map(async (res, index) => {
      const settled = clusterWide[index];
      // Every list goes namespace by namespace so all lists cover the same namespaces.
      if (settled.status === 'fulfilled') {
        return settled.value.filter((item) =>
          allowed.has((item as { metadata?: { namespace?: string } }).metadata?.namespace ?? ''),
        );
      }
      const result = await listNamespaced<T>(rest, res, namespaces, labelSelector);
      if (index === 0) searched = result.searched;
      return result.items;
    }),
  );
  return { lists, namespacesSearched: searched };
};
