import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FC } from 'react';
import type { Action } from '@openshift-console/dynamic-plugin-sdk';
import { useResolvedExtensions } from '@openshift-console/dynamic-plugin-sdk';
import { chatDispatch } from '../../lightspeed/testing/chatDispatch';
import { useAICapability } from '../../lightspeed/capabilities';
import type { CapabilityReason } from '../../lightspeed/capabilities/detectCapability';
import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import type { AICapability } from '../../lightspeed/types';
import { capabilityResult } from '../testing/mockCapability';
import { brokenVm } from '../testing/brokenVm';
import { OLSOpenHandlerProvider } from './olsOpenHandler';
import { TroubleshootWithAIButton } from './TroubleshootWithAIButton';
import { TROUBLESHOOT_ACTION_ID, useTroubleshootVmActions } from './useTroubleshootVmActions';

jest.mock('../../lightspeed/capabilities', () => ({ useAICapability: jest.fn() }));

const openOLS = jest.fn();
const useOpenOLS = () => openOLS;

const withHandler = (present: boolean) =>
  jest.mocked(useResolvedExtensions).mockReturnValue([
    present
      ? [
          {
            type: 'console.action/provider',
            uid: 'lightspeed-console-plugin[0]',
            pluginName: 'lightspeed-console-plugin',
            properties: { contextId: 'ols-open-handler', provider: useOpenOLS },
          },
        ]
      : [],
    true,
    [],
  ] as never);

const record = jest.fn<void, [[Action[], boolean, unknown]]>();
const Probe: FC = () => {
  record(useTroubleshootVmActions(brokenVm));
  return null;
};
let latest: [Action[], boolean, unknown] | undefined;

const renderWith = (
  capability: AICapability,
  handler: boolean,
  overrides: Partial<ReturnType<typeof capabilityResult>> & { reason?: CapabilityReason } = {},
) => {
  jest.mocked(useAICapability).mockReturnValue({ ...capabilityResult(capability), ...overrides });
  withHandler(handler);
  const view = render(
    <OLSOpenHandlerProvider>
      <Probe />
      <TroubleshootWithAIButton vm={brokenVm} />
    </OLSOpenHandlerProvider>,
  );
  latest = record.mock.calls.at(-1)?.[0];
  return view;
};

beforeEach(() => {
  record.mockClear();
  latest = undefined;
  openOLS.mockClear();
  chatDispatch().mockClear();
});

describe('useTroubleshootVmActions', () => {
  it('returns no action when lightspeed-console has no ols-open-handler', () => {
    renderWith('mcp', false);
    expect(latest?.[0]).toEqual([]);
    expect(latest?.[1]).toBe(true);
    expect(screen.queryByRole('button', { name: /with AI/ })).not.toBeInTheDocument();
  });

  it('returns no action when AI is off, even with the handler', () => {
    renderWith('off', true);
    expect(latest?.[0]).toEqual([]);
    expect(screen.queryByRole('button', { name: /with AI/ })).not.toBeInTheDocument();
    expect(openOLS).not.toHaveBeenCalled();
  });

  it('offers "Troubleshoot with AI" once the handler is there', () => {
    renderWith('static', true);
    expect(latest?.[0].map((action) => action.id)).toEqual([TROUBLESHOOT_ACTION_ID]);
    expect(latest?.[0][0].label).toBe('Troubleshoot with AI');
    expect(
      screen.getByRole('button', { name: 'Troubleshoot demo/broken-vm with AI' }),
    ).toBeInTheDocument();
  });

  it('withdraws the action when the handler goes away', () => {
    const view = renderWith('static', true);
    expect(latest?.[0]).toHaveLength(1);
    withHandler(false);
    view.rerender(
      <OLSOpenHandlerProvider>
        <Probe />
      </OLSOpenHandlerProvider>,
    );
    expect(record.mock.calls.at(-1)?.[0][0]).toEqual([]);
  });

  it('static: opens the chat with the prompt and redacted attachments, naming no tool', async () => {
    renderWith('static', true);
    await userEvent.setup().click(screen.getByRole('button', { name: /with AI/ }));
    await waitFor(() => expect(openOLS).toHaveBeenCalledTimes(1));
    const [prompt, attachments, submit] = openOLS.mock.calls[0];
    expect(prompt).toContain('broken-vm');
    for (const tool of Object.values(CNV_MCP_TOOLS)) expect(prompt).not.toContain(tool);
    expect(attachments.length).toBeGreaterThan(0);
    for (const attachment of attachments) {
      expect(attachment).toEqual(
        expect.objectContaining({
          attachmentType: expect.stringMatching(/^(YAML|Events|Log)$/),
          kind: expect.any(String),
          name: expect.any(String),
          value: expect.any(String),
        }),
      );
    }
    expect(submit).toBe(true);
  });

  it('hides the machine prompt in the chat and shows a short question instead', async () => {
    renderWith('mcp', true);
    await act(async () => {
      await (latest?.[0][0].cta as () => Promise<void>)();
    });
    expect(openOLS.mock.calls[0][3]).toBe(true);
    expect(chatDispatch()).toHaveBeenCalledWith({
      type: 'chatHistoryPush',
      payload: {
        entry: expect.objectContaining({
          who: 'user',
          hidden: false,
          text: 'Why is VirtualMachine demo/broken-vm not working, and how do I fix it?',
        }),
      },
    });
  });

  it('reports loaded while a failed probe round re-runs: the list is already known', () => {
    renderWith('static', true, { loading: true, settled: true, reason: 'mcp-probe-failed' });
    expect(latest?.[1]).toBe(true);
    expect(latest?.[0]).toHaveLength(1);
  });

  it('reports not loaded only before any round has settled', () => {
    renderWith('off', true, { loading: true, settled: false });
    expect(latest?.[1]).toBe(false);
  });

  it('mcp: the prompt names the diagnosis tool and the VM as its arguments', async () => {
    renderWith('mcp', true);
    await act(async () => {
      await (latest?.[0][0].cta as () => Promise<void>)();
    });
    const [prompt] = openOLS.mock.calls[0];
    expect(prompt).toContain(CNV_MCP_TOOLS.diagnose);
    expect(prompt).toMatch(/namespace["':\s=]+demo/);
    expect(prompt).toMatch(/name["':\s=]+broken-vm/);
  });
});
