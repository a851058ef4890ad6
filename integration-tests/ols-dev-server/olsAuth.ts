/**
 * OLS's authentication and authorization, as openshift/lightspeed-service 1.1.3
 * `ols/src/auth/k8s.py` (AuthDependency, virtual_path "/ols-access") does it on every protected route:
 * no Authorization header → 401 "Unauthorized: No auth header found"; a header that is not
 * "Bearer <token>" → 401 "Unauthorized: Bearer token not found or invalid"; a TokenReview that does
 * not authenticate the token → 403 "Forbidden: Invalid or expired token"; a SubjectAccessReview for
 * nonResourceURL `/ols-access`, verb `get`, that is not allowed → 403 "Forbidden: User does not have
 * access". On success OLS knows the user's uid and username (`POST /authorized`, from
 * `ols/app/endpoints/authorized.py`, answers `{user_id, username, skip_user_id_check: false}`).
 *
 * The dev server has no Kubernetes API behind it: `users` stands in for TokenReview (token → user)
 * and the `olsAccess` grant for the SubjectAccessReview: the subjects of a ClusterRoleBinding to the
 * ClusterRole `lightspeed-operator-query-access` that openshift/lightspeed-operator ships unbound
 * (bundle/manifests/lightspeed-operator-query-access_…_clusterrole.yaml: nonResourceURLs
 * /ols-access and /ls-access, verb get). Routes without the dependency (readiness, liveness,
 * feedback/status, openapi.json) do no check.
 */
import { createHash } from 'node:crypto';

/** A user the stand-in TokenReview knows. */
export interface OlsUser {
  token: string;
  username: string;
  /** Default: a UUID derived from the username (OpenShift user UIDs are UUIDs). */
  uid?: string;
}

/** Who has `get` on nonResourceURL /ols-access: '*' = every authenticated user, else usernames. */
export type OlsAccessGrant = '*' | string[];

export type OlsAccessDecision = 'allowed' | 'denied' | 'unauthenticated';

export interface OlsIdentity {
  uid: string;
  username: string;
}

export type AuthOutcome =
  | { ok: true; identity: OlsIdentity; token: string }
  | { ok: false; status: 401 | 403; body: { detail: string } };

/** A stable UUID-shaped uid for a username. */
export const uidFor = (username: string): string => {
  const h = createHash('sha1').update(`ols-dev-server/${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** What k8s.py's `_extract_bearer_token` returns: the token after "Bearer " (any case), else ''. */
export const bearerToken = (header: string): string => {
  const space = header.indexOf(' ');
  if (space < 0) return '';
  return header.slice(0, space).toLowerCase() === 'bearer' ? header.slice(space + 1) : '';
};

/** With no user list every token authenticates, as this generic user. */
export const ANY_TOKEN_USER = 'dev';

export const createOlsAuth = (users?: OlsUser[]) => {
  const byToken = new Map((users ?? []).map((u) => [u.token, u]));

  /** The stand-in TokenReview: undefined when the token is not authenticated. */
  const tokenReview = (token: string): OlsIdentity | undefined => {
    if (!users) return { username: ANY_TOKEN_USER, uid: uidFor(ANY_TOKEN_USER) };
    const u = byToken.get(token);
    return u && { username: u.username, uid: u.uid ?? uidFor(u.username) };
  };

  const allowed = (grant: OlsAccessGrant, identity: OlsIdentity) =>
    grant === '*' || grant.includes(identity.username);

  /** The AuthDependency of a protected route, given the Authorization header. */
  const authorize = (authorization: string | undefined, grant: OlsAccessGrant): AuthOutcome => {
    if (!authorization)
      return { ok: false, status: 401, body: { detail: 'Unauthorized: No auth header found' } };
    const token = bearerToken(authorization);
    if (!token)
      return {
        ok: false,
        status: 401,
        body: { detail: 'Unauthorized: Bearer token not found or invalid' },
      };
    const identity = tokenReview(token);
    if (!identity)
      return { ok: false, status: 403, body: { detail: 'Forbidden: Invalid or expired token' } };
    if (!allowed(grant, identity))
      return { ok: false, status: 403, body: { detail: 'Forbidden: User does not have access' } };
    return { ok: true, identity, token };
  };

  /** The decision for a bare token (undefined = no token sent). */
  const decide = (token: string | undefined, grant: OlsAccessGrant): OlsAccessDecision => {
    const identity = token ? tokenReview(token) : undefined;
    if (!identity) return 'unauthenticated';
    return allowed(grant, identity) ? 'allowed' : 'denied';
  };

  return { authorize, decide, tokenReview };
};
