/**
 * @jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts
 */
import { consoleFetch, useResolvedExtensions } from '@openshift-console/dynamic-plugin-sdk';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
  demote,
  recheck,
  ...overrides,
});

const VM_YAML =
  'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: db-01\n  namespace: prod\n';
const EVENTS_YAML =
  '- type: Warning\n  reason: FailedScheduling\n  involvedObject:\n    kind: VirtualMachineInstance\n    name: db-01\n    namespace: prod\n';

const request: LightspeedRequest = {
  query: 'Use diagnose_vm_error for prod/db-01 and explain the root cause.',
  attachments: [
    { attachment_type: 'api object', content_type: 'application/yaml', content: VM_YAML },
    { attachment_type: 'event', content_type: 'application/yaml', content: EVENTS_YAML },
    { attachment_type: 'log', content_type: 'text/plain', content: 'virt-launcher: boom' },
  ],
  expectedTools: ['diagnose_vm_error'],
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

  it('Continue in Lightspeed calls the handler with the prompt and converted attachments', async () => {
    withOpenHandler();
    fetchMock.mockResolvedValueOnce(streamingResponse([SAMPLE_STREAM_TEXT]));
    render(<LightspeedCard request={request} />);
    await userEvent.click(screen.getByRole('button', { name: 'Continue in Lightspeed chat' }));
    expect(openOLS).toHaveBeenCalledWith(
      request.query,
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
      false,
    );
    expect(extensionsMock).toHaveBeenCalled();
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
      capability({
        config: {
          ...DEFAULT_RUNTIME_CONFIG,
          ai: { ...DEFAULT_RUNTIME_CONFIG.ai, olsSupportsMode: true },
        },
      }),
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

  it('an oversized prompt shows the too-long message and sends nothing', async () => {
    render(<LightspeedCard request={{ query: 'x'.repeat(32_001) }} />);
    expect(await screen.findByText('The question is too long')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
