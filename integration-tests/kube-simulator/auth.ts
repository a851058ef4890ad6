/**
 * Bearer tokens mapped to users and the namespaces RBAC lets them read. The decisions mirror what
 * common OpenShift role bindings produce: `admin`/`edit` in some namespaces, or a cluster reader.
 * One decision function (`decide`) answers both real requests (`authorize`) and
 * SelfSubjectAccessReviews, so an access review never disagrees with the request it predicts.
 * Reasons are worded like the RBAC authorizer's (kubernetes release-1.33
 * plugin/pkg/auth/authorizer/rbac/rbac.go: `RBAC: allowed by <binding> of <role> to <subject>`);
 * a denial carries no reason, as RBAC gives none.
 */
import { deterministicUid } from './store';
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
  /** Groups reported by SelfSubjectReview and `users/~`. Default: see `userInfoOf`. */
  groups?: string[];
}

export type TokenTable = Record<string, TokenGrant>;

export type Verb = string;

/** What an access review or a request asks: the ResourceAttributes of a SubjectAccessReview. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Absent or '': cluster scope (for a namespaced resource: all namespaces). */
  namespace?: string;
  name?: string;
}

export interface AccessDecision {
  allowed: boolean;
  reason?: string;
}

export const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Subresources the `view` role reads (pods/log, …/status, the kubevirt guest-agent views). */
const READABLE_SUBRESOURCES = new Set([
  'status',
  'log',
  'guestosinfo',
  'userlist',
  'filesystemlist',
]);

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

/** A '*' user without any of the restrictions: what `cluster-admin` allows, it allows. */
export const isClusterAdmin = (grant: TokenGrant): boolean =>
  grant.namespaces === '*' &&
  canListAllNamespaces(grant) &&
  grant.clusterResourcesReadable !== false &&
  grant.secretsReadable !== false;

/** username/uid/groups as the authenticator reports them (OpenShift OAuth users). */
export const userInfoOf = (
  grant: TokenGrant,
): { username: string; uid?: string; groups: string[] } => {
  const virtualAdmin = grant.user === 'kube:admin';
  const groups =
    grant.groups ??
    (virtualAdmin
      ? ['system:cluster-admins', 'system:authenticated']
      : ['system:authenticated:oauth', 'system:authenticated']);
  return {
    username: grant.user,
    // kube:admin is not a User object and has no uid; OAuth users do.
    ...(virtualAdmin ? {} : { uid: deterministicUid(`User/${grant.user}`) }),
    groups,
  };
};

const allowedBy = (binding: string): AccessDecision => ({
  allowed: true,
  reason: `RBAC: allowed by ${binding}`,
});
const DENIED: AccessDecision = { allowed: false };

const ALL_AUTHENTICATED = 'Group "system:authenticated"';

/**
 * Grants every authenticated user has on OpenShift with OpenShift Virtualization installed:
 * `system:basic-user`/`basic-user` (reviews, `users/~`, listing projectrequests and projects),
 * console-extensions-reader (console.openshift.io kinds), and the HyperConverged operator's
 * kubevirt-ui-config-reader Role (kubevirt/hyperconverged-cluster-operator
 * controllers/handlers/kubevirtConsolePlugin.go: `get` on kubevirt-ui-features, `get`/`update`/
 * `patch` on kubevirt-user-settings, in openshift-cnv; no list or watch).
 */
const publicGrant = (a: ResourceAttributes): AccessDecision | undefined => {
  const { verb, group, resource, name } = a;
  if (
    verb === 'create' &&
    ((group === 'authorization.k8s.io' &&
      ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'].includes(resource)) ||
      (group === 'authentication.k8s.io' && resource === 'selfsubjectreviews'))
  ) {
    return allowedBy(
      `ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to ${ALL_AUTHENTICATED}`,
    );
  }
  const basicUser = allowedBy(
    `ClusterRoleBinding "basic-users" of ClusterRole "basic-user" to ${ALL_AUTHENTICATED}`,
  );
  if (group === 'user.openshift.io' && resource === 'users' && verb === 'get' && name === '~') {
    return basicUser;
  }
  if (group === 'project.openshift.io' && resource === 'projectrequests' && verb === 'list') {
    return basicUser;
  }
  if (
    group === 'project.openshift.io' &&
    resource === 'projects' &&
    (verb === 'list' || verb === 'watch') &&
    !name
  ) {
    return basicUser;
  }
  if (group === 'console.openshift.io' && READ_VERBS.has(verb) && !a.subresource) {
    return allowedBy(
      `ClusterRoleBinding "console-extensions-reader" of ClusterRole "console-extensions-reader" to ${ALL_AUTHENTICATED}`,
    );
  }
  const uiConfigVerbs = new Map([
    ['kubevirt-user-settings', ['get', 'update', 'patch']],
    ['kubevirt-ui-features', ['get']],
  ]);
  if (
    group === '' &&
    resource === 'configmaps' &&
    !a.subresource &&
    a.namespace === 'openshift-cnv' &&
    name !== undefined &&
    (uiConfigVerbs.get(name) ?? []).includes(verb)
  ) {
    return allowedBy(
      `RoleBinding "kubevirt-ui-config-reader-rolebinding/openshift-cnv" of Role "kubevirt-ui-config-reader" to ${ALL_AUTHENTICATED}`,
    );
  }
  return undefined;
};

/** The read decision of the model documented on TokenGrant. */
const decideRead = (
  grant: TokenGrant,
  a: ResourceAttributes,
  type: ResourceType | undefined,
): AccessDecision => {
  const user = `User "${grant.user}"`;
  const namespace = a.namespace || undefined;
  if (a.subresource && grant.namespaces !== '*' && !READABLE_SUBRESOURCES.has(a.subresource)) {
    return DENIED;
  }
  if (type === PROJECTS) {
    // Listing is public (above); a named project must be one of the caller's namespaces.
    const project = a.name ?? namespace;
    return project && canReadNamespace(grant, project)
      ? allowedBy(`RoleBinding "${grant.user}-view/${project}" of ClusterRole "view" to ${user}`)
      : DENIED;
  }
  if (type === NAMESPACES) {
    const ok = a.name ? canReadNamespace(grant, a.name) : canListAllNamespaces(grant);
    return ok
      ? allowedBy(`ClusterRoleBinding "cluster-readers" of ClusterRole "cluster-reader" to ${user}`)
      : DENIED;
  }
  const namespaced = type ? type.namespaced : namespace !== undefined;
  if (!namespaced) {
    const readers = type ? (type.readers ?? 'infrastructure') : 'cluster-readers';
    if (readers === 'authenticated') {
      return allowedBy(
        `ClusterRoleBinding "basic-users" of ClusterRole "basic-user" to ${ALL_AUTHENTICATED}`,
      );
    }
    if (grant.clusterResourcesReadable === false) return DENIED;
    if (readers === 'cluster-readers' && grant.namespaces !== '*') return DENIED;
    return allowedBy(
      grant.namespaces === '*'
        ? `ClusterRoleBinding "cluster-readers" of ClusterRole "cluster-reader" to ${user}`
        : `ClusterRoleBinding "kube-simulator:infrastructure-readers" of ClusterRole "kube-simulator:infrastructure-reader" to ${ALL_AUTHENTICATED}`,
    );
  }
  if (namespace === undefined) {
    if (!canListAllNamespaces(grant)) return DENIED;
  } else if (!canReadNamespace(grant, namespace)) {
    return DENIED;
  }
  const secrets = grant.secretsReadable ?? grant.namespaces === '*';
  if (a.group === '' && a.resource === 'secrets' && !secrets) return DENIED;
  const role = secrets ? 'admin' : 'view';
  return allowedBy(
    namespace === undefined
      ? `ClusterRoleBinding "cluster-readers" of ClusterRole "cluster-reader" to ${user}`
      : `RoleBinding "${grant.user}-${role}/${namespace}" of ClusterRole "${role}" to ${user}`,
  );
};

/**
 * May this caller do this? `type` is the served kind when the resource is one (its scope and
 * readers then apply); unknown resources count as namespaced when a namespace is given.
 *
 * Read verbs follow the TokenGrant model. Other verbs: a cluster admin may do anything; another
 * '*' user may write what it may read; a restricted user may write nothing (reads only, in their
 * namespaces). The simulator itself is read-only: an allowed write is answered 405 (see README).
 */
export const decide = (
  grant: TokenGrant,
  attributes: ResourceAttributes,
  type?: ResourceType,
): AccessDecision => {
  const a = { ...attributes, namespace: attributes.namespace || undefined };
  const open = publicGrant(a);
  if (open) return open;
  if (isClusterAdmin(grant)) {
    const groups = userInfoOf(grant).groups;
    return allowedBy(
      groups.includes('system:cluster-admins')
        ? 'ClusterRoleBinding "cluster-admins" of ClusterRole "cluster-admin" to Group "system:cluster-admins"'
        : `ClusterRoleBinding "cluster-admin-${grant.user}" of ClusterRole "cluster-admin" to User "${grant.user}"`,
    );
  }
  if (READ_VERBS.has(a.verb)) return decideRead(grant, a, type);
  if (grant.namespaces !== '*') return DENIED;
  // A '*' user without cluster-admin writes what it reads (admin in every namespace).
  return decideRead(grant, { ...a, verb: a.name ? 'get' : 'list' }, type);
};

/** Non-resource URLs: cluster admins everything, others the discovery and health paths. */
export const decideNonResource = (
  grant: TokenGrant,
  verb: string,
  path: string,
): AccessDecision => {
  if (isClusterAdmin(grant)) {
    return allowedBy(
      `ClusterRoleBinding "cluster-admin-${grant.user}" of ClusterRole "cluster-admin" to User "${grant.user}"`,
    );
  }
  const discovery =
    /^\/(api|apis|openapi|\.well-known)(\/.*)?$/.test(path) ||
    ['/healthz', '/livez', '/readyz', '/version', '/version/'].includes(path);
  return verb === 'get' && discovery
    ? allowedBy(
        `ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to ${ALL_AUTHENTICATED}`,
      )
    : DENIED;
};

/** Throws a 403 Status when RBAC would refuse the request. */
export const authorize = (
  grant: TokenGrant,
  verb: Verb,
  type: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  subresource?: string,
): void => {
  const decision = decide(
    grant,
    { verb, group: type.group, resource: type.resource, subresource, namespace, name },
    type,
  );
  if (!decision.allowed) {
    const ns = type === PROJECTS || !type.namespaced ? undefined : namespace;
    throw forbidden(
      grant.user,
      verb,
      type,
      type === PROJECTS ? (name ?? namespace) : ns,
      name,
      subresource,
    );
  }
};
