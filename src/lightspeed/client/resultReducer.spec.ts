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
