import { act, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import {
  k8sList,
  useK8sWatchResources,
  useResolvedExtensions,
} from '@openshift-console/dynamic-plugin-sdk';
import { useAICapability } from '../../lightspeed/capabilities';
import { capabilityResult } from '../testing/mockCapability';
import {
  BROKEN_NOW,
  brokenEvents,
  brokenPod,
  brokenVm,
  brokenVmi,
  healthyNode,
} from '../testing/brokenVm';
import DiagnosticsTab from './DiagnosticsTab';
import { SNAPSHOT_SOURCES } from './useVmSnapshot';

jest.mock('../../lightspeed/capabilities', () => ({ useAICapability: jest.fn() }));

const serve = (objects: Record<string, unknown[]>) => {
  jest
    .mocked(useK8sWatchResources)
    .mockReturnValue(
      Object.fromEntries(
        SNAPSHOT_SOURCES.map(({ gvk }) => [
          gvk.kind,
          { data: objects[gvk.kind] ?? [], loaded: true, loadError: undefined },
        ]),
      ) as never,
    );
  jest.mocked(k8sList).mockImplementation((async ({ model }: { model: { kind: string } }) => ({
    items: objects[model.kind] ?? [],
  })) as never);
};

beforeEach(() => {
  jest.mocked(useResolvedExtensions).mockReturnValue([[], true, []] as never);
  jest.mocked(useAICapability).mockReturnValue(capabilityResult('off'));
});

describe('DiagnosticsTab health verdict (issue 12)', () => {
  it('opens with the verdict search and the VM table give, with its root-cause category', async () => {
    serve({
      VirtualMachineInstance: [brokenVmi],
      Pod: [brokenPod],
      Event: brokenEvents,
      Node: [healthyNode],
    });
    render(
      <MemoryRouter>
        <DiagnosticsTab obj={brokenVm} now={BROKEN_NOW} />
      </MemoryRouter>,
    );
    await act(async () => undefined);
    const verdict = await screen.findByTestId('kv-ls-health-verdict');
    expect(verdict).toHaveAttribute('data-health', 'error');
    expect(verdict.textContent).toMatch(/^Health: Error/);
    expect(verdict.textContent).toContain('Missing Secret or ConfigMap');
    expect(verdict).toHaveAttribute('data-category', 'MissingSecretOrConfigMap');
  });
});
