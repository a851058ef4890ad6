import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { OlsDevServer } from './index';
import { startOlsDevServer } from './index';
import { toolCallsInPrompt } from './toolCallsInPrompt';

/** A minimal MCP server standing in for cnv-mcp-server: it echoes the caller's token presence. */
const startFakeMcp = async () => {
  const seenAuth: (string | undefined)[] = [];
  const server = http.createServer(async (req, res) => {
    seenAuth.push(req.headers.authorization);
    const mcp = new McpServer({ name: 'fake', version: '1.0.0' });
    mcp.registerTool(
      'diagnose_vm_error',
      {
        description: 'fake',
        inputSchema: { namespace: z.string(), name: z.string() },
        _meta: { olsUi: { id: 'cnv-mcp/diagnose_vm_error' } },
      },
      async ({ namespace, name }) => ({
        content: [{ type: 'text', text: `diagnosed ${namespace}/${name}` }],
        structuredContent: {
          rootCause: { category: 'ImagePull', summary: 'bad image', ruleId: 'vm.image-pull' },
        },
      }),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    await transport.handleRequest(req, res, raw ? JSON.parse(raw) : undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    seenAuth,
    stop: () => new Promise((r) => server.close(r)),
  };
};

const post = (ols: OlsDevServer, path: string, body: unknown, auth = 'Bearer user-token') =>
  fetch(`${ols.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
    body: JSON.stringify(body),
  });

const events = (text: string) =>
  text
    .split('\n\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as { event: string; data: Record<string, unknown> });

describe('OLS dev server', () => {
  let mcp: Awaited<ReturnType<typeof startFakeMcp>>;
  let ols: OlsDevServer;

  beforeAll(async () => {
    mcp = await startFakeMcp();
    ols = await startOlsDevServer({ mcpUrl: mcp.url });
  });
  afterAll(async () => {
    await ols.stop();
    await mcp.stop();
  });
  beforeEach(() => ols.setMode({ failure: 'none', mcpRegistered: true }));

  it('rejects unknown request fields with 422 like OLS', async () => {
    const res = await post(ols, '/v1/query', { query: 'hi', unexpected: true });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.detail[0].msg).toBe('Extra inputs are not permitted');
  });

  it('rejects an improper attachment type with the OLS cause shape', async () => {
    const res = await post(ols, '/v1/query', {
      query: 'hi',
      attachments: [{ attachment_type: 'yaml', content_type: 'application/yaml', content: 'a: b' }],
    });
    expect(res.status).toBe(422);
    expect((await res.json()).detail.response).toBe('Unable to process this request');
  });

  it('requires a bearer token', async () => {
    const res = await post(ols, '/v1/query', { query: 'hi' }, '');
    expect(res.status).toBe(401);
  });

  it('streams tool_call, tool_result with olsUi meta, tokens and end, forwarding the token', async () => {
    const res = await post(ols, '/v1/streaming_query', {
      query: 'Call diagnose_vm_error with {"namespace": "ns1", "name": "vm1"} and explain.',
      media_type: 'application/json',
    });
    expect(res.status).toBe(200);
    const evs = events(await res.text());
    expect(evs.map((e) => e.event)).toEqual(
      expect.arrayContaining(['start', 'tool_call', 'tool_result', 'token', 'end']),
    );
    const result = evs.find((e) => e.event === 'tool_result')!.data;
    expect(result.structured_content).toEqual(
      expect.objectContaining({ rootCause: expect.anything() }),
    );
    expect(result.tool_meta).toEqual({ olsUi: { id: 'cnv-mcp/diagnose_vm_error' } });
    const text = evs
      .filter((e) => e.event === 'token')
      .map((e) => e.data.token)
      .join('');
    expect(text).toContain('diagnosed ns1/vm1');
    expect(text).toContain('Root cause: ImagePull');
    expect(mcp.seenAuth).toContain('Bearer user-token');
  });

  it('answers static prompts without tools and describes the attachments', async () => {
    ols.setMode({ mcpRegistered: false });
    const res = await post(ols, '/v1/query', {
      query: 'Call diagnose_vm_error with {"namespace": "ns1", "name": "vm1"}',
      attachments: [
        {
          attachment_type: 'api object',
          content_type: 'application/yaml',
          content: 'kind: VirtualMachine\nmetadata:\n  name: vm1\n',
        },
      ],
    });
    const body = await res.json();
    expect(body.tool_calls).toEqual([]);
    expect(body.response).toContain('VirtualMachine vm1');
  });

  it('reports an unregistered MCP server on tools/call with 404 like OLS', async () => {
    ols.setMode({ mcpRegistered: false });
    const res = await post(ols, '/v1/mcp-apps/tools/call', {
      server_name: 'cnv-mcp-server',
      tool_name: 'diagnose_vm_error',
    });
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toBe("MCP server 'cnv-mcp-server' not found");
  });

  it.each([
    [401, 401],
    [403, 403],
    [413, 413],
    ['quota', 500],
    [502, 502],
  ] as const)('fails with %s as configured', async (failure, status) => {
    ols.setMode({ failure });
    const res = await post(ols, '/v1/streaming_query', { query: 'hi' });
    expect(res.status).toBe(status);
  });

  it('gives no arguments to a first tool named without any', () => {
    expect(toolCallsInPrompt('call search_virtual_machines now')).toEqual([
      { name: 'search_virtual_machines', args: {} },
    ]);
  });

  it('sends an error event inside a 200 stream', async () => {
    ols.setMode({ failure: 'error-event' });
    const res = await post(ols, '/v1/streaming_query', {
      query: 'hi',
      media_type: 'application/json',
    });
    expect(res.status).toBe(200);
    expect(events(await res.text()).map((e) => e.event)).toContain('error');
  });

  it('finds tool calls and their JSON arguments; a tool without its own reuses the previous ones', () => {
    expect(
      toolCallsInPrompt(
        'use get_vm_events {"namespace":"a","name":"b","warningsOnly":true} then diagnose_vm_error {oops',
      ),
    ).toEqual([
      { name: 'get_vm_events', args: { namespace: 'a', name: 'b', warningsOnly: true } },
      { name: 'diagnose_vm_error', args: { namespace: 'a', name: 'b', warningsOnly: true } },
    ]);
  });
});
