import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import {
  consoleFetch,
  useK8sWatchResources,
  useResolvedExtensions,
} from '@openshift-console/dynamic-plugin-sdk';
import { useAICapability } from '../../lightspeed/capabilities';
import type { VirtualMachine } from '../../kubevirt/types';
import { capabilityResult } from '../testing/mockCapability';
import {
  BROKEN_NOW,
  brokenEvents,
  brokenPod,
  brokenVm,
  brokenVmi,
  healthyNode,
} from '../testing/brokenVm';
import { OLSOpenHandlerProvider } from '../actions/olsOpenHandler';
import DiagnosticsTab from './DiagnosticsTab';
import { SNAPSHOT_SOURCES } from './useVmSnapshot';

jest.mock('../../lightspeed/capabilities', () => ({ useAICapability: jest.fn() }));

type Served = Record<string, { data?: unknown; loaded?: boolean; loadError?: unknown }>;

/** Every watched kind loaded (empty unless given); `overrides` per kind. */
const serve = (objects: Record<string, unknown[]>, overrides: Served = {}) => {
  const results: Served = Object.fromEntries(
    SNAPSHOT_SOURCES.map(({ gvk }) => [
      gvk.kind,
      { data: objects[gvk.kind] ?? [], loaded: true, loadError: undefined, ...overrides[gvk.kind] },
    ]),
  );
  jest.mocked(useK8sWatchResources).mockReturnValue(results as never);
};

const brokenCluster = {
  VirtualMachineInstance: [brokenVmi],
  Pod: [brokenPod],
  Event: brokenEvents,
  Node: [healthyNode],
};

const renderTab = (vm: VirtualMachine = brokenVm) =>
  render(
    <MemoryRouter>
      <DiagnosticsTab obj={vm} now={BROKEN_NOW} />
    </MemoryRouter>,
  );

beforeEach(() => {
  jest.mocked(useResolvedExtensions).mockReturnValue([[], true, []] as never);
  jest.mocked(useAICapability).mockReturnValue(capabilityResult('off'));
  jest.mocked(consoleFetch).mockClear();
});

describe('DiagnosticsTab', () => {
  it('shows the failed checks with the root cause alert for a broken VM', () => {
    serve(brokenCluster);
    renderTab();

    const failed = screen
      .getAllByTestId('check')
      .filter((check) => check.getAttribute('data-passed') === 'false');
    expect(failed.map((check) => check.querySelector('strong')?.textContent)).toContain(
      'Referenced Secrets and ConfigMaps exist',
    );
    expect(screen.getByText(/checks failed/)).toBeInTheDocument();

    const alertTitle = screen.getByText(/Secret "broken-vm-cloudinit" \(cloud-init user data\)/, {
      selector: '.pf-v6-c-alert__title, .pf-v6-c-alert__title *',
    });
    expect(alertTitle).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Danger alert/ })).toBeInTheDocument();
    expect(screen.getAllByText('secret.missing').length).toBeGreaterThan(0);
  });

  it('watches Secrets and ConfigMaps as metadata only', () => {
    serve(brokenCluster);
    renderTab();
    const resources = jest.mocked(useK8sWatchResources).mock.calls.at(-1)?.[0] as Record<
      string,
      { partialMetadata?: boolean; namespace?: string }
    >;
    expect(resources.Secret).toMatchObject({ partialMetadata: true, namespace: 'demo' });
    expect(resources.ConfigMap).toMatchObject({ partialMetadata: true, namespace: 'demo' });
    expect(resources.Pod.partialMetadata).toBeUndefined();
  });

  it('reports a list the user may not read as forbidden, not as a missing Secret', () => {
    serve(brokenCluster, { Secret: { data: [], loaded: false, loadError: { code: 403 } } });
    renderTab();
    expect(screen.queryByText(/does not exist in namespace demo/)).not.toBeInTheDocument();
  });

  it('wraps each condition in the condition popover', async () => {
    serve(brokenCluster);
    renderTab();
    const user = userEvent.setup();
    await user.click(
      screen.getByRole('button', { name: 'Details of condition Ready of the VirtualMachine' }),
    );
    expect(await screen.findByText('Condition Ready')).toBeInTheDocument();
    expect(screen.getAllByText('PodNotExists').length).toBeGreaterThan(1);
  });

  it('with AI off works fully and shows no AI control', () => {
    serve(brokenCluster);
    renderTab();
    expect(screen.queryByRole('button', { name: /AI/ })).not.toBeInTheDocument();
    expect(screen.queryByText('Troubleshoot with AI')).not.toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('with AI available offers troubleshooting in the alert and on the tab', () => {
    jest.mocked(useAICapability).mockReturnValue(capabilityResult('static'));
    jest.mocked(useResolvedExtensions).mockReturnValue([
      [
        {
          type: 'console.action/provider',
          uid: 'ols[0]',
          pluginName: 'lightspeed-console-plugin',
          properties: { contextId: 'ols-open-handler', provider: () => jest.fn() },
        },
      ],
      true,
      [],
    ] as never);
    serve(brokenCluster);
    render(
      <MemoryRouter>
        <OLSOpenHandlerProvider>
          <DiagnosticsTab obj={brokenVm} now={BROKEN_NOW} />
        </OLSOpenHandlerProvider>
      </MemoryRouter>,
    );
    expect(screen.getByRole('button', { name: 'Troubleshoot with AI' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Troubleshoot demo/broken-vm with AI' }),
    ).toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('shows no alert for a healthy running VM', () => {
    const healthy: VirtualMachine = {
      ...brokenVm,
      spec: { ...brokenVm.spec, template: { spec: { volumes: [] } } },
      status: {
        printableStatus: 'Running',
        ready: true,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
    serve({
      VirtualMachineInstance: [
        { ...brokenVmi, status: { phase: 'Running', nodeName: 'worker-0', conditions: [] } },
      ],
      Node: [healthyNode],
    });
    renderTab(healthy);
    expect(screen.getByText(/No problems found/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /Danger alert/ })).not.toBeInTheDocument();
  });

  it('waits for every watch before diagnosing', () => {
    serve(brokenCluster, { Event: { data: [], loaded: false } });
    renderTab();
    expect(screen.getByRole('progressbar', { name: 'Loading diagnostics' })).toBeInTheDocument();
    expect(screen.queryAllByTestId('check')).toHaveLength(0);
  });
});
