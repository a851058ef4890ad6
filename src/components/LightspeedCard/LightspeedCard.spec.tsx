/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { consoleFetch, useResolvedExtensions } from '@openshift-console/dynamic-plugin-sdk';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { chatDispatch } from '../../lightspeed/testing/chatDispatch';
import type { AICapabilityResult } from '../../lightspeed/capabilities/useAICapability';
import { useAICapability } from '../../lightspeed/capabilities/useAICapability';
import { DEFAULT_RUNTIME_CONFIG } from '../../lightspeed/capabilities/runtimeConfig';
import {
  SAMPLE_STREAM_TEXT,
  controllableStream,
  jsonResponse,
  olsStreamText,
  streamingResponse,
} from '../../lightspeed/testing/olsResponses';
import { anonymizeRequest } from '../../lightspeed/prompts/anonymize';
import type { LightspeedRequest } from '../../lightspeed/types';
import { LightspeedCard } from './LightspeedCard';

jest.mock('../../lightspeed/capabilities/useAICapability', () => ({
  ...jest.requireActual('../../lightspeed/capabilities/useAICapability'),
  useAICapability: jest.fn(),
}));

const fetchMock = jest.mocked(consoleFetch);
const capabilityMock = jest.mocked(useAICapability);
const extensionsMock = jest.mocked(useResolvedExtensions);
const demote = jest.fn();
const recheck = jest.fn();

const capability = (overrides: Partial<AICapabilityResult> = {}): AICapabilityResult => ({
  capability: 'mcp',
  loading: false,
  reason: 'mcp-reachable',
  config: DEFAULT_RUNTIME_CONFIG,
  settled: true,
  features: { toolCallRoute: true, modeField: false },
  demote,
  recheck,
  ...overrides,
});

const VM_YAML =
  'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: db-01\n  namespace: prod\n';
const EVENTS_YAML =
  '- type: Warning\n  reason: FailedScheduling\n  involvedObject:\n    kind: VirtualMachineInstance\n    name: db-01\n    namespace: prod\n';

/** A tool-triggering prompt (MCP mode): no cluster data attached, so the card asks at once. */
const request: LightspeedRequest = {
  query: 'Use diagnose_vm_error for prod/db-01 and explain the root cause.',
  expectedTools: ['diagnose_vm_error'],
};

/** A static prompt: cluster data goes as attachments, so the card waits for the user. */
const staticRequest: LightspeedRequest = {
  query: 'Explain the root cause of prod/db-01 from the attached objects.',
  attachments: [
    { attachment_type: 'api object', content_type: 'application/yaml', content: VM_YAML },
    { attachment_type: 'event', content_type: 'application/yaml', content: EVENTS_YAML },
    { attachment_type: 'log', content_type: 'text/plain', content: 'virt-launcher: boom' },
  ],
};

const openOLS = jest.fn();
const withOpenHandler = () =>
  extensionsMock.mockReturnValue([
    [
      {
        type: 'console.action/provider',
        properties: { contextId: 'ols-open-handler', provider: () => openOLS },
        pluginID: 'lightspeed-console-plugin',
        pluginName: 'lightspeed-console-plugin',
        uid: 'x',
      },
    ],
    true,
    [],
  ] as unknown as ReturnType<typeof useResolvedExtensions>);

beforeEach(() => {
  fetchMock.mockReset();
  capabilityMock.mockReset();
  capabilityMock.mockReturnValue(capability());
  extensionsMock.mockReset();
  extensionsMock.mockReturnValue([[], true, []]);
  demote.mockReset();
  recheck.mockReset();
  openOLS.mockReset();
});

describe('LightspeedCard', () => {
  it('streams the answer progressively, then shows tools used and referenced documents', async () => {
    const stream = controllableStream();
    fetchMock.mockResolvedValueOnce(stream.response);
    const onResult = jest.fn();
    render(<LightspeedCard request={request} title="Why is db-01 failing?" onResult={onResult} />);

    expect(screen.getByText('Why is db-01 failing?')).toBeInTheDocument();
    expect(screen.getByText('Waiting for the answer')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel the answer' })).toBeInTheDocument();

    await act(async () => {
      stream.push(olsStreamText([{ event: 'token', data: { id: 0, token: 'The VM **db-01** ' } }]));
    });
    await waitFor(() =>
      expect(screen.getByTestId('lightspeed-answer')).toHaveTextContent('The VM db-01'),
    );
    expect(screen.getByText('db-01').tagName).toBe('STRONG');
    expect(screen.getByRole('button', { name: 'Cancel the answer' })).toBeInTheDocument();

    await act(async () => {
      stream.push(SAMPLE_STREAM_TEXT.replace(/^data: .*"event": ?"start".*\n\n/m, ''));
      stream.close();
    });
    await waitFor(() => expect(onResult).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('lightspeed-answer')).toHaveTextContent('cannot pull its image');
    expect(screen.getByText('diagnose_vm_error')).toBeInTheDocument();
    const doc = screen.getByRole('link', { name: 'Troubleshooting' });
    expect(doc).toHaveAttribute('href', 'https://docs.redhat.com/virt/troubleshooting');
    expect(doc).toHaveAttribute('target', '_blank');
    expect(doc).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.queryByRole('button', { name: 'Cancel the answer' })).not.toBeInTheDocument();
    expect(demote).not.toHaveBeenCalled();
  });

  it('does not render raw HTML or script links from the model', async () => {
    fetchMock.mockResolvedValueOnce(
      streamingResponse([
        olsStreamText([
          {
            event: 'token',
            data: {
              token:
                '<img src=x onerror="alert(1)"><b>bold</b> [click](javascript:alert(1)) [docs](https://example.com)',
            },
          },
          { event: 'end', data: {} },
        ]),
      ]),
    );
    const { container } = render(<LightspeedCard request={request} />);
    await screen.findByTestId('lightspeed-answer');
    await waitFor(() => expect(screen.getByRole('link', { name: 'docs' })).toBeInTheDocument());
    const answer = screen.getByTestId('lightspeed-answer');
    expect(answer.querySelector('img')).toBeNull();
    expect(answer.querySelector('b')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
    expect(screen.getByRole('link', { name: 'docs' })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
  });

  it('renders referenced documents with javascript: or data: URLs as text, not links', async () => {
    fetchMock.mockResolvedValueOnce(
      streamingResponse([
        olsStreamText([
          { event: 'token', data: { token: 'See the documents.' } },
          {
            event: 'end',
            data: {
              referenced_documents: [
                { doc_url: 'javascript:alert(document.cookie)', doc_title: 'Evil script' },
                { doc_url: ' Java\tScript:alert(1)', doc_title: 'Evil tab' },
                {
                  doc_url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
                  doc_title: 'Evil data',
                },
                { doc_url: 'https://docs.redhat.com/virt', doc_title: 'Good doc' },
              ],
            },
          },
        ]),
      ]),
    );
    const { container } = render(<LightspeedCard request={request} />);
    await screen.findByRole('link', { name: 'Good doc' });
    for (const title of ['Evil script', 'Evil tab', 'Evil data']) {
      expect(screen.getByText(title)).toBeInTheDocument();
      expect(screen.queryByRole('link', { name: title })).toBeNull();
    }
    expect(container.querySelector('a[href^="javascript" i], a[href*="script:" i]')).toBeNull();
    expect(container.querySelector('a[href^="data:" i]')).toBeNull();
  });

  it('shows the error with its translated message and more info, and Retry succeeds the second time', async () => {
    fetchMock
      .mockResolvedValueOnce(
        jsonResponse(500, {
          detail: { response: 'The quota has been exceeded', cause: 'Quota limit reached' },
        }),
      )
      .mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    const onRetry = jest.fn();
    render(<LightspeedCard request={request} onRetry={onRetry} />);

    expect(await screen.findByText('Quota exceeded')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The OpenShift Lightspeed token quota has been used up. Try again later or ask an administrator to raise it.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'More info' }));
    expect(screen.getByText('The quota has been exceeded — Quota limit reached')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Retry the question' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(screen.getByTestId('lightspeed-answer')).toHaveTextContent('cannot pull its image'),
    );
    expect(screen.queryByText('Quota exceeded')).not.toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('offers no Retry for errors a retry cannot fix', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(403, { detail: 'Forbidden: User does not have access' }),
    );
    render(<LightspeedCard request={request} />);
    expect(await screen.findByText('No access to OpenShift Lightspeed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry the question' })).not.toBeInTheDocument();
  });

  it('unmount aborts the request', async () => {
    fetchMock.mockImplementationOnce(() => new Promise(() => undefined));
    const { unmount } = render(<LightspeedCard request={request} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const signal = fetchMock.mock.calls[0][1]?.signal;
    expect(signal?.aborted).toBe(false);
    unmount();
    expect(signal?.aborted).toBe(true);
  });

  it('a new prompt aborts the previous request and shows only the new answer', async () => {
    const first = controllableStream();
    fetchMock
      .mockResolvedValueOnce(first.response)
      .mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    const { rerender } = render(<LightspeedCard request={request} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    rerender(<LightspeedCard request={{ ...request, query: 'Another question' }} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(fetchMock.mock.calls[0][1]?.signal?.aborted).toBe(true);
    // The first body is released, so nothing of the old answer can arrive any more.
    await waitFor(() => expect(first.isCancelled()).toBe(true));
    await waitFor(() =>
      expect(screen.getByTestId('lightspeed-answer')).toHaveTextContent('cannot pull its image'),
    );
    expect(screen.queryByText('Cancelled')).not.toBeInTheDocument();
  });

  it('Cancel stops the answer and says so', async () => {
    const stream = controllableStream();
    fetchMock.mockResolvedValueOnce(stream.response);
    render(<LightspeedCard request={request} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel the answer' }));
    expect(fetchMock.mock.calls[0][1]?.signal?.aborted).toBe(true);
    expect(await screen.findByText('Cancelled')).toBeInTheDocument();
    await waitFor(() => expect(stream.isCancelled()).toBe(true));
  });

  it('never spins forever: a silent server ends in a timeout error', async () => {
    jest.useFakeTimers();
    try {
      capabilityMock.mockReturnValue(
        capability({
          config: {
            ...DEFAULT_RUNTIME_CONFIG,
            limits: { ...DEFAULT_RUNTIME_CONFIG.limits, requestTimeoutMs: 3_000 },
          },
        }),
      );
      fetchMock.mockImplementationOnce(() => new Promise(() => undefined));
      render(<LightspeedCard request={request} />);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(3_000);
      });
      expect(screen.getByText('The answer took too long')).toBeInTheDocument();
      expect(screen.queryByText('Waiting for the answer')).not.toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  it('Continue in Lightspeed before any answer asks the prompt there, hidden, with converted attachments', async () => {
    withOpenHandler();
    // No answer yet (the request is still waiting): there is no conversation to continue.
    fetchMock.mockReturnValueOnce(new Promise<Response>(() => undefined));
    render(<LightspeedCard request={staticRequest} />);
    await userEvent.click(screen.getByRole('button', { name: 'Continue in Lightspeed chat' }));
    expect(openOLS).toHaveBeenCalledWith(
      staticRequest.query,
      [
        {
          attachmentType: 'YAML',
          kind: 'VirtualMachine',
          name: 'db-01',
          namespace: 'prod',
          value: VM_YAML,
        },
        {
          attachmentType: 'Events',
          kind: 'VirtualMachineInstance',
          name: 'db-01',
          namespace: 'prod',
          value: EVENTS_YAML,
        },
        {
          attachmentType: 'Log',
          kind: 'Log',
          name: 'attachment-3',
          namespace: '',
          value: 'virt-launcher: boom',
        },
      ],
      true,
      true,
    );
    expect(extensionsMock).toHaveBeenCalled();
  });

  it('Continue in Lightspeed after an answer continues its conversation instead of asking again', async () => {
    withOpenHandler();
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    render(<LightspeedCard request={{ ...request, question: 'Why is db-01 down?' }} />);
    await screen.findByText(/cannot pull its image/);
    chatDispatch().mockClear();
    await userEvent.click(screen.getByRole('button', { name: 'Continue in Lightspeed chat' }));
    expect(openOLS).toHaveBeenCalledWith();
    const actions = chatDispatch().mock.calls.map(([action]) => action);
    expect(actions.map((action) => action.type)).toEqual([
      'chatHistoryPush',
      'setConversationID',
      'chatHistoryPush',
    ]);
    expect(actions[0].payload.entry).toMatchObject({ text: 'Why is db-01 down?' });
    expect(actions[1].payload.id).toEqual(expect.any(String));
  });

  it('hides Continue in Lightspeed without the ols-open-handler extension', async () => {
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    render(<LightspeedCard request={request} />);
    await screen.findByTestId('lightspeed-answer');
    expect(
      screen.queryByRole('button', { name: 'Continue in Lightspeed chat' }),
    ).not.toBeInTheDocument();
  });

  it('demotes to static when a tool-triggering answer used none of the expected tools', async () => {
    fetchMock.mockResolvedValueOnce(
      streamingResponse([
        olsStreamText([
          { event: 'token', data: { token: 'Generic advice.' } },
          { event: 'end', data: {} },
        ]),
      ]),
    );
    render(<LightspeedCard request={request} />);
    await waitFor(() => expect(demote).toHaveBeenCalledTimes(1));
  });

  it('sends mode only when the runtime config says OLS supports it', async () => {
    fetchMock.mockResolvedValue(streamingResponse([SAMPLE_STREAM_TEXT]));
    const { unmount } = render(
      <LightspeedCard request={{ ...request, mode: 'troubleshooting' }} />,
    );
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).not.toHaveProperty('mode');
    unmount();

    fetchMock.mockResolvedValue(streamingResponse([SAMPLE_STREAM_TEXT]));
    capabilityMock.mockReturnValue(
      capability({ features: { toolCallRoute: true, modeField: true } }),
    );
    render(<LightspeedCard request={{ ...request, mode: 'troubleshooting' }} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(JSON.parse(String(fetchMock.mock.calls[1][1]?.body)).mode).toBe('troubleshooting');
  });

  it('renders nothing and sends nothing when AI is off', async () => {
    capabilityMock.mockReturnValue(capability({ capability: 'off', reason: 'disabled-by-admin' }));
    const { container } = render(<LightspeedCard request={request} />);
    await act(async () => undefined);
    expect(container).toBeEmptyDOMElement();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('waits for capability detection before sending', async () => {
    capabilityMock.mockReturnValue(
      capability({ capability: 'off', loading: true, reason: undefined }),
    );
    render(<LightspeedCard request={request} />);
    await act(async () => undefined);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(screen.getByText('Waiting for the answer')).toBeInTheDocument();
  });

  it('with autoStart false, asks only when the user clicks', async () => {
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    render(<LightspeedCard request={request} autoStart={false} />);
    await act(async () => undefined);
    expect(fetchMock).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Ask OpenShift Lightspeed' }));
    await screen.findByTestId('lightspeed-answer');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('with attachments, waits for the user, shows exactly what will be sent, then sends it', async () => {
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    render(<LightspeedCard request={staticRequest} />);
    await act(async () => undefined);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(screen.getByText(/sends 3 attachments with data from the cluster/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Review what will be sent (3 attachments)' }),
    );
    const review = screen.getByTestId('sent-content-review');
    expect(review).toHaveTextContent(staticRequest.query);
    expect(review).toHaveTextContent('Attachment 3: log (text/plain)');
    expect(review).toHaveTextContent('virt-launcher: boom');
    await userEvent.click(screen.getByRole('button', { name: 'Send to OpenShift Lightspeed' }));
    await screen.findByTestId('lightspeed-answer');
    const sent = JSON.parse(String((fetchMock.mock.calls[0][1] as RequestInit).body));
    // What the review showed is byte for byte what went out.
    expect(sent.attachments).toEqual(staticRequest.attachments);
    expect(
      screen.getByRole('button', { name: 'What was sent to OpenShift Lightspeed (3 attachments)' }),
    ).toBeInTheDocument();
  });

  it('with masked names, sends placeholders only and shows the answer with the real names', async () => {
    const { request: masked, masker } = anonymizeRequest(staticRequest, {
      vm: { metadata: { name: 'db-01', namespace: 'prod' } },
    });
    fetchMock.mockResolvedValueOnce(
      streamingResponse([
        olsStreamText([
          { event: 'start', data: { conversation_id: 'c-1' } },
          { event: 'token', data: { id: 0, token: 'Restart VM_1 in ' } },
          {
            event: 'token',
            data: { id: 1, token: 'namespace_1: `virtctl restart VM_1 -n NAMESPACE_1`' },
          },
          { event: 'end', data: { referenced_documents: [], truncated: false } },
        ]),
      ]),
    );
    const onResult = jest.fn();
    render(<LightspeedCard request={masked} nameMasker={masker} onResult={onResult} />);
    await userEvent.click(screen.getByRole('button', { name: /Review what will be sent/ }));
    const table = within(screen.getByTestId('masked-names'));
    expect(table.getByText('VM_1')).toBeInTheDocument();
    expect(table.getByText('db-01')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Send to OpenShift Lightspeed' }));
    const answer = await screen.findByTestId('lightspeed-answer');
    await waitFor(() => expect(answer).toHaveTextContent('virtctl restart db-01 -n prod'));
    expect(answer).toHaveTextContent('Restart db-01 in prod:');
    const body = String((fetchMock.mock.calls[0][1] as RequestInit).body);
    expect(body).not.toMatch(/db-01|prod/);
    expect(body).toContain('VM_1');
    await waitFor(() => expect(onResult).toHaveBeenCalled());
    expect(onResult.mock.calls.at(-1)?.[0].text).toContain('virtctl restart db-01 -n prod');
  });

  it('an oversized prompt shows the too-long message and sends nothing', async () => {
    render(<LightspeedCard request={{ query: 'x'.repeat(32_001) }} />);
    expect(await screen.findByText('The question is too long')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('LightspeedCard tool approvals', () => {
  const APPROVAL_ID = 'a89a5d3f-4bda-4eab-9f90-61d8e7b06dd2';
  const DECISION_URL = '/api/proxy/plugin/lightspeed-console-plugin/ols/v1/tool-approvals/decision';
  const ARGS = {
    namespace: 'prod',
    name: 'db-01',
    password: 'hunter2-not-a-real-secret',
    note: 'x'.repeat(500),
  };
  const waitingStream = () =>
    olsStreamText([
      { event: 'start', data: { conversation_id: '123e4567-e89b-12d3-a456-426614174000' } },
      {
        event: 'tool_call',
        data: {
          id: 'call-1',
          name: 'diagnose_vm_error',
          args: ARGS,
          type: 'tool_call',
          server_name: 'cnv-mcp-server',
        },
      },
      {
        event: 'approval_required',
        data: {
          approval_id: APPROVAL_ID,
          tool_name: 'diagnose_vm_error',
          tool_description: 'Diagnoses why a VM is not running.',
          tool_args: ARGS,
          tool_annotation: { readOnlyHint: true },
        },
      },
    ]);
  const rest = (status: 'success' | 'error', content: string, answer: string) =>
    olsStreamText([
      {
        event: 'tool_result',
        data: {
          id: 'call-1',
          name: 'diagnose_vm_error',
          status,
          content,
          type: 'tool_result',
          round: 1,
          server_name: 'cnv-mcp-server',
        },
      },
      { event: 'token', data: { id: 0, token: answer } },
      { event: 'end', data: { referenced_documents: [], truncated: false } },
    ]);
  const decisionCalls = () => fetchMock.mock.calls.filter(([url]) => url === DECISION_URL);
  const decisionBody = (index = 0) => JSON.parse(String(decisionCalls()[index][1]?.body));

  it('shows what the tool would run, sends the approval, and the answer continues', async () => {
    const stream = controllableStream();
    fetchMock.mockResolvedValueOnce(stream.response).mockResolvedValueOnce(jsonResponse(200, null));
    const onResult = jest.fn();
    render(<LightspeedCard request={request} onResult={onResult} />);
    await act(async () => {
      stream.push(waitingStream());
    });

    const approval = await screen.findByRole('region', { name: 'Approval for diagnose_vm_error' });
    expect(approval).toHaveTextContent('Approval required');
    expect(approval).toHaveTextContent('Diagnoses why a VM is not running.');
    expect(approval).toHaveTextContent('cnv-mcp-server');
    expect(approval).toHaveTextContent('Read-only');
    expect(approval).toHaveTextContent('db-01');
    // Arguments are redacted and long values cut.
    expect(approval).not.toHaveTextContent('hunter2');
    expect(approval).toHaveTextContent('<redacted>');
    expect(approval).toHaveTextContent(`${'x'.repeat(199)}…`);
    expect(approval).not.toHaveTextContent('x'.repeat(200));
    expect(screen.queryByText('Waiting for the answer')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Approve diagnose_vm_error' }));
    expect(await screen.findByText('Approved')).toBeInTheDocument();
    expect(decisionCalls()).toHaveLength(1);
    expect(decisionCalls()[0][1]?.method).toBe('POST');
    expect(decisionBody()).toEqual({ approval_id: APPROVAL_ID, approved: true });
    expect(
      screen.queryByRole('button', { name: 'Deny diagnose_vm_error' }),
    ).not.toBeInTheDocument();

    await act(async () => {
      stream.push(rest('success', 'Root cause: image pull failed', 'The image cannot be pulled.'));
      stream.close();
    });
    await waitFor(() => expect(onResult).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('lightspeed-answer')).toHaveTextContent(
      'The image cannot be pulled.',
    );
    // The decision stays visible once OLS moved on.
    expect(screen.getByText('Approved')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Approve/ })).not.toBeInTheDocument();
  });

  it('sends a denial, and the answer reports the refused tool', async () => {
    const stream = controllableStream();
    fetchMock.mockResolvedValueOnce(stream.response).mockResolvedValueOnce(jsonResponse(200, null));
    render(<LightspeedCard request={request} />);
    await act(async () => {
      stream.push(waitingStream());
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Deny diagnose_vm_error' }));
    expect(await screen.findByText('Denied')).toBeInTheDocument();
    expect(decisionBody()).toEqual({ approval_id: APPROVAL_ID, approved: false });

    await act(async () => {
      stream.push(
        rest(
          'error',
          "Tool 'diagnose_vm_error' execution was rejected. Do not retry this exact tool call.",
          'The diagnosis tool was not run because you denied it.',
        ),
      );
      stream.close();
    });
    await waitFor(() =>
      expect(screen.getByTestId('lightspeed-answer')).toHaveTextContent('you denied it'),
    );
    expect(screen.getByText('Denied')).toBeInTheDocument();
  });

  it('explains an expired approval (404) and offers the Lightspeed chat instead', async () => {
    withOpenHandler();
    const stream = controllableStream();
    fetchMock.mockResolvedValueOnce(stream.response).mockResolvedValueOnce(
      jsonResponse(404, {
        detail: {
          response: 'Approval request not found',
          cause: `No pending approval for approval_id ${APPROVAL_ID}`,
        },
      }),
    );
    render(<LightspeedCard request={request} />);
    await act(async () => {
      stream.push(waitingStream());
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Approve diagnose_vm_error' }));

    const approval = screen.getByRole('region', { name: 'Approval for diagnose_vm_error' });
    expect(await within(approval).findByText('The approval request has expired')).toBeVisible();
    expect(screen.queryByText('Approved')).not.toBeInTheDocument();
    expect(within(approval).queryByRole('button', { name: /^Approve/ })).not.toBeInTheDocument();
    await userEvent.click(
      within(approval).getByRole('button', { name: 'Continue in Lightspeed chat' }),
    );
    // No answer yet: the chat asks the question itself.
    expect(openOLS).toHaveBeenCalledWith(request.query, expect.any(Array), true, true);
  });

  it('keeps Approve / Deny after a network failure so the user can try again', async () => {
    const stream = controllableStream();
    fetchMock
      .mockResolvedValueOnce(stream.response)
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(jsonResponse(200, null));
    render(<LightspeedCard request={request} />);
    await act(async () => {
      stream.push(waitingStream());
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Approve diagnose_vm_error' }));
    expect(await screen.findByText('The decision was not sent')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Approve diagnose_vm_error' }));
    expect(await screen.findByText('Approved')).toBeInTheDocument();
    expect(screen.queryByText('The decision was not sent')).not.toBeInTheDocument();
    expect(decisionCalls()).toHaveLength(2);
  });

  it('does not time out while an approval waits for the user, and times out again after it', async () => {
    jest.useFakeTimers();
    try {
      capabilityMock.mockReturnValue(
        capability({
          config: {
            ...DEFAULT_RUNTIME_CONFIG,
            limits: { ...DEFAULT_RUNTIME_CONFIG.limits, requestTimeoutMs: 3_000 },
          },
        }),
      );
      const stream = controllableStream();
      fetchMock
        .mockResolvedValueOnce(stream.response)
        .mockResolvedValueOnce(jsonResponse(200, null));
      render(<LightspeedCard request={request} />);
      await act(async () => {
        stream.push(waitingStream());
        await jest.advanceTimersByTimeAsync(0);
      });
      await act(async () => {
        await jest.advanceTimersByTimeAsync(60_000);
      });
      expect(screen.queryByText('The answer took too long')).not.toBeInTheDocument();
      const approve = screen.getByRole('button', { name: 'Approve diagnose_vm_error' });

      await act(async () => {
        approve.click();
        await jest.advanceTimersByTimeAsync(0);
      });
      expect(screen.getByText('Approved')).toBeInTheDocument();
      // The decision restarts the inactivity timer: a silent OLS still ends in a timeout.
      await act(async () => {
        await jest.advanceTimersByTimeAsync(3_000);
      });
      expect(screen.getByText('The answer took too long')).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });
});
