import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import { OlsError, olsErrorFromHttp } from './errors';

/**
 * Cancellation shared by one OLS call: the caller's AbortSignal plus an inactivity timeout.
 * `aborted` is a promise that rejects with the matching OlsError, so any await can be raced against it
 * (a mocked or misbehaving body stream does not always honour the fetch signal).
 */
export interface CallGuard {
  signal: AbortSignal;
  /**
   * The call's own timeout, passed to consoleFetch too: without it consoleFetch rejects after its
   * default 60 s, cutting a longer configured wait (a slow non-streaming answer) short.
   */
  timeoutMs: number;
  aborted: Promise<never>;
  /** Restarts the inactivity timer (call on every received chunk). */
  touch(): void;
  /** Stops the inactivity timer until the next touch() (OLS waits for the user's tool approval). */
  pause(): void;
  /** Stops the timer and detaches listeners; call once the call has settled. */
  dispose(): void;
  /** The OlsError that explains why the call was stopped, if it was. */
  stopReason(): OlsError | undefined;
}

export const createCallGuard = (outer: AbortSignal | undefined, timeoutMs: number): CallGuard => {
  const controller = new AbortController();
  let reason: OlsError | undefined;
  let rejectAborted: (error: OlsError) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    rejectAborted = reject;
  });
  // Nobody may be awaiting it when it rejects; that must not be an unhandled rejection.
  aborted.catch(() => undefined);

  const stop = (error: OlsError): void => {
    if (reason) return;
    reason = error;
    controller.abort();
    rejectAborted(error);
  };
  const onOuterAbort = (): void => stop(new OlsError('aborted'));

  let timer: ReturnType<typeof setTimeout> | undefined;
  const touch = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    if (timeoutMs > 0 && !reason) {
      timer = setTimeout(
        () => stop(new OlsError('timeout', { detail: `No answer within ${timeoutMs} ms.` })),
        timeoutMs,
      );
    }
  };

  const pause = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  touch();

  return {
    signal: controller.signal,
    timeoutMs,
    aborted,
    touch,
    pause,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
    stopReason: () => reason,
  };
};

interface HttpErrorLike {
  code?: unknown;
  status?: unknown;
  json?: unknown;
  message?: unknown;
  name?: unknown;
  response?: unknown;
}

/** Reads a non-2xx response body as JSON if it is JSON, else keeps the text for "more info". */
export const errorFromResponse = async (response: Response): Promise<OlsError> => {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body could not be read; the status alone still classifies the error.
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return olsErrorFromHttp(response.status, body, text);
};

/**
 * consoleFetch rejects on non-2xx with the console's HttpError ({code, response, json}), on its own
 * timeout with a TimeoutError, and fetch itself rejects with TypeError on network failure.
 */
const errorFromRejection = async (error: unknown, guard: CallGuard): Promise<OlsError> => {
  const stopped = guard.stopReason();
  if (stopped) return stopped;
  if (error instanceof OlsError) return error;
  const like = (error ?? {}) as HttpErrorLike;
  const status =
    typeof like.code === 'number' ? like.code : typeof like.status === 'number' ? like.status : 0;
  if (status >= 400) {
    if (like.json !== undefined) return olsErrorFromHttp(status, like.json);
    if (typeof Response !== 'undefined' && like.response instanceof Response) {
      if (!like.response.bodyUsed) return errorFromResponse(like.response);
    }
    return olsErrorFromHttp(
      status,
      undefined,
      typeof like.message === 'string' ? like.message : '',
    );
  }
  if (like.name === 'TimeoutError') return new OlsError('timeout');
  if (like.name === 'AbortError') return new OlsError('aborted');
  return new OlsError('network', {
    detail: typeof like.message === 'string' ? like.message : undefined,
  });
};

/**
 * POSTs JSON through the console proxy. Resolves only with a 2xx Response; every failure becomes an
 * OlsError (never another rejection type).
 */
export const postJson = async (url: string, body: unknown, guard: CallGuard): Promise<Response> => {
  let response: Response;
  try {
    response = await Promise.race([
      consoleFetch(
        url,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
          signal: guard.signal,
        },
        guard.timeoutMs,
      ),
      guard.aborted,
    ]);
  } catch (error) {
    throw await errorFromRejection(error, guard);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
};

/** GET through the console proxy with the same error mapping as postJson. */
export const getJson = async (url: string, guard: CallGuard): Promise<Response> => {
  let response: Response;
  try {
    response = await Promise.race([
      consoleFetch(url, { method: 'GET', signal: guard.signal }, guard.timeoutMs),
      guard.aborted,
    ]);
  } catch (error) {
    throw await errorFromRejection(error, guard);
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response;
};

/** Reads a whole 2xx body as JSON; non-JSON or truncated JSON is `malformed`. */
export const readJsonBody = async (response: Response, guard: CallGuard): Promise<unknown> => {
  let text: string;
  try {
    text = await Promise.race([response.text(), guard.aborted]);
  } catch (error) {
    throw guard.stopReason() ?? (error instanceof OlsError ? error : new OlsError('network'));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new OlsError('malformed', { detail: text.slice(0, 200) || 'Empty response body.' });
  }
};
