import type { LightspeedRequest, OLSQueryResult } from '../types';
import { DEFAULT_QUERY_TIMEOUT_MS, OLS_ENDPOINTS } from './constants';
import { OlsError, olsErrorFromStreamEvent } from './errors';
import { createCallGuard, postJson, readJsonBody, type CallGuard } from './http';
import { buildQueryBody, type OlsQueryBody, type SizeLimits } from './requestBody';
import { emptyQueryResult, fromLLMResponse, reduceOlsEvent } from './resultReducer';
import type { OlsStreamEvent } from './streamEvents';
import { createOlsStreamParser } from './streamParser';
import { watchToolApprovals, type ToolApprovalWatch } from './toolApproval';

export interface StreamQueryOptions {
  signal?: AbortSignal;
  /** Called for every known event with the answer accumulated so far (after the event). */
  onEvent?: (event: OlsStreamEvent, result: OLSQueryResult) => void;
  /** Inactivity timeout: no response, or no chunk, for this long → `timeout`. 0 disables it. */
  timeoutMs?: number;
  /** Whether the deployed OLS accepts `mode` / `mcp_headers` (its /openapi.json declares `mode`). */
  supportsMode?: boolean;
  conversationId?: string;
  mcpHeaders?: Record<string, Record<string, string>>;
  /** Admin limits from the runtime config; OLS's own limits always apply. */
  limits?: Partial<SizeLimits>;
}

/** Drives the parser over the body and folds events into the answer; rejects with OlsError only. */
const readStream = async (
  response: Response,
  guard: CallGuard,
  onEvent: StreamQueryOptions['onEvent'],
  approvals: ToolApprovalWatch,
): Promise<OLSQueryResult> => {
  const parser = createOlsStreamParser();
  let result = emptyQueryResult();
  let ended = false;

  const apply = (events: OlsStreamEvent[]): void => {
    for (const event of events) {
      if (event.event === 'malformed') {
        throw new OlsError('malformed', { detail: `Unreadable stream line: ${event.raw}` });
      }
      if (event.event === 'error') throw olsErrorFromStreamEvent(event.data);
      if (event.event === 'end') ended = true;
      result = reduceOlsEvent(result, event);
      onEvent?.(event, result);
    }
    approvals.update(result);
  };

  if (!response.body) {
    // No streaming body (some proxies buffer): parse the whole text the same way.
    const text = await Promise.race([response.text(), guard.aborted]);
    apply(parser.push(text));
  } else {
    const reader = response.body.getReader();
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await Promise.race([reader.read(), guard.aborted]);
        } catch (error) {
          throw (
            guard.stopReason() ??
            (error instanceof OlsError
              ? error
              : new OlsError('network', { detail: 'The answer stream was interrupted.' }))
          );
        }
        if (chunk.done) break;
        guard.touch();
        apply(parser.push(chunk.value));
      }
    } finally {
      // Releases the connection when we stop early (error event, abort, timeout).
      reader.cancel().catch(() => undefined);
    }
  }
  apply(parser.end());
  if (!ended) {
    throw new OlsError('malformed', { detail: 'The answer stream ended before it was complete.' });
  }
  return result;
};

/** Non-streaming fallback for OLS builds or proxies without /v1/streaming_query. */
const queryOnce = async (body: OlsQueryBody, guard: CallGuard): Promise<OLSQueryResult> => {
  const response = await postJson(OLS_ENDPOINTS.query, body, guard);
  const json = await readJsonBody(response, guard);
  const result = fromLLMResponse(json);
  if (!result) {
    throw new OlsError('malformed', { detail: 'The answer is not an OLS LLMResponse.' });
  }
  return result;
};

const isRouteMissing = (error: unknown): boolean =>
  error instanceof OlsError && (error.status === 404 || error.status === 405);

/**
 * Asks OLS and streams the answer. Resolves with the complete answer; rejects only with `OlsError`
 * (size check failures reject before any request is made).
 */
export const streamQuery = async (
  request: LightspeedRequest,
  options: StreamQueryOptions = {},
): Promise<OLSQueryResult> => {
  const body = buildQueryBody(
    request,
    {
      supportsMode: options.supportsMode === true,
      conversationId: options.conversationId,
      mcpHeaders: options.mcpHeaders,
    },
    options.limits,
  );
  const guard = createCallGuard(options.signal, options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
  // While OLS waits for the user to approve a tool call, the inactivity timeout is paused.
  const approvals = watchToolApprovals(guard);
  try {
    let response: Response;
    try {
      response = await postJson(OLS_ENDPOINTS.streamingQuery, body, guard);
    } catch (error) {
      if (!isRouteMissing(error)) throw error;
      return await queryOnce(body, guard);
    }
    return await readStream(response, guard, options.onEvent, approvals);
  } catch (error) {
    throw guard.stopReason() ?? (error instanceof OlsError ? error : unexpected(error));
  } finally {
    approvals.dispose();
    guard.dispose();
  }
};

const unexpected = (error: unknown): OlsError =>
  new OlsError('malformed', { detail: error instanceof Error ? error.message : String(error) });
