import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { consoleFetch } from '@openshift-console/dynamic-plugin-sdk';
import type { Finding } from '../../kubevirt/diagnosis';
import { useAICapability } from '../../lightspeed/capabilities/useAICapability';
import type { CapabilityReason } from '../../lightspeed/capabilities/detectCapability';
import type { AICapability } from '../../lightspeed/types';
import { capabilityResult } from '../../views/testing/mockCapability';
import { BROKEN_NOW, brokenEvents, brokenPod, brokenVm } from '../../views/testing/brokenVm';
import {
  holdOlsRequests,
  namedTools,
  olsCalls,
  sentOlsBodies,
  toolArguments,
} from '../AIPromptCard/olsTestSupport';
import { AIEnhancedConditionPopover } from './AIEnhancedConditionPopover';
import { findingsForCondition } from './conditionFindings';

jest.mock('../../lightspeed/capabilities/useAICapability', () => ({
  useAICapability: jest.fn(),
  LIGHTSPEED_PLUGIN_FLAG: 'LIGHTSPEED_PLUGIN',
}));

const ready = brokenVm.status!.conditions![0];
const secretFinding: Finding = {
  ruleId: 'secret.missing',
  severity: 'critical',
  category: 'MissingSecretOrConfigMap',
  message: 'Secret "broken-vm-cloudinit" (cloud-init user data) does not exist in namespace demo.',
  evidence: [
    { kind: 'Secret', name: 'broken-vm-cloudinit', namespace: 'demo', value: 'not found' },
  ],
};
const infoFinding: Finding = {
  ...secretFinding,
  ruleId: 'vm.note',
  severity: 'info',
  message: 'FYI',
};

const openPopover = async (capability: AICapability, reason?: CapabilityReason) => {
  jest.mocked(useAICapability).mockReturnValue(capabilityResult(capability, reason) as never);
  render(
    <AIEnhancedConditionPopover
      condition={ready}
      vm={brokenVm}
      findings={[secretFinding, infoFinding]}
      events={brokenEvents}
      pod={brokenPod}
      now={BROKEN_NOW}
    />,
  );
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Ready: False' }));
  await screen.findByText('Condition Ready');
  return user;
};

const diagnose = async (user: ReturnType<typeof userEvent.setup>) => {
  await user.click(screen.getByRole('button', { name: 'Get AI Diagnosis' }));
  await waitFor(() => expect(olsCalls()).toHaveLength(1));
  return sentOlsBodies()[0];
};

beforeEach(() => {
  jest.mocked(consoleFetch).mockReset();
  holdOlsRequests();
});

describe('AIEnhancedConditionPopover', () => {
  it('shows type, status, reason, message, age and the local findings that explain it', async () => {
    await openPopover('off');
    expect(screen.getByText('PodNotExists')).toBeInTheDocument();
    expect(screen.getByText('virt-launcher pod has not yet been scheduled')).toBeInTheDocument();
    expect(screen.getByText('29m')).toBeInTheDocument();
    expect(screen.getByText('secret.missing')).toBeInTheDocument();
    expect(screen.queryByText('vm.note')).not.toBeInTheDocument();
  });

  it('off: no "Get AI Diagnosis" and no OLS request', async () => {
    await openPopover('off');
    expect(screen.queryByRole('button', { name: 'Get AI Diagnosis' })).not.toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('without Lightspeed access: a one-line hint where the button would be, no OLS request', async () => {
    await openPopover('off', 'not-authorized');
    expect(screen.queryByRole('button', { name: 'Get AI Diagnosis' })).not.toBeInTheDocument();
    expect(screen.getByTestId('kv-ls-ai-access-hint')).toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('static: the diagnose prompt carries attachments and names no tool', async () => {
    const user = await openPopover('static');
    await user.click(screen.getByRole('button', { name: 'Get AI Diagnosis' }));
    // Cluster data leaves only after the user has had the chance to review it.
    expect(olsCalls()).toHaveLength(0);
    await user.click(await screen.findByRole('button', { name: 'Send to OpenShift Lightspeed' }));
    await waitFor(() => expect(olsCalls()).toHaveLength(1));
    const body = sentOlsBodies()[0];
    expect(namedTools(body.query)).toEqual([]);
    expect(body.attachments?.length).toBeGreaterThan(0);
    expect(body.attachments?.map((a) => a.attachment_type)).toContain('api object');
    expect(body.query).toContain('PodNotExists');
  });

  it('mcp: the prompt names diagnose_vm_error with the VM as its arguments', async () => {
    const user = await openPopover('mcp');
    const body = await diagnose(user);
    expect(namedTools(body.query)).toContain('diagnose_vm_error');
    expect(toolArguments(body.query)[0]).toEqual({ namespace: 'demo', name: 'broken-vm' });
  });
});

describe('AIEnhancedConditionPopover size', () => {
  // Layout itself is measured in Chromium (integration-tests/tests/popover-viewport.spec.ts);
  // here: the bounds reach the popover and the body is the scrolling element.
  it('caps the popover at the viewport width and makes its body the scroller', async () => {
    await openPopover('off');
    const dialog = screen.getByRole('dialog');
    expect(dialog.style.maxWidth).toContain('100vw');
    expect(dialog.style.minWidth).toContain('100vw');
    const body = screen.getByText('PodNotExists').closest('.kv-ls-condition-popover');
    expect(body).toContainElement(screen.getByText('secret.missing'));
    expect(
      screen.getByText('virt-launcher pod has not yet been scheduled').closest('dd'),
    ).toHaveClass('kv-ls-condition-popover__message');
  });
});

describe('findingsForCondition', () => {
  it('keeps findings whose evidence cites the condition', () => {
    const cited: Finding = {
      ...secretFinding,
      ruleId: 'vm.not-ready',
      evidence: [
        { kind: 'VirtualMachine', name: 'broken-vm', fieldPath: 'status.conditions[type=Ready]' },
      ],
    };
    expect(findingsForCondition(ready, [secretFinding, cited]).map((f) => f.ruleId)).toEqual([
      'vm.not-ready',
    ]);
  });

  it('has nothing to explain for a healthy condition', () => {
    expect(findingsForCondition({ type: 'Ready', status: 'True' }, [secretFinding])).toEqual([]);
    expect(findingsForCondition({ type: 'Paused', status: 'False' }, [secretFinding])).toEqual([]);
    expect(findingsForCondition({ type: 'Paused', status: 'True' }, [secretFinding])).toHaveLength(
      1,
    );
  });
});
