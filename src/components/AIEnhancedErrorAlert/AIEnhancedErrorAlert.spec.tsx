import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import { useAICapability } from '../../lightspeed/capabilities/useAICapability';
import type { CapabilityReason } from '../../lightspeed/capabilities/detectCapability';
import type { AICapability } from '../../lightspeed/types';
import { capabilityResult } from '../../views/testing/mockCapability';
import { brokenEvents, brokenVm } from '../../views/testing/brokenVm';
import {
  holdOlsRequests,
  namedTools,
  olsCalls,
  sentOlsBodies,
  toolArguments,
} from '../AIPromptCard/olsTestSupport';
import { AIEnhancedErrorAlert } from './AIEnhancedErrorAlert';

jest.mock('../../lightspeed/capabilities/useAICapability', () => ({
  useAICapability: jest.fn(),
  LIGHTSPEED_PLUGIN_FLAG: 'LIGHTSPEED_PLUGIN',
}));

const PASSWORD = 'hunter2-Sup3rSecret';
const vmWithCloudInitPassword = {
  ...brokenVm,
  spec: {
    ...brokenVm.spec,
    template: {
      spec: {
        ...brokenVm.spec?.template?.spec,
        volumes: [
          {
            name: 'cloudinit',
            cloudInitNoCloud: { userData: `#cloud-config\nuser: fedora\npassword: ${PASSWORD}\n` },
          },
        ],
      },
    },
  },
};

const renderAlert = (capability: AICapability, reason?: CapabilityReason) => {
  jest.mocked(useAICapability).mockReturnValue(capabilityResult(capability, reason) as never);
  return render(
    <AIEnhancedErrorAlert
      title="VirtualMachine broken-vm failed to start"
      message={'secret "broken-vm-cloudinit" not found'}
      vm={vmWithCloudInitPassword}
      events={brokenEvents}
      actionLinks={<button type="button">Retry start</button>}
    />,
  );
};

const troubleshoot = async () => {
  await userEvent.setup().click(screen.getByRole('button', { name: 'Troubleshoot with AI' }));
  await waitFor(() => expect(olsCalls()).toHaveLength(1));
  return sentOlsBodies()[0];
};

beforeEach(() => {
  jest.mocked(consoleFetch).mockReset();
  holdOlsRequests();
});

describe('AIEnhancedErrorAlert', () => {
  it("shows the error, the resource and its namespace, and the view's own actions", () => {
    renderAlert('off');
    expect(screen.getByText('VirtualMachine broken-vm failed to start')).toBeInTheDocument();
    expect(screen.getByText('secret "broken-vm-cloudinit" not found')).toBeInTheDocument();
    expect(screen.getByText('VirtualMachine broken-vm')).toBeInTheDocument();
    expect(screen.getByText('demo')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry start' })).toBeInTheDocument();
  });

  it('off: no AI control and no OLS request', async () => {
    renderAlert('off');
    expect(screen.queryByRole('button', { name: /AI/ })).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('without Lightspeed access: a one-line hint instead of the AI action, no OLS request', async () => {
    renderAlert('off', 'not-authorized');
    expect(screen.queryByRole('button', { name: /AI/ })).not.toBeInTheDocument();
    expect(screen.getByTestId('kv-ls-ai-access-hint')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('sends nothing until the user asks', () => {
    renderAlert('mcp');
    expect(screen.getByRole('button', { name: 'Troubleshoot with AI' })).toBeInTheDocument();
    expect(olsCalls()).toHaveLength(0);
  });

  it('static: the troubleshooting prompt carries redacted attachments and names no tool', async () => {
    renderAlert('static');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Troubleshoot with AI' }));
    expect(olsCalls()).toHaveLength(0);
    await user.click(await screen.findByRole('button', { name: 'Send to OpenShift Lightspeed' }));
    await waitFor(() => expect(olsCalls()).toHaveLength(1));
    const body = sentOlsBodies()[0];
    expect(namedTools(body.query)).toEqual([]);
    expect(body.attachments?.length).toBeGreaterThan(0);
    const kinds = body.attachments?.map((a) => a.attachment_type);
    expect(kinds).toContain('api object');
    expect(body.attachments?.some((a) => a.content.includes('broken-vm'))).toBe(true);
    expect(body.query).toContain('broken-vm failed to start');
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
  });

  it('names masked by the admin: static prompt with placeholders, never the VM or its namespace', async () => {
    const result = capabilityResult('static', 'names-anonymized');
    jest.mocked(useAICapability).mockReturnValue({
      ...result,
      config: { ...result.config, ai: { ...result.config.ai, anonymizeNames: true } },
    } as never);
    render(
      <AIEnhancedErrorAlert
        title="VirtualMachine broken-vm failed to start"
        message={'secret "broken-vm-cloudinit" not found'}
        vm={vmWithCloudInitPassword}
        events={brokenEvents}
      />,
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Troubleshoot with AI' }));
    expect(screen.getByText('Names are masked before they are sent')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Send to OpenShift Lightspeed' }));
    await waitFor(() => expect(olsCalls()).toHaveLength(1));
    const sent = JSON.stringify(sentOlsBodies()[0]);
    expect(sent).not.toMatch(/(?<![\w-])(broken-vm|demo)(?![\w-])/);
    expect(sent).toContain('VM_1');
    expect(namedTools(sentOlsBodies()[0].query)).toEqual([]);
  });

  it('mcp: the prompt names the diagnosis tool with the VM as its arguments', async () => {
    renderAlert('mcp');
    const body = await troubleshoot();
    expect(namedTools(body.query)).toContain('diagnose_vm_error');
    expect(toolArguments(body.query)).toContainEqual({ namespace: 'demo', name: 'broken-vm' });
  });

  it('toggles the AI answer away again', async () => {
    renderAlert('mcp');
    await troubleshoot();
    expect(screen.getByRole('button', { name: 'Hide AI troubleshooting' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });
});
