/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import fc from 'fast-check';
import {
  SAMPLE_STREAM_ANSWER,
  SAMPLE_STREAM_TEXT,
  olsStreamText,
  sseLine,
} from '../testing/olsResponses';
import { reduceOlsEvents } from './resultReducer';
import type { OlsStreamEvent } from './streamEvents';
import { createOlsStreamParser } from './streamParser';

const encoder = new TextEncoder();

const parseChunks = (chunks: (string | Uint8Array)[]): OlsStreamEvent[] => {
  const parser = createOlsStreamParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
};

/** Splits bytes at the given sorted cut positions. */
const splitAt = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    parts.push(bytes.slice(start, cut));
    start = cut;
  }
  return parts;
};

describe('createOlsStreamParser', () => {
  const bytes = encoder.encode(SAMPLE_STREAM_TEXT);
  const whole = parseChunks([bytes]);

  it('parses the known events, drops unknown ones and keeps available_quotas of end', () => {
    expect(whole.map((event) => event.event)).toEqual([
      'start',
      'skill_selected',
      'reasoning',
      'tool_call',
      'tool_result',
      'token',
      'token',
      'token',
      'end',
    ]);
    const end = whole[whole.length - 1];
    expect(end).toMatchObject({ event: 'end', availableQuotas: { UserQuotaLimiter: 998911 } });
    expect(reduceOlsEvents(whole).text).toBe(SAMPLE_STREAM_ANSWER);
  });

  it('the sample really contains multi-byte characters (so byte splits can land inside them)', () => {
    expect(bytes.length).toBeGreaterThan(SAMPLE_STREAM_TEXT.length);
  });

  it('gives identical events when the stream is split at every single byte position', () => {
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      expect(parseChunks(splitAt(bytes, [cut]))).toEqual(whole);
    }
  });

  it('gives identical events when fed one byte at a time', () => {
    const oneByteChunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(parseChunks(oneByteChunks)).toEqual(whole);
  });

  it('gives identical events for any random set of split points', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 }),
        (cuts) => {
          expect(
            parseChunks(
              splitAt(
                bytes,
                [...cuts].sort((a, b) => a - b),
              ),
            ),
          ).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts already-decoded string chunks split at every character', () => {
    for (let cut = 0; cut <= SAMPLE_STREAM_TEXT.length; cut += 7) {
      expect(
        parseChunks([SAMPLE_STREAM_TEXT.slice(0, cut), SAMPLE_STREAM_TEXT.slice(cut)]),
      ).toEqual(whole);
    }
  });

  it('accepts CRLF line endings and data lines without the space after the colon', () => {
    const crlf = SAMPLE_STREAM_TEXT.replace(/\n/g, '\r\n').replace(/data: /g, 'data:');
    expect(parseChunks([crlf])).toEqual(whole);
  });

  it('dispatches the last event even when the final blank line is missing', () => {
    const text = SAMPLE_STREAM_TEXT.replace(/\n\n$/, '');
    expect(parseChunks([text])).toEqual(whole);
  });

  it('returns events as soon as their blank line arrives, not before', () => {
    const parser = createOlsStreamParser();
    const line = sseLine({ event: 'token', data: { id: 0, token: 'hi' } });
    expect(parser.push(line.slice(0, -1))).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'token', data: { id: 0, token: 'hi' } }]);
  });

  it('reports a non-JSON data line as malformed', () => {
    expect(parseChunks(['data: not json\n\n'])).toEqual([{ event: 'malformed', raw: 'not json' }]);
  });

  it('reports a JSON value that is not an event object as malformed', () => {
    expect(parseChunks(['data: [1,2]\n\n'])[0]).toMatchObject({ event: 'malformed' });
  });

  it('reports a stream cut off inside a data line as malformed', () => {
    const text = olsStreamText([{ event: 'token', data: { id: 0, token: 'abc' } }]);
    expect(parseChunks([text.slice(0, 20)])).toEqual([
      { event: 'malformed', raw: text.slice(6, 20) },
    ]);
  });

  it('ignores comments and other SSE fields', () => {
    const text = `: keep-alive\nevent: message\nid: 4\n${sseLine({ event: 'start', data: {} })}`;
    expect(parseChunks([text])).toEqual([{ event: 'start', data: {} }]);
  });
});
