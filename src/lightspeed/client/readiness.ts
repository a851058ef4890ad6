import { OLS_ENDPOINTS } from './constants';
import { OlsError } from './errors';
import { createCallGuard, getJson, readJsonBody } from './http';

export interface OlsReadiness {
  ready: boolean;
  reason?: string;
}

/** GET /readiness; 503 (`Service is not ready`) and every failure resolve as not ready, with a reason. */
export const checkOlsReadiness = async (
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<OlsReadiness> => {
  const guard = createCallGuard(options.signal, options.timeoutMs ?? 15_000);
  try {
    const response = await getJson(OLS_ENDPOINTS.readiness, guard);
    const json = (await readJsonBody(response, guard)) as { ready?: unknown; reason?: unknown };
    return {
      ready: json?.ready === true,
      reason: typeof json?.reason === 'string' ? json.reason : undefined,
    };
  } catch (error) {
    const olsError = guard.stopReason() ?? (error instanceof OlsError ? error : undefined);
    return {
      ready: false,
      reason: olsError
        ? [olsError.kind, olsError.cause ?? olsError.detail].filter(Boolean).join(': ')
        : 'unknown',
    };
  } finally {
    guard.dispose();
  }
};
