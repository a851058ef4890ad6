import { isKubeError } from './errors';
import { mapLimit } from './mapLimit';
import { RESOURCES, type ResourceType } from './resources';
import { ListExpiredError, ResponseTooLargeError, type KubeRest } from './rest';

const NAMESPACE_FANOUT = 8;

export interface ScopeRequest {
  /** Exact namespace names to search; when absent the whole visible cluster is searched. */
  namespaces?: readonly string[];
  /** Optional filter on namespace names (globs), applied before per-namespace fallback lists. */
  namespaceFilter?: (namespace: string) => boolean;
  labelSelector?: string;
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

/** Why a streamed list ended before its last page; what it handed out before still counts. */
export type IncompleteReason = 'expired' | 'too_large' | 'namespace_gone';

export interface IncompleteList {
  resource: ResourceType;
  /** Set for a namespaced list. */
  namespace?: string;
  reason: IncompleteReason;
  /** Items of this list handed out before it ended. */
  itemsSeen: number;
}

export interface StreamStep<T> {
  res: ResourceType;
  visit: (item: T) => void;
  /** Its namespaces are the ones reported as searched (the VM list of a search). */
  primary?: boolean;
  /** Defaults to the scope's label selector. */
  labelSelector?: string | null;
}

export interface StreamedScope {
  /** Set when the search went namespace by namespace: the namespaces actually searched. */
  namespacesSearched?: string[];
  /** Lists cut short (410 Gone, a body over the cap, a namespace gone mid-way), in order seen. */
  incomplete: IncompleteList[];
}

const incompleteReason = (error: unknown): IncompleteReason | undefined =>
  error instanceof ListExpiredError
    ? 'expired'
    : error instanceof ResponseTooLargeError
      ? 'too_large'
      : undefined;

/**
 * One list of one resource, items handed to `visit` page by page. Returns false when nothing could
 * be read: forbidden (or, in a namespace, not found) on the first page. An expired or oversize
 * list, or a namespace that became forbidden / not found after some pages, is recorded in
 * `incomplete` and counts as read (its items so far were visited).
 */
const streamOne = async <T>(
  rest: KubeRest,
  step: StreamStep<T>,
  namespace: string | undefined,
  labelSelector: string | undefined,
  incomplete: IncompleteList[],
): Promise<boolean> => {
  let seen = 0;
  try {
    await rest.forEachItem<T>(step.res, { namespace, labelSelector }, (item) => {
      seen += 1;
      step.visit(item);
    });
    return true;
  } catch (error) {
    const reason = incompleteReason(error);
    if (reason) {
      incomplete.push({ resource: step.res, namespace, reason, itemsSeen: seen });
      return true;
    }
    const forbidden = isKubeError(error, 'forbidden');
    const gone = forbidden || isKubeError(error, 'not_found');
    if (namespace && gone) {
      if (seen === 0) return false;
      // Readable when the list began, not any more (deleted, or access removed, mid-way).
      incomplete.push({ resource: step.res, namespace, reason: 'namespace_gone', itemsSeen: seen });
      return true;
    }
    if (forbidden && seen === 0) return false;
    throw error;
  }
};

/**
 * Lists resources over what the caller can see, streaming: every item of every step goes to its
 * `visit` as its page arrives and nothing is kept here, so memory does not grow with the fleet.
 * Steps run in order (a later step may use what an earlier one collected), each cluster-wide when
 * allowed, else over the caller's visible namespaces (every step then covers the same namespaces).
 */
export const streamInScope = async (
  rest: KubeRest,
  steps: readonly StreamStep<never>[],
  scope: ScopeRequest,
): Promise<StreamedScope> => {
  const incomplete: IncompleteList[] = [];
  const selectorOf = (step: StreamStep<never>) =>
    step.labelSelector === null ? undefined : (step.labelSelector ?? scope.labelSelector);
  const perNamespace = async (step: StreamStep<never>, namespaces: readonly string[]) => {
    const read = await mapLimit(namespaces, NAMESPACE_FANOUT, async (namespace) =>
      (await streamOne(rest, step, namespace, selectorOf(step), incomplete)) ? namespace : null,
    );
    return read.filter((ns): ns is string => ns !== null);
  };

  if (scope.namespaces?.length) {
    const namespaces = [...new Set(scope.namespaces)];
    let searched: string[] | undefined;
    for (const step of steps) {
      const read = await perNamespace(step, namespaces);
      if (step.primary || searched === undefined) searched = read;
    }
    return { namespacesSearched: searched ?? [], incomplete };
  }

  /** Set once some step could not list cluster-wide: the visible namespaces, filtered. */
  let allowed: Set<string> | undefined;
  let visible: string[] | undefined;
  let searched: string[] | undefined;
  for (const step of steps) {
    const filtered: StreamStep<never> = allowed
      ? {
          ...step,
          visit: (item) => {
            const ns = (item as { metadata?: { namespace?: string } }).metadata?.namespace ?? '';
            if (allowed?.has(ns)) step.visit(item);
          },
        }
      : step;
    if (await streamOne(rest, filtered, undefined, selectorOf(step), incomplete)) continue;
    if (!visible) {
      const filter = scope.namespaceFilter ?? (() => true);
      visible = (await visibleNamespaces(rest)).filter(filter);
      allowed = new Set(visible);
    }
    const read = await perNamespace(step, visible);
    if (step.primary) searched = read;
  }
  if (!visible) return { incomplete };
  return { namespacesSearched: searched ?? visible, incomplete };
};
