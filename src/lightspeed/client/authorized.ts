import { OLS_AUTHORIZED_URL } from './constants';
import { OlsError } from './errors';
import { createCallGuard, postJson } from './http';

/**
 * `POST /authorized`, asked first as lightspeed-console does (openshift/lightspeed-console 1.1.3
 * `src/components/GeneralPage.tsx` → NotAuthenticated / NotAuthorized). OLS answers 403 when the user
 * fails the SubjectAccessReview on nonResourceURL `/ols-access` (the operator's unbound
 * `lightspeed-operator-query-access` ClusterRole), 401 without a valid token.
 */
export type OlsAuthorization = 'authorized' | 'not-authenticated' | 'not-authorized' | 'unknown';

export const checkOlsAuthorization = async (
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<{ authorization: OlsAuthorization; detail?: string }> => {
  const guard = createCallGuard(options.signal, options.timeoutMs ?? 15_000);
  try {
    await postJson(OLS_AUTHORIZED_URL, {}, guard);
    return { authorization: 'authorized' };
  } catch (error) {
    const olsError = error instanceof OlsError ? error : undefined;
    const detail = olsError?.detail;
    if (olsError?.status === 401) return { authorization: 'not-authenticated', detail };
    if (olsError?.status === 403) return { authorization: 'not-authorized', detail };
    // Network trouble, 5xx: not a verdict on the user; the probe decides.
    return { authorization: 'unknown', detail: olsError ? olsError.kind : String(error) };
  } finally {
    guard.dispose();
  }
};
