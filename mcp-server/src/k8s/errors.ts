import { resourceName, type ResourceType } from './resources';

export type KubeErrorKind =
  | 'forbidden'
  | 'not_found'
  | 'unauthorized'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'invalid'
  | 'other';

export interface RequestTarget {
  verb: 'get' | 'list';
  resource: ResourceType;
  namespace?: string;
  name?: string;
}

const scope = (target: RequestTarget): string =>
  target.resource.namespaced && target.namespace
    ? `in namespace "${target.namespace}"`
    : target.resource.namespaced
      ? 'across all namespaces'
      : 'at the cluster scope';

const describe = (kind: KubeErrorKind, target: RequestTarget, status: number): string => {
  const res = resourceName(target.resource);
  const named = target.name ? ` "${target.name}"` : '';
  switch (kind) {
    case 'forbidden':
      return `not allowed to ${target.verb} ${res}${named} ${scope(target)}`;
    case 'not_found':
      return `${res}${named} not found ${scope(target)}`;
    case 'unauthorized':
      return 'the Kubernetes API rejected the credentials (401 Unauthorized): the token is invalid or expired';
    case 'rate_limited':
      return `the Kubernetes API is throttling requests (429) while trying to ${target.verb} ${res}; try again shortly`;
    case 'unavailable':
      return `the Kubernetes API could not be reached or failed (${status || 'no response'}) while trying to ${target.verb} ${res} ${scope(target)}`;
    case 'timeout':
      return `the Kubernetes API did not answer in time while trying to ${target.verb} ${res} ${scope(target)}`;
    default:
      return `the Kubernetes API returned ${status} while trying to ${target.verb} ${res}${named} ${scope(target)}`;
  }
};

/** A Kubernetes API failure with a message the model can act on (no server internals, no tokens). */
export class KubeApiError extends Error {
  constructor(
    readonly kind: KubeErrorKind,
    readonly status: number,
    readonly target: RequestTarget,
  ) {
    super(describe(kind, target, status));
    this.name = 'KubeApiError';
  }
}

export const errorKindForStatus = (status: number): KubeErrorKind => {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 422) return 'invalid';
  if (status >= 500) return 'unavailable';
  return 'other';
};

export const isKubeError = (error: unknown, kind?: KubeErrorKind): error is KubeApiError =>
  error instanceof KubeApiError && (kind === undefined || error.kind === kind);
