/**
 * What went wrong with a fix, in the terms the user acts on. The SDK rejects with an HttpError
 * (`code`, `json` = the Status) or a TimeoutError; anything else is reported as it is.
 */
export type FixErrorKind = 'forbidden' | 'conflict' | 'changed' | 'timeout' | 'notFound' | 'other';

export interface FixError {
  kind: FixErrorKind;
  /** The API server's own message, when it sent one. */
  detail: string;
}

interface HttpLike {
  name?: string;
  message?: string;
  code?: number;
  response?: { status?: number };
  json?: { message?: string; details?: { causes?: { message?: string }[] } };
}

export const classifyFixError = (error: unknown): FixError => {
  const e = (error ?? {}) as HttpLike;
  const detail =
    e.json?.message ?? e.json?.details?.causes?.[0]?.message ?? e.message ?? String(error);
  if (e.name === 'TimeoutError' || /timed out/i.test(e.message ?? ''))
    return { kind: 'timeout', detail };
  const code = e.code ?? e.response?.status;
  if (code === 403) return { kind: 'forbidden', detail };
  if (code === 404) return { kind: 'notFound', detail };
  if (code === 409) return { kind: 'conflict', detail };
  // A failed JSON patch `test` (resourceVersion or the old value): the VM changed meanwhile.
  if (code === 422)
    return { kind: 'changed', detail: e.json?.details?.causes?.[0]?.message ?? detail };
  return { kind: 'other', detail };
};
