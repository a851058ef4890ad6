import { renderHook } from '@testing-library/react';
import { chatDispatch } from '../testing/chatDispatch';
import { useLightspeedChat } from './useLightspeedChat';

const request = {
  query: '<machine prompt with fenced data>',
  question: 'Why is VirtualMachine demo/vm-1 failing?',
  attachments: [
    {
      attachment_type: 'api object' as const,
      content_type: 'application/yaml' as const,
      content: 'kind: VirtualMachine\nmetadata:\n  name: vm-1\n  namespace: demo\n',
    },
  ],
};

const types = () => chatDispatch().mock.calls.map(([action]) => action.type);

beforeEach(() => chatDispatch().mockClear());

describe('useLightspeedChat', () => {
  it('asks the prompt hidden behind the short question', () => {
    const openOLS = jest.fn();
    const { result } = renderHook(() => useLightspeedChat(openOLS));
    result.current({ question: request.question, request });
    expect(types()).toEqual(['chatHistoryPush']);
    expect(chatDispatch().mock.calls[0][0].payload.entry).toMatchObject({
      who: 'user',
      text: request.question,
    });
    const [prompt, attachments, submit, hidePrompt] = openOLS.mock.calls[0];
    expect(prompt).toBe(request.query);
    expect(attachments).toHaveLength(1);
    expect([submit, hidePrompt]).toEqual([true, true]);
  });

  it('continues the conversation the card had instead of asking again', () => {
    const openOLS = jest.fn();
    const { result } = renderHook(() => useLightspeedChat(openOLS));
    result.current({
      question: request.question,
      request,
      continued: {
        conversationId: 'c0ffee00-0000-4000-8000-000000000001',
        answer: 'Root cause: …',
      },
    });
    expect(types()).toEqual(['chatHistoryPush', 'setConversationID', 'chatHistoryPush']);
    expect(chatDispatch().mock.calls[1][0].payload).toEqual({
      id: 'c0ffee00-0000-4000-8000-000000000001',
    });
    expect(chatDispatch().mock.calls[2][0].payload.entry).toMatchObject({
      who: 'ai',
      text: 'Root cause: …',
      isStreaming: false,
    });
    // Opened without a prompt: nothing is asked twice.
    expect(openOLS).toHaveBeenCalledWith();
  });

  it('does nothing without lightspeed-console', () => {
    const { result } = renderHook(() => useLightspeedChat(undefined));
    result.current({ question: request.question, request });
    expect(chatDispatch()).not.toHaveBeenCalled();
  });
});
