/**
 * Builders of OLS wire responses for tests (shapes from lightspeed-service streaming_ols.py and
 * docs/openapi.json). Tests only: needs the Fetch API (see jsdomWithFetchEnvironment).
 */
import { olsUiId } from '../../kubevirt/mcpTools';

export const sseLine = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;

export const olsStreamText = (events: unknown[]): string => events.map(sseLine).join('');

/** A realistic answer: multi-byte text, a tool round trip with structured content, unknown events. */
export const SAMPLE_STREAM_EVENTS: unknown[] = [
  { event: 'start', data: { conversation_id: '123e4567-e89b-12d3-a456-426614174000' } },
  { event: 'skill_selected', data: { name: 'virtualization', confidence: 0.92 } },
  { event: 'history_compression_start', data: { status: 'started' } },
  { event: 'reasoning', data: { id: 0, reasoning: 'Looking up the VM…' } },
  {
    event: 'tool_call',
    data: {
      id: 'call-1',
      name: 'diagnose_vm_error',
      args: { namespace: 'prod', name: 'db-01' },
      type: 'tool_call',
      server_name: 'cnv-mcp-server',
    },
  },
  {
    event: 'tool_result',
    data: {
      id: 'call-1',
      name: 'diagnose_vm_error',
      status: 'success',
      content: 'Root cause: image pull failed',
      type: 'tool_result',
      round: 1,
      structured_content: { rootCause: { ruleId: 'vm.image-pull' } },
      server_name: 'cnv-mcp-server',
      tool_meta: { olsUi: { id: olsUiId('diagnose_vm_error') } },
    },
  },
  { event: 'token', data: { id: 0, token: 'The VM ' } },
  { event: 'token', data: { id: 1, token: '**db-01** cannot pull its image — ' } },
  { event: 'token', data: { id: 2, token: 'ré-essayez 🚀 after fixing 镜像.' } },
  {
    event: 'end',
    data: {
      referenced_documents: [
        { doc_url: 'https://docs.redhat.com/virt/troubleshooting', doc_title: 'Troubleshooting' },
      ],
      truncated: false,
      input_tokens: 321,
      output_tokens: 45,
      reasoning_tokens: 0,
    },
    available_quotas: { UserQuotaLimiter: 998911 },
  },
];

export const SAMPLE_STREAM_TEXT = olsStreamText(SAMPLE_STREAM_EVENTS);

export const SAMPLE_STREAM_ANSWER =
  'The VM **db-01** cannot pull its image — ré-essayez 🚀 after fixing 镜像.';

/** A 200 response whose body yields the given chunks (strings are UTF-8 encoded). */
export const streamingResponse = (
  chunks: (string | Uint8Array)[],
  init: ResponseInit = { status: 200, headers: { 'Content-Type': 'application/json' } },
): Response => {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((chunk) =>
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
      );
      controller.close();
    },
  });
  return new Response(body, init);
};

/**
 * A 200 stream the test feeds by hand: `push` enqueues a chunk, `close` ends it. `cancelled` reports
 * whether the client released the body.
 */
export const controllableStream = () => {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    isCancelled: () => cancelled,
  };
};

export const jsonResponse = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export const textResponse = (status: number, body: string): Response =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain' } });
