import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { OlsDevServer } from './index';
import { startOlsDevServer } from './index';
import { createToolApprovals, needsApproval, normalizeToolAnnotation } from './toolApproval';

/** A stand-in MCP server with a read-only, a mutating and an unannotated tool; records the calls. */
const startFakeMcp = async () => {
  const called: string[] = [];
  const vm = { namespace: z.string(), name: z.string() };
  const server = http.createServer(async (req, res) => {
    const mcp = new McpServer({ name: 'fake', version: '1.0.0' });
    const reply = (tool: string) => async () => {
      called.push(tool);
      return { content: [{ type: 'text' as const, text: `${tool} ran` }] };
    };
    mcp.registerTool(
      'diagnose_vm_error',
      {
        description: 'Diagnoses a VM',
        inputSchema: vm,
        annotations: { readOnlyHint: true, destructiveHint: false },
      },
      reply('diagnose_vm_error'),
    );
    mcp.registerTool(
      'suggest_vm_fix',
      {
        description: 'Changes a VM',
        inputSchema: vm,
        annotations: { readOnlyHint: false, destructiveHint: true },
      },
      reply('suggest_vm_fix'),
    );
    mcp.registerTool(
      'get_vm_events',
      { description: 'Lists events', inputSchema: vm },
      reply('get_vm_events'),
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
    called,
    stop: () => new Promise((r) => server.close(r)),
  };
};

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

const ALICE = 'Bearer alice-token';
const BOB = 'Bearer bob-token';

const post = (ols: OlsDevServer, path: string, body: unknown, auth = ALICE) =>
  fetch(`${ols.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
    body: JSON.stringify(body),
  });

const prompt = (tool: string) =>
  `Call ${tool} with {"namespace": "ns1", "name": "vm1"} and explain.`;

/** Reads a streaming answer event by event, so a test can act while OLS waits. */
const openStream = async (ols: OlsDevServer, query: string) => {
  const res = await post(ols, '/v1/streaming_query', { query, media_type: 'application/json' });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: StreamEvent[] = [];
  let buffer = '';
  let done = false;
  const readMore = async () => {
    const chunk = await reader.read();
    if (chunk.done) done = true;
    else buffer += decoder.decode(chunk.value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (line.startsWith('data: ')) seen.push(JSON.parse(line.slice(6)) as StreamEvent);
      end = buffer.indexOf('\n\n');
    }
  };
  return {
    seen,
    /** Reads until an event of that name has arrived and returns it. */
    async until(name: string): Promise<StreamEvent> {
      for (;;) {
        const found = seen.find((e) => e.event === name);
        if (found) return found;
        if (done) throw new Error(`stream ended without ${name}: ${JSON.stringify(seen)}`);
        await readMore();
      }
    },
    async rest(): Promise<StreamEvent[]> {
      while (!done) await readMore();
      return seen;
    },
  };
};

const answerText = (events: StreamEvent[]) =>
  events
    .filter((e) => e.event === 'token')
    .map((e) => e.data.token)
    .join('');

describe('OLS dev server tool approvals', () => {
  let mcp: Awaited<ReturnType<typeof startFakeMcp>>;
  let ols: OlsDevServer;

  beforeAll(async () => {
    mcp = await startFakeMcp();
    ols = await startOlsDevServer({
      mcpUrl: mcp.url,
      users: [
        { token: 'alice-token', username: 'alice' },
        { token: 'bob-token', username: 'bob' },
      ],
    });
  });
  afterAll(async () => {
    await ols.stop();
    await mcp.stop();
  });
  beforeEach(() => {
    mcp.called.length = 0;
    ols.setMode({ toolsApproval: 'never', approvalTimeoutMs: 600_000 });
  });

  it('runs tools without asking by default (approval_type never)', async () => {
    expect(ols.mode.toolsApproval).toBe('never');
    const events = await (await openStream(ols, prompt('suggest_vm_fix'))).rest();
    expect(events.map((e) => e.event)).not.toContain('approval_required');
    expect(mcp.called).toEqual(['suggest_vm_fix']);
  });

  it('always: waits for the decision before running the tool, then continues', async () => {
    ols.setMode({ toolsApproval: 'always' });
    const stream = await openStream(ols, prompt('diagnose_vm_error'));
    const approval = await stream.until('approval_required');
    expect(approval.data).toEqual({
      approval_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tool_name: 'diagnose_vm_error',
      tool_description: 'Diagnoses a VM',
      tool_args: { namespace: 'ns1', name: 'vm1' },
      tool_annotation: { readOnlyHint: true, destructiveHint: false },
    });
    expect(stream.seen.map((e) => e.event)).toEqual(['start', 'tool_call', 'approval_required']);
    expect(mcp.called).toEqual([]);
    expect(ols.requests.at(-1)?.path).toBe('/v1/streaming_query');

    const res = await post(ols, '/v1/tool-approvals/decision', {
      approval_id: approval.data.approval_id,
      approved: true,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toBeNull();

    const events = await stream.rest();
    const result = events.find((e) => e.event === 'tool_result')!;
    expect(result.data).toEqual(
      expect.objectContaining({ status: 'success', content: 'diagnose_vm_error ran' }),
    );
    expect(mcp.called).toEqual(['diagnose_vm_error']);
    expect(events.at(-1)?.event).toBe('end');
    expect(ols.mode.toolsApproval).toBe('always');
  });

  it('a denial refuses the tool call and the answer says so', async () => {
    ols.setMode({ toolsApproval: 'always' });
    const stream = await openStream(ols, prompt('suggest_vm_fix'));
    const approval = await stream.until('approval_required');
    const res = await post(ols, '/v1/tool-approvals/decision', {
      approval_id: approval.data.approval_id,
      approved: false,
    });
    expect(res.status).toBe(200);
    const events = await stream.rest();
    const refusal =
      "Tool 'suggest_vm_fix' execution was rejected. Do not retry this exact tool call.";
    expect(events.find((e) => e.event === 'tool_result')?.data).toEqual(
      expect.objectContaining({ name: 'suggest_vm_fix', status: 'error', content: refusal }),
    );
    expect(answerText(events)).toContain(refusal);
    expect(mcp.called).toEqual([]);
  });

  it('times out like OLS: a timed-out tool result, and a late decision is not found (404)', async () => {
    ols.setMode({ toolsApproval: 'always', approvalTimeoutMs: 20 });
    const stream = await openStream(ols, prompt('suggest_vm_fix'));
    const approval = await stream.until('approval_required');
    const events = await stream.rest();
    expect(events.find((e) => e.event === 'tool_result')?.data).toEqual(
      expect.objectContaining({
        status: 'error',
        content: "Tool 'suggest_vm_fix' approval timed out. Do not retry this exact tool call.",
      }),
    );
    expect(mcp.called).toEqual([]);

    const late = await post(ols, '/v1/tool-approvals/decision', {
      approval_id: approval.data.approval_id,
      approved: true,
    });
    expect(late.status).toBe(404);
    expect(await late.json()).toEqual({
      detail: {
        response: 'Approval request not found',
        cause: `No pending approval for approval_id ${approval.data.approval_id}`,
      },
    });
  });

  it('tool_annotations: asks unless the tool says readOnlyHint true', async () => {
    ols.setMode({ toolsApproval: 'tool_annotations' });
    const readOnly = await (await openStream(ols, prompt('diagnose_vm_error'))).rest();
    expect(readOnly.map((e) => e.event)).not.toContain('approval_required');
    expect(mcp.called).toEqual(['diagnose_vm_error']);

    for (const [tool, annotation] of [
      ['suggest_vm_fix', { readOnlyHint: false, destructiveHint: true }],
      // No annotations: OLS sends the whole tool metadata, with the server it came from.
      ['get_vm_events', { mcp_server: 'cnv-mcp-server', mcp_transport: 'tcp' }],
    ] as const) {
      const stream = await openStream(ols, prompt(tool));
      const approval = await stream.until('approval_required');
      expect(approval.data.tool_annotation).toEqual(annotation);
      const res = await post(ols, '/v1/tool-approvals/decision', {
        approval_id: approval.data.approval_id,
        approved: true,
      });
      expect(res.status).toBe(200);
      await stream.rest();
    }
    expect(mcp.called).toEqual(['diagnose_vm_error', 'suggest_vm_fix', 'get_vm_events']);
  });

  it('asks only on streaming requests, as OLS', async () => {
    ols.setMode({ toolsApproval: 'always' });
    const res = await post(ols, '/v1/query', { query: prompt('suggest_vm_fix') });
    expect(res.status).toBe(200);
    expect((await res.json()).tool_results[0].status).toBe('success');
    expect(mcp.called).toEqual(['suggest_vm_fix']);
  });

  it("answers the decision route like OLS: another user's approval 404, bad body 422, no token 401", async () => {
    ols.setMode({ toolsApproval: 'always' });
    const stream = await openStream(ols, prompt('suggest_vm_fix'));
    const approval = await stream.until('approval_required');
    const approvalId = approval.data.approval_id;

    const bob = await post(
      ols,
      '/v1/tool-approvals/decision',
      { approval_id: approvalId, approved: true },
      BOB,
    );
    expect(bob.status).toBe(404);
    const extra = await post(ols, '/v1/tool-approvals/decision', {
      approval_id: approvalId,
      approved: true,
      reason: 'x',
    });
    expect(extra.status).toBe(422);
    expect((await extra.json()).detail[0]).toEqual(
      expect.objectContaining({ type: 'extra_forbidden', loc: ['body', 'reason'] }),
    );
    const missing = await post(ols, '/v1/tool-approvals/decision', { approval_id: approvalId });
    expect(missing.status).toBe(422);
    const anonymous = await post(
      ols,
      '/v1/tool-approvals/decision',
      { approval_id: approvalId, approved: true },
      '',
    );
    expect(anonymous.status).toBe(401);
    expect(mcp.called).toEqual([]);

    // The owner still decides.
    const alice = await post(ols, '/v1/tool-approvals/decision', {
      approval_id: approvalId,
      approved: true,
    });
    expect(alice.status).toBe(200);
    await stream.rest();
    expect(mcp.called).toEqual(['suggest_vm_fix']);
  });
});

describe('tool approval rules (ols/src/tools/approval.py)', () => {
  it('needs approval per strategy, streaming only, readOnlyHint must be a real true', () => {
    expect(needsApproval(true, 'never', {})).toBe(false);
    expect(needsApproval(false, 'always', {})).toBe(false);
    expect(needsApproval(true, 'always', { readOnlyHint: true })).toBe(true);
    expect(needsApproval(true, 'tool_annotations', { readOnlyHint: true })).toBe(false);
    expect(needsApproval(true, 'tool_annotations', { readOnlyHint: 'true' })).toBe(true);
    expect(needsApproval(true, 'tool_annotations', { readOnlyHint: false })).toBe(true);
    expect(needsApproval(true, 'tool_annotations', {})).toBe(true);
  });

  it('normalises the tool metadata to its annotations', () => {
    expect(normalizeToolAnnotation(undefined)).toEqual({});
    expect(normalizeToolAnnotation({})).toEqual({});
    expect(
      normalizeToolAnnotation({ annotations: { readOnlyHint: true }, mcp_server: 's' }),
    ).toEqual({
      readOnlyHint: true,
    });
    expect(normalizeToolAnnotation({ readOnlyHint: false })).toEqual({ readOnlyHint: false });
  });

  it('answers 409 for a second decision before the waiting call woke up, 404 after', async () => {
    const approvals = createToolApprovals(() => ({
      toolsApproval: 'always',
      approvalTimeoutMs: 60_000,
    }));
    const emitted: unknown[] = [];
    const gate = approvals.gate({
      streaming: true,
      owner: 'uid-1',
      toolName: 'suggest_vm_fix',
      args: {},
      metadata: {},
      emit: (_event, data) => emitted.push(data),
    });
    const [id] = approvals.pendingIds();
    expect(emitted).toEqual([expect.objectContaining({ approval_id: id })]);
    expect(approvals.decide({ approval_id: id, approved: false }, 'uid-1')[0]).toBe(200);
    expect(approvals.decide({ approval_id: id, approved: true }, 'uid-1')[0]).toBe(409);
    expect(await gate).toEqual({
      run: false,
      outcome: 'rejected',
      content: "Tool 'suggest_vm_fix' execution was rejected. Do not retry this exact tool call.",
    });
    expect(approvals.decide({ approval_id: id, approved: true }, 'uid-1')[0]).toBe(404);
    expect(approvals.pendingIds()).toEqual([]);
  });
});
