/**
 * Bearer tokens mapped to users and the namespaces RBAC lets them read. The decisions mirror what
 * common OpenShift role bindings produce: `admin`/`edit` in some namespaces, or a cluster reader.
 */
import { NAMESPACES, PROJECTS, type ResourceType } from './resources';
import { forbidden, unauthorized } from './status';

export interface TokenGrant {
  user: string;
  /** Namespaces the user may read; '*' = every namespace. */
  namespaces: '*' | string[];
  /**
   * May list namespaced resources across all namespaces (`/api/v1/pods`) and list Namespaces.
   * Default: true for '*' users. A '*' user with false reads every namespace, one at a time.
   * Restricted users can never have it: real RBAC has no filtered all-namespaces list.
   */
  canListClusterScoped?: boolean;
  /** May read Nodes, StorageClasses, PersistentVolumes, cluster instancetypes/preferences. Default true. */
  clusterResourcesReadable?: boolean;
  /**
   * May read Secrets in the namespaces above. Default: true for '*' users, false otherwise (the
   * `view` role); true for a restricted user models `admin`/`edit` in their own namespaces.
   */
  secretsReadable?: boolean;
}

export type TokenTable = Record<string, TokenGrant>;

export type Verb = 'get' | 'list' | 'watch';

export const validateTokens = (tokens: TokenTable): void => {
  for (const [token, grant] of Object.entries(tokens)) {
    if (grant.namespaces !== '*' && grant.canListClusterScoped) {
      throw new Error(
        `token for ${grant.user}: canListClusterScoped needs namespaces '*' (${token.length} chars)`,
      );
    }
  }
};

export const authenticate = (tokens: TokenTable, authorization: string | undefined): TokenGrant => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const grant = m ? tokens[m[1]] : undefined;
  if (!grant) throw unauthorized();
  return grant;
};

export const canReadNamespace = (grant: TokenGrant, namespace: string): boolean =>
  grant.namespaces === '*' || grant.namespaces.includes(namespace);

const canListAllNamespaces = (grant: TokenGrant): boolean =>
  grant.canListClusterScoped ?? grant.namespaces === '*';

/** Throws a 403 Status when RBAC would refuse the request. */
export const authorize = (
  grant: TokenGrant,
  verb: Verb,
  type: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
): void => {
  const deny = (ns: string | undefined) => forbidden(grant.user, verb, type, ns, name);
  if (type === PROJECTS) {
    // Listing projects is always allowed (the server filters); a named project must be visible.
    if (name && !canReadNamespace(grant, name)) throw deny(name);
    return;
  }
  if (type === NAMESPACES) {
    if (name ? !canReadNamespace(grant, name) : !canListAllNamespaces(grant)) throw deny(undefined);
    return;
  }
  if (!type.namespaced) {
    if (grant.clusterResourcesReadable === false) throw deny(undefined);
    return;
  }
  if (namespace === undefined) {
    if (!canListAllNamespaces(grant)) throw deny(undefined);
  } else if (!canReadNamespace(grant, namespace)) {
    throw deny(namespace);
  }
  if (type.resource === 'secrets' && !(grant.secretsReadable ?? grant.namespaces === '*')) {
    throw deny(namespace);
  }
};
