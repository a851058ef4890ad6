/**
 * Every way an OLS call can fail, as one typed error. Components show `kind`'s translated message and
 * offer `detail` as "more info"; nothing here is user-facing text on its own.
 */
export type OlsErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'prompt-too-long'
  | 'validation'
  | 'quota'
  | 'server'
  | 'bad-gateway'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'stream-error'
  | 'malformed'
  | 'too-large'
  | 'mcp-unavailable';

export interface OlsErrorInit {
  /** HTTP status, or the `status_code` of an in-stream error event. */
  status?: number;
  /** Server-provided text (`detail`, `detail.response`, the error event's `response`). */
  detail?: string;
  /** Server-provided cause (`detail.cause`), or a joined validation message list. */
  cause?: string;
}

export class OlsError extends Error {
  readonly kind: OlsErrorKind;
  readonly status?: number;
  readonly detail?: string;
  readonly cause?: string;

  constructor(kind: OlsErrorKind, init: OlsErrorInit = {}) {
    super(init.detail ? `${kind}: ${init.detail}` : kind);
    this.name = 'OlsError';
    this.kind = kind;
    this.status = init.status;
    this.detail = init.detail;
    this.cause = init.cause;
  }
}

export const isOlsError = (value: unknown): value is OlsError => value instanceof OlsError;

/** Errors the user can fix by trying again (as opposed to permissions or oversized input). */
export const isRetryable = (error: OlsError): boolean =>
  !['unauthorized', 'forbidden', 'too-large', 'prompt-too-long', 'validation'].includes(error.kind);

interface ParsedDetail {
  detail?: string;
  cause?: string;
}

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * OLS error bodies come in three shapes: `{detail: string}` (401/403), `{detail: {response, cause}}`
 * (413/422/500/503) and FastAPI's `{detail: [{loc, msg, type}]}` (422).
 */
export const parseErrorDetail = (body: unknown): ParsedDetail => {
  if (!body || typeof body !== 'object') return {};
  const detail = (body as { detail?: unknown }).detail;
  if (typeof detail === 'string') return { detail: asString(detail) };
  if (Array.isArray(detail)) {
    const messages = detail
      .map((item: unknown) => {
        if (!item || typeof item !== 'object') return undefined;
        const { loc, msg } = item as { loc?: unknown; msg?: unknown };
        const where = Array.isArray(loc) ? loc.join('.') : undefined;
        const text = asString(msg);
        if (!text) return undefined;
        return where ? `${where}: ${text}` : text;
      })
      .filter((message): message is string => Boolean(message));
    return { detail: messages[0], cause: messages.length ? messages.join('; ') : undefined };
  }
  if (detail && typeof detail === 'object') {
    const { response, cause } = detail as { response?: unknown; cause?: unknown };
    return { detail: asString(response), cause: asString(cause) };
  }
  return {};
};

const QUOTA_PATTERN = /quota has been exceeded/i;

/** Maps an HTTP error status and its (already parsed, possibly absent) JSON body to an OlsError. */
export const olsErrorFromHttp = (status: number, body: unknown, rawText?: string): OlsError => {
  const parsed = parseErrorDetail(body);
  const init: OlsErrorInit = {
    status,
    detail: parsed.detail ?? (body === undefined ? asString(rawText?.slice(0, 500)) : undefined),
    cause: parsed.cause,
  };
  switch (status) {
    case 401:
      return new OlsError('unauthorized', init);
    case 403:
      return new OlsError('forbidden', init);
    case 404:
    case 405:
      // The route is missing: OLS is too old, or the proxy does not reach it.
      return new OlsError('unavailable', init);
    case 413:
      return new OlsError('prompt-too-long', init);
    case 422:
      return new OlsError('validation', init);
    case 502:
      return new OlsError('bad-gateway', init);
    case 503:
      return new OlsError('unavailable', init);
    case 504:
      return new OlsError('timeout', init);
    default:
      if (status >= 500 && QUOTA_PATTERN.test(`${parsed.detail ?? ''} ${parsed.cause ?? ''}`)) {
        return new OlsError('quota', init);
      }
      return new OlsError('server', init);
  }
};

/** An `error` event inside a 200 stream: `{response, cause}`, or `{status_code: 413, response, cause}`. */
export const olsErrorFromStreamEvent = (data: unknown): OlsError => {
  const {
    response,
    cause,
    status_code: statusCode,
  } = (data ?? {}) as {
    response?: unknown;
    cause?: unknown;
    status_code?: unknown;
  };
  return new OlsError('stream-error', {
    status: typeof statusCode === 'number' ? statusCode : undefined,
    detail: asString(response),
    cause: asString(cause),
  });
};
