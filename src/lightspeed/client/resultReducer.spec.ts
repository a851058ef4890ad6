/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { SAMPLE_STREAM_ANSWER, SAMPLE_STREAM_TEXT } from '../testing/olsResponses';
import {
  fromLLMResponse,
  reduceOlsEvent,
  reduceOlsEvents,
  emptyQueryResult,
} from './resultReducer';
import { createOlsStreamParser } from './streamParser';

const sampleEvents = () => {
  const parser = createOlsStreamParser();
  return [...parser.push(SAMPLE_STREAM_TEXT), ...parser.end()];
};

describe('reduceOlsEvents', () => {
  it('folds a full stream into the answer', () => {
    expect(reduceOlsEvents(sampleEvents())).toEqual({
      conversationId: '123e4567-e89b-12d3-a456-426614174000',
      text: SAMPLE_STREAM_ANSWER,
      toolCalls: [
        {
          id: 'call-1',
          name: 'diagnose_vm_error',
          args: { namespace: 'prod', name: 'db-01' },
          serverName: 'cnv-mcp-server',
        },
      ],
      toolResults: [
        {
          id: 'call-1',
          name: 'diagnose_vm_error',
          status: 'success',
          content: 'Root cause: image pull failed',
          structuredContent: { rootCause: { ruleId: 'vm.image-pull' } },
          serverName: 'cnv-mcp-server',
          olsUiId: 'cnv-mcp/diagnose_vm_error',
        },
      ],
      referencedDocuments: [
        { doc_url: 'https://docs.redhat.com/virt/troubleshooting', doc_title: 'Troubleshooting' },
      ],
      truncated: false,
      inputTokens: 321,
      outputTokens: 45,
    });
  });

  it('takes a missing tool result name from the call with the same id, and joins content blocks', () => {
    let state = reduceOlsEvent(emptyQueryResult(), {
      event: 'tool_call',
      data: { id: 'c2', name: 'get_vm_events', args: {} },
    });
    state = reduceOlsEvent(state, {
      event: 'tool_result',
      data: {
        id: 'c2',
        status: 'error',
        content: [
          { type: 'text', text: 'line 1' },
          { type: 'text', text: 'line 2' },
        ],
      },
    });
    expect(state.toolResults[0]).toEqual({
      id: 'c2',
      name: 'get_vm_events',
      status: 'error',
      content: 'line 1\nline 2',
    });
  });

  it('marks a truncated conversation', () => {
    expect(reduceOlsEvents([{ event: 'end', data: { truncated: true } }]).truncated).toBe(true);
  });

  it('leaves the state untouched for events that carry no answer', () => {
    const state = emptyQueryResult();
    expect(reduceOlsEvent(state, { event: 'reasoning', data: { reasoning: 'x' } })).toBe(state);
    expect(reduceOlsEvent(state, { event: 'approval_required', data: {} })).toBe(state);
  });
});

describe('reduceOlsEvent with tool approvals', () => {
  const call = (id: string, args: Record<string, unknown>) =>
    ({
      event: 'tool_call',
      data: { id, name: 'stop_vm', args, type: 'tool_call', server_name: 'cnv-mcp-server' },
    }) as const;
  const approvalRequired = (approvalId: string, args: Record<string, unknown>) =>
    ({
      event: 'approval_required',
      data: {
        approval_id: approvalId,
        tool_name: 'stop_vm',
        tool_description: 'Stops a VM',
        tool_args: args,
        tool_annotation: { readOnlyHint: false, destructiveHint: true },
      },
    }) as const;
  const result = (id: string, status = 'success') =>
    ({
      event: 'tool_result',
      data: { id, name: 'stop_vm', status, content: 'done', type: 'tool_result', round: 1 },
    }) as const;

  it('pairs each approval with its tool call by name and arguments, in any key order', () => {
    const state = reduceOlsEvents([
      call('c1', { namespace: 'prod', name: 'a' }),
      call('c2', { namespace: 'prod', name: 'b' }),
      approvalRequired('ap-b', { name: 'b', namespace: 'prod' }),
      approvalRequired('ap-a', { namespace: 'prod', name: 'a' }),
    ]);
    expect(state.pendingApprovals).toEqual([
      {
        approvalId: 'ap-b',
        toolName: 'stop_vm',
        description: 'Stops a VM',
        args: { name: 'b', namespace: 'prod' },
        serverName: 'cnv-mcp-server',
        toolCallId: 'c2',
        annotations: { readOnlyHint: false, destructiveHint: true },
      },
      expect.objectContaining({ approvalId: 'ap-a', toolCallId: 'c1' }),
    ]);
  });

  it('gives two identical calls their own approvals', () => {
    const state = reduceOlsEvents([
      call('c1', { name: 'a' }),
      call('c2', { name: 'a' }),
      approvalRequired('ap-1', { name: 'a' }),
      approvalRequired('ap-2', { name: 'a' }),
    ]);
    expect(state.pendingApprovals?.map((approval) => approval.toolCallId)).toEqual(['c1', 'c2']);
  });

  it('ends the wait with the call result (run, denied or timed out) and at the end', () => {
    let state = reduceOlsEvents([
      call('c1', { name: 'a' }),
      call('c2', { name: 'b' }),
      approvalRequired('ap-a', { name: 'a' }),
      approvalRequired('ap-b', { name: 'b' }),
    ]);
    state = reduceOlsEvent(state, result('c2', 'error'));
    expect(state.pendingApprovals?.map((approval) => approval.approvalId)).toEqual(['ap-a']);
    expect(state.toolResults).toHaveLength(1);
    state = reduceOlsEvent(state, { event: 'end', data: {} });
    expect(state.pendingApprovals).toEqual([]);
  });

  it('reads the server from the tool metadata when no tool call matches', () => {
    let state = reduceOlsEvent(emptyQueryResult(), {
      event: 'approval_required',
      data: {
        approval_id: 'ap-x',
        tool_name: 'stop_vm',
        tool_args: { name: 'x' },
        tool_annotation: { mcp_server: 'other-server', mcp_transport: 'tcp' },
      },
    });
    expect(state.pendingApprovals).toEqual([
      {
        approvalId: 'ap-x',
        toolName: 'stop_vm',
        args: { name: 'x' },
        serverName: 'other-server',
        annotations: { mcp_server: 'other-server', mcp_transport: 'tcp' },
      },
    ]);
    state = reduceOlsEvent(state, result('unrelated-id'));
    expect(state.pendingApprovals).toEqual([]);
  });

  it('ignores an approval without id and a repeated approval id', () => {
    const once = reduceOlsEvents([approvalRequired('ap-1', {})]);
    expect(reduceOlsEvent(once, approvalRequired('ap-1', {}))).toBe(once);
    const noId = reduceOlsEvent(emptyQueryResult(), {
      event: 'approval_required',
      data: { tool_name: 'stop_vm' },
    });
    expect(noId).toEqual(emptyQueryResult());
  });
});

describe('fromLLMResponse', () => {
  it('maps the non-streaming LLMResponse', () => {
    expect(
      fromLLMResponse({
        conversation_id: 'c',
        response: 'Answer',
        referenced_documents: [{ doc_url: 'https://d', doc_title: 'D' }],
        truncated: false,
        input_tokens: 1,
        output_tokens: 2,
        available_quotas: {},
        tool_calls: [{ args: {}, id: '1', name: 'search_virtual_machines', type: 'tool_call' }],
        tool_results: [
          { content: 'bla', id: '1', round: 1, status: 'success', type: 'tool_result' },
        ],
      }),
    ).toEqual({
      conversationId: 'c',
      text: 'Answer',
      toolCalls: [{ id: '1', name: 'search_virtual_machines', args: {} }],
      toolResults: [
        { id: '1', name: 'search_virtual_machines', status: 'success', content: 'bla' },
      ],
      referencedDocuments: [{ doc_url: 'https://d', doc_title: 'D' }],
      truncated: false,
      inputTokens: 1,
      outputTokens: 2,
    });
  });

  it('returns null for a body that is not an LLMResponse', () => {
    expect(fromLLMResponse({ detail: 'x' })).toBeNull();
    expect(fromLLMResponse('text')).toBeNull();
  });
});
