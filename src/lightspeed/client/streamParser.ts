import { KNOWN_STREAM_EVENTS, type OlsStreamEvent } from './streamEvents';

export interface OlsStreamParser {
  /** Feeds the next chunk (bytes straight from the body, or already-decoded text). */
  push(chunk: string | Uint8Array): OlsStreamEvent[];
  /** Flushes what is left once the body has ended. */
  end(): OlsStreamEvent[];
}

const MAX_RAW_PREVIEW = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One event's `data:` payload → a typed event, `null` for unknown events, or `malformed`. */
const toEvent = (payload: string): OlsStreamEvent | null => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return { event: 'malformed', raw: payload.slice(0, MAX_RAW_PREVIEW) };
  }
  if (!isRecord(parsed) || typeof parsed.event !== 'string') {
    return { event: 'malformed', raw: payload.slice(0, MAX_RAW_PREVIEW) };
  }
  // Newer OLS versions add events (history_compression_*, ...); they carry nothing we show.
  if (!KNOWN_STREAM_EVENTS.has(parsed.event)) return null;
  const data = isRecord(parsed.data) ? parsed.data : {};
  if (parsed.event === 'end') {
    const quotas = parsed.available_quotas;
    return {
      event: 'end',
      data,
      ...(isRecord(quotas) ? { availableQuotas: quotas as Record<string, number> } : {}),
    };
  }
  return { event: parsed.event, data } as OlsStreamEvent;
};

/**
 * Incremental parser of the OLS JSON stream. Pure: no I/O, no timers. It keeps partial lines and
 * partial UTF-8 sequences between chunks, so a chunk boundary may fall anywhere, including inside a
 * multi-byte character or between the two newlines that end an event.
 *
 * SSE framing: `data:` lines accumulate until a blank line dispatches them (joined with `\n`);
 * other fields (`event:`, `id:`, comments) are ignored because OLS names the event inside the JSON.
 */
export const createOlsStreamParser = (): OlsStreamParser => {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let dataLines: string[] = [];

  const dispatch = (out: OlsStreamEvent[]): void => {
    if (dataLines.length === 0) return;
    const payload = dataLines.join('\n');
    dataLines = [];
    const event = toEvent(payload);
    if (event) out.push(event);
  };

  const consumeLine = (rawLine: string, out: OlsStreamEvent[]): void => {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') {
      dispatch(out);
      return;
    }
    if (line.startsWith('data:')) {
      const value = line.slice(5);
      dataLines.push(value.startsWith(' ') ? value.slice(1) : value);
    }
  };

  const drainLines = (out: OlsStreamEvent[]): void => {
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      consumeLine(buffer.slice(0, newline), out);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  };

  return {
    push(chunk) {
      const out: OlsStreamEvent[] = [];
      buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      drainLines(out);
      return out;
    },
    end() {
      const out: OlsStreamEvent[] = [];
      buffer += decoder.decode();
      drainLines(out);
      // A final line without its newline is still a complete line once the body has ended.
      if (buffer.length > 0) {
        consumeLine(buffer, out);
        buffer = '';
      }
      dispatch(out);
      return out;
    },
  };
};
