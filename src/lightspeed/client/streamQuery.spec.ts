/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { consoleFetch, HttpError } from '@openshift-console/dynamic-plugin-sdk';
import {
  SAMPLE_STREAM_ANSWER,
  SAMPLE_STREAM_TEXT,
  controllableStream,
  jsonResponse,
  olsStreamText,
  streamingResponse,
  textResponse,
} from '../testing/olsResponses';
import type { LightspeedRequest } from '../types';
import { OLS_ENDPOINTS } from './constants';
import { describeOlsError } from './describeError';
import { OlsError, type OlsErrorKind } from './errors';
import { streamQuery } from './streamQuery';

const fetchMock = jest.mocked(consoleFetch);
const request: LightspeedRequest = {
  query: 'Why is db-01 failing?',
  attachments: [
    { attachment_type: 'api object', content_type: 'application/yaml', content: 'a: 1' },
  ],
};
const t = (key: string) => key;

/** Runs a query and returns the OlsError it rejected with (fails the test if it resolved). */
const queryError = async (options: Parameters<typeof streamQuery>[1] = {}): Promise<OlsError> => {
  try {
    await streamQuery(request, options);
  } catch (error) {
    expect(error).toBeInstanceOf(OlsError);
    return error as OlsError;
  }
  throw new Error('expected streamQuery to reject');
};

const sentBody = (call = 0): Record<string, unknown> =>
  JSON.parse(String(fetchMock.mock.calls[call][1]?.body)) as Record<string, unknown>;

beforeEach(() => fetchMock.mockReset());

describe('streamQuery success', () => {
  it('POSTs the body to /v1/streaming_query and resolves with the folded answer', async () => {
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    const events: string[] = [];
    const result = await streamQuery(request, { onEvent: (event) => events.push(event.event) });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0][0]).toBe(
      '/api/proxy/plugin/lightspeed-console-plugin/ols/v1/streaming_query',
    );
    expect(fetchMock.mock.calls[0][1]?.method).toBe('POST');
    expect(sentBody()).toEqual({
      query: request.query,
      media_type: 'application/json',
      attachments: request.attachments,
    });
    expect(result.text).toBe(SAMPLE_STREAM_ANSWER);
    expect(result.toolResults[0].olsUiId).toBe('cnv-mcp/diagnose_vm_error');
    expect(events).toContain('end');
  });

  it('reports the answer progressively through onEvent', async () => {
    const stream = controllableStream();
    fetchMock.mockResolvedValueOnce(stream.response);
    const texts: string[] = [];
    const done = streamQuery(request, { onEvent: (_event, result) => texts.push(result.text) });
    stream.push(olsStreamText([{ event: 'token', data: { id: 0, token: 'Hel' } }]));
    stream.push(olsStreamText([{ event: 'token', data: { id: 1, token: 'lo' } }]));
    stream.push(olsStreamText([{ event: 'end', data: {} }]));
    stream.close();
    await expect(done).resolves.toMatchObject({ text: 'Hello' });
    expect(texts).toEqual(['Hel', 'Hello', 'Hello']);
  });

  it('sends mode and conversation_id only when asked to', async () => {
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    await streamQuery(
      { ...request, mode: 'troubleshooting' },
      { supportsMode: true, conversationId: 'c-1' },
    );
    expect(sentBody()).toMatchObject({ mode: 'troubleshooting', conversation_id: 'c-1' });
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    await streamQuery({ ...request, mode: 'troubleshooting' });
    expect(sentBody(1)).not.toHaveProperty('mode');
  });

  it.each([404, 405])(
    'falls back to POST /v1/query when the streaming route answers %i',
    async (status) => {
      fetchMock
        .mockResolvedValueOnce(jsonResponse(status, { detail: 'Not Found' }))
        .mockResolvedValueOnce(
          jsonResponse(200, {
            conversation_id: 'c',
            response: 'Plain answer',
            referenced_documents: [],
            truncated: false,
            input_tokens: 1,
            output_tokens: 1,
            available_quotas: {},
            tool_calls: [],
            tool_results: [],
          }),
        );
      await expect(streamQuery(request)).resolves.toMatchObject({ text: 'Plain answer' });
      expect(fetchMock.mock.calls[1][0]).toBe(OLS_ENDPOINTS.query);
      expect(sentBody(1)).toEqual(sentBody(0));
    },
  );

  it('falls back also when consoleFetch rejects with the console HttpError for 404', async () => {
    fetchMock
      .mockRejectedValueOnce(new HttpError('Not Found', 404, undefined, { detail: 'Not Found' }))
      .mockResolvedValueOnce(
        jsonResponse(200, { response: 'ok', tool_calls: [], tool_results: [] }),
      );
    await expect(streamQuery(request)).resolves.toMatchObject({ text: 'ok' });
  });

  it('passes the configured timeout to consoleFetch, so its 60 s default cannot cut a longer wait', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(404, { detail: 'Not Found' }))
      .mockResolvedValueOnce(
        jsonResponse(200, { response: 'slow but fine', tool_calls: [], tool_results: [] }),
      );
    await expect(streamQuery(request, { timeoutMs: 300_000 })).resolves.toMatchObject({
      text: 'slow but fine',
    });
    expect(fetchMock.mock.calls.map((call) => [call[0], call[2]])).toEqual([
      [OLS_ENDPOINTS.streamingQuery, 300_000],
      [OLS_ENDPOINTS.query, 300_000],
    ]);
  });
});

describe('streamQuery errors', () => {
  const rows: [string, () => Response, OlsErrorKind, string | undefined][] = [
    [
      '401',
      () => jsonResponse(401, { detail: 'Unauthorized: No auth header found' }),
      'unauthorized',
      'Unauthorized: No auth header found',
    ],
    [
      '403',
      () => jsonResponse(403, { detail: 'Forbidden: User does not have access' }),
      'forbidden',
      'Forbidden: User does not have access',
    ],
    [
      '413',
      () =>
        jsonResponse(413, { detail: { response: 'Prompt is too long', cause: 'context window' } }),
      'prompt-too-long',
      'Prompt is too long — context window',
    ],
    [
      '422 FastAPI validation list',
      () =>
        jsonResponse(422, {
          detail: [
            {
              loc: ['body', 'mode'],
              msg: 'Extra inputs are not permitted',
              type: 'extra_forbidden',
            },
          ],
        }),
      'validation',
      'body.mode: Extra inputs are not permitted',
    ],
    [
      '422 OLS {response, cause}',
      () =>
        jsonResponse(422, {
          detail: {
            response: 'Unable to process this request',
            cause: 'Attachment with improper type foo detected',
          },
        }),
      'validation',
      'Unable to process this request — Attachment with improper type foo detected',
    ],
    [
      '500',
      () =>
        jsonResponse(500, {
          detail: { response: 'Internal server error', cause: 'LLM backend failed' },
        }),
      'server',
      'Internal server error — LLM backend failed',
    ],
    [
      '500 quota exceeded',
      () =>
        jsonResponse(500, {
          detail: { response: 'The quota has been exceeded', cause: 'Quota limit reached' },
        }),
      'quota',
      'The quota has been exceeded — Quota limit reached',
    ],
    [
      '502',
      () =>
        jsonResponse(502, {
          detail: { response: '[Network] Unable to reach the LLM backend', cause: 'x' },
        }),
      'bad-gateway',
      '[Network] Unable to reach the LLM backend — x',
    ],
    [
      '502 from the proxy with an HTML body',
      () => textResponse(502, '<html>Bad Gateway</html>'),
      'bad-gateway',
      '<html>Bad Gateway</html>',
    ],
    [
      '503',
      () =>
        jsonResponse(503, {
          detail: { response: 'Service is not ready', cause: 'LLM is not ready' },
        }),
      'unavailable',
      'Service is not ready — LLM is not ready',
    ],
    [
      'error event inside a 200 stream',
      () =>
        streamingResponse([
          olsStreamText([
            { event: 'token', data: { id: 0, token: 'Partial' } },
            { event: 'error', data: { response: 'Oops', cause: 'LLM failed mid-answer' } },
          ]),
        ]),
      'stream-error',
      'Oops — LLM failed mid-answer',
    ],
    [
      'prompt-too-long error event inside a 200 stream',
      () =>
        streamingResponse([
          olsStreamText([
            {
              event: 'error',
              data: { status_code: 413, response: 'Prompt is too long', cause: 'c' },
            },
          ]),
        ]),
      'stream-error',
      'Prompt is too long — c',
    ],
    [
      'non-JSON stream line',
      () => streamingResponse(['data: <html>oops</html>\n\n']),
      'malformed',
      'Unreadable stream line: <html>oops</html>',
    ],
    [
      'truncated stream (no end event)',
      () =>
        streamingResponse([
          olsStreamText([{ event: 'token', data: { id: 0, token: 'Partial' } }]) +
            'data: {"event":"tok',
        ]),
      'malformed',
      undefined,
    ],
    [
      'stream that ends cleanly without end event',
      () => streamingResponse([olsStreamText([{ event: 'start', data: {} }])]),
      'malformed',
      'The answer stream ended before it was complete.',
    ],
    ['empty 200 body', () => streamingResponse([]), 'malformed', undefined],
  ];

  it.each(
    rows.map(([name, response, kind, moreInfo]) => [name, kind, response, moreInfo] as const),
  )('%s → %s', async (_name, kind, response, moreInfo) => {
    fetchMock.mockResolvedValueOnce(response());
    const error = await queryError();
    expect(error.kind).toBe(kind);
    const description = describeOlsError(error, t);
    expect(description.title.length).toBeGreaterThan(0);
    expect(description.message.length).toBeGreaterThan(0);
    if (moreInfo !== undefined) expect(description.moreInfo).toBe(moreInfo);
  });

  it('413 inside a stream reads as "too long" to the user', async () => {
    fetchMock.mockResolvedValueOnce(
      streamingResponse([
        olsStreamText([
          { event: 'error', data: { status_code: 413, response: 'Prompt is too long' } },
        ]),
      ]),
    );
    const error = await queryError();
    expect(error.status).toBe(413);
    expect(describeOlsError(error, t).title).toBe('The question is too long');
  });

  it('maps the console HttpError rejection (non-2xx through the real consoleFetch)', async () => {
    fetchMock.mockRejectedValueOnce(
      new HttpError('Forbidden', 403, undefined, { detail: 'Forbidden: Invalid or expired token' }),
    );
    const error = await queryError();
    expect(error.kind).toBe('forbidden');
    expect(error.detail).toBe('Forbidden: Invalid or expired token');
  });

  it('network failure → network', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const error = await queryError();
    expect(error.kind).toBe('network');
    expect(describeOlsError(error, t).message).toBe(
      'OpenShift Lightspeed could not be reached. Check your connection and try again.',
    );
  });

  it('a stream that breaks mid-way → network', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(olsStreamText([{ event: 'start', data: {} }])));
        controller.error(new TypeError('network error'));
      },
    });
    fetchMock.mockResolvedValueOnce(new Response(body, { status: 200 }));
    expect((await queryError()).kind).toBe('network');
  });

  it('non-JSON body of the /v1/query fallback → malformed', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(404, { detail: 'Not Found' }))
      .mockResolvedValueOnce(textResponse(200, '{"response": "trunc'));
    expect((await queryError()).kind).toBe('malformed');
  });

  it('oversized request → too-large, and no request is made', async () => {
    const error = await streamQuery({ query: 'x'.repeat(32_001) }).catch((e: OlsError) => e);
    expect((error as OlsError).kind).toBe('too-large');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('already aborted signal → aborted', async () => {
    fetchMock.mockImplementationOnce(() => new Promise(() => undefined));
    const controller = new AbortController();
    controller.abort();
    expect((await queryError({ signal: controller.signal })).kind).toBe('aborted');
  });

  it('abort while streaming → aborted, the fetch signal is aborted and the body released', async () => {
    const stream = controllableStream();
    fetchMock.mockResolvedValueOnce(stream.response);
    const controller = new AbortController();
    const pending = queryError({
      signal: controller.signal,
      onEvent: () => controller.abort(),
    });
    stream.push(olsStreamText([{ event: 'token', data: { id: 0, token: 'x' } }]));
    const error = await pending;
    expect(error.kind).toBe('aborted');
    expect(fetchMock.mock.calls[0][1]?.signal?.aborted).toBe(true);
    expect(stream.isCancelled()).toBe(true);
  });

  describe('timeout', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('no response within timeoutMs → timeout', async () => {
      fetchMock.mockImplementationOnce(() => new Promise(() => undefined));
      const pending = queryError({ timeoutMs: 5_000 });
      await jest.advanceTimersByTimeAsync(5_000);
      const error = await pending;
      expect(error.kind).toBe('timeout');
      expect(fetchMock.mock.calls[0][1]?.signal?.aborted).toBe(true);
    });

    it('a stream that stalls → timeout; chunks keep it alive', async () => {
      const stream = controllableStream();
      fetchMock.mockResolvedValueOnce(stream.response);
      const pending = queryError({ timeoutMs: 5_000 });
      await jest.advanceTimersByTimeAsync(4_000);
      stream.push(olsStreamText([{ event: 'token', data: { id: 0, token: 'x' } }]));
      await jest.advanceTimersByTimeAsync(4_000);
      let settled = false;
      void pending.then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1_000);
      expect((await pending).kind).toBe('timeout');
    });

    it('consoleFetch own TimeoutError → timeout', async () => {
      const timeoutError = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
      fetchMock.mockRejectedValueOnce(timeoutError);
      expect((await queryError()).kind).toBe('timeout');
    });
  });
});
