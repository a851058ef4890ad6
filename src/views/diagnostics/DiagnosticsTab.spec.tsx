import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import {
  consoleFetch,
  k8sList,
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
// The confirmed-fix calls (access review, write, Event) without a console; see ApplyFix.spec.tsx.
jest.mock('../../components/ApplyFix/fixClient', () => ({
  sdkFixClient: {
    checkAccess: jest.fn(async () => ({ allowed: true })),
    send: jest.fn(async () => ({})),
    recordEvent: jest.fn(async () => ({})),
    whoAmI: jest.fn(async () => 'admin'),
  },
}));

type Served = Record<string, { data?: unknown; loaded?: boolean; loadError?: unknown }>;

/**
 * Every watched kind loaded (empty unless given); `overrides` per kind. Secrets and ConfigMaps come
 * from the metadata-only list request (`k8sList`), which rejects with an override's `loadError`.
 */
const serve = (objects: Record<string, unknown[]>, overrides: Served = {}) => {
  const results: Served = Object.fromEntries(
    SNAPSHOT_SOURCES.map(({ gvk }) => [
      gvk.kind,
      { data: objects[gvk.kind] ?? [], loaded: true, loadError: undefined, ...overrides[gvk.kind] },
    ]),
  );
  jest.mocked(useK8sWatchResources).mockReturnValue(results as never);
  jest.mocked(k8sList).mockImplementation((async ({ model }: { model: { kind: string } }) => {
    const override = overrides[model.kind];
    if (override?.loadError) throw override.loadError;
    return { items: objects[model.kind] ?? [] };
  }) as never);
};

const brokenCluster = {
  VirtualMachineInstance: [brokenVmi],
  Pod: [brokenPod],
  Event: brokenEvents,
  Node: [healthyNode],
};

/** Renders the tab and lets the metadata-only list requests settle. */
const renderTab = async (vm: VirtualMachine = brokenVm) => {
  const view = render(
    <MemoryRouter>
      <DiagnosticsTab obj={vm} now={BROKEN_NOW} />
    </MemoryRouter>,
  );
  await act(async () => undefined);
  return view;
};

beforeEach(() => {
  jest.mocked(useResolvedExtensions).mockReturnValue([[], true, []] as never);
  jest.mocked(useAICapability).mockReturnValue(capabilityResult('off'));
  jest.mocked(consoleFetch).mockClear();
});

describe('DiagnosticsTab', () => {
  it('shows the failed checks with the root cause alert for a broken VM', async () => {
    serve(brokenCluster);
    await renderTab();

    await screen.findAllByTestId('check');
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

  it('never watches Secrets or ConfigMaps: it lists their metadata once', async () => {
    serve(brokenCluster, {});
    jest.mocked(k8sList).mockClear();
    await renderTab();
    await screen.findAllByTestId('check');
    const watched = jest
      .mocked(useK8sWatchResources)
      .mock.calls.flatMap((call) =>
        Object.values(call[0] as Record<string, { groupVersionKind?: { kind: string } }>).map(
          (r) => r.groupVersionKind?.kind,
        ),
      );
    expect(watched).toContain('Pod');
    expect(watched).not.toContain('Secret');
    expect(watched).not.toContain('ConfigMap');
    const listed = jest.mocked(k8sList).mock.calls.map(
      (call) =>
        call[0] as unknown as {
          model: { kind: string };
          queryParams: { ns: string };
          requestInit: { headers: { Accept: string } };
        },
    );
    expect(listed.map((c) => c.model.kind).sort()).toEqual(['ConfigMap', 'Secret']);
    for (const call of listed) {
      expect(call.queryParams.ns).toBe('demo');
      expect(call.requestInit.headers.Accept).toMatch(
        /^application\/json;as=PartialObjectMetadataList;/,
      );
    }
  });

  it('keeps no Secret data even when the server ignores the metadata-only Accept header', async () => {
    const leaked = {
      metadata: { name: 'db-pass', namespace: 'demo' },
      data: { password: 'aHVudGVyMg==' },
    };
    serve({ ...brokenCluster, Secret: [leaked] });
    await renderTab();
    await screen.findAllByTestId('check');
    expect(document.body.textContent).not.toContain('aHVudGVyMg==');
  });

  it('reports a list the user may not read as forbidden, not as a missing Secret', async () => {
    serve(brokenCluster, { Secret: { data: [], loaded: false, loadError: { code: 403 } } });
    await renderTab();
    await screen.findAllByTestId('check');
    expect(screen.queryByText(/does not exist in namespace demo/)).not.toBeInTheDocument();
  });

  it('shows a check whose list could not be read as not verified, neither passed nor failed', async () => {
    serve(brokenCluster, {
      VirtualMachineInstanceMigration: { data: [], loaded: false, loadError: { code: 403 } },
    });
    await renderTab();
    const checks = await screen.findAllByTestId('check');
    const migration = checks.find(
      (check) =>
        check.querySelector('strong')?.textContent === 'The last live migration did not fail',
    );
    expect(migration?.getAttribute('data-status')).toBe('notVerified');
    expect(migration?.textContent).toContain('Not verified');
    expect(migration?.textContent).toMatch(
      /VirtualMachineInstanceMigration list could not be read/,
    );
    // Counted neither as passed nor as failed in the summary.
    const failed = checks.filter((check) => check.getAttribute('data-status') === 'failed').length;
    expect(screen.getByText(new RegExp(`${failed} of \\d+ checks failed`))).toBeInTheDocument();
  });

  it('wraps each condition in the condition popover', async () => {
    serve(brokenCluster);
    await renderTab();
    const user = userEvent.setup();
    await user.click(
      screen.getByRole('button', { name: 'Details of condition Ready of the VirtualMachine' }),
    );
    expect(await screen.findByText('Condition Ready')).toBeInTheDocument();
    expect(screen.getAllByText('PodNotExists').length).toBeGreaterThan(1);
  });

  it('with AI off works fully and shows no AI control', async () => {
    serve(brokenCluster);
    await renderTab();
    expect(screen.queryByRole('button', { name: /AI/ })).not.toBeInTheDocument();
    expect(screen.queryByText('Troubleshoot with AI')).not.toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('with AI available offers troubleshooting in the alert and on the tab', async () => {
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
    expect(await screen.findByRole('button', { name: 'Troubleshoot with AI' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Troubleshoot demo/broken-vm with AI' }),
    ).toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });

  it('shows no alert for a healthy running VM', async () => {
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
    await renderTab(healthy);
    expect(screen.getByText(/No problems found/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /Danger alert/ })).not.toBeInTheDocument();
  });

  it('offers "Apply…" for the unpause suggestion of a VM paused by a user', async () => {
    const pausedVm: VirtualMachine = {
      ...brokenVm,
      metadata: { ...brokenVm.metadata, resourceVersion: '7' },
      spec: { ...brokenVm.spec, template: { spec: { volumes: [] } } },
      status: {
        printableStatus: 'Paused',
        conditions: [{ type: 'Paused', status: 'True', reason: 'PausedByUser' }],
      },
    };
    serve({
      VirtualMachineInstance: [
        {
          ...brokenVmi,
          status: {
            phase: 'Running',
            nodeName: 'worker-0',
            conditions: [{ type: 'Paused', status: 'True', reason: 'PausedByUser' }],
          },
        },
      ],
      Node: [healthyNode],
    });
    await renderTab(pausedVm);
    expect(await screen.findByTestId('kv-ls-fix')).toHaveTextContent(
      'Unpause the VM (Unpause, rule vm.paused-user)',
    );
    expect(await screen.findByRole('button', { name: 'Apply Unpause' })).toBeEnabled();
  });

  it('for a missing Secret offers only the restart: creating the Secret needs a person', async () => {
    serve(brokenCluster);
    await renderTab();
    const fixes = await screen.findAllByTestId('kv-ls-fix');
    expect(fixes.map((f) => f.textContent)).toEqual([
      expect.stringContaining('Restart the VM if it stays Starting (Restart, rule secret.missing)'),
    ]);
  });

  it('waits for every watch before diagnosing', async () => {
    serve(brokenCluster, { Event: { data: [], loaded: false } });
    await renderTab();
    expect(screen.getByRole('progressbar', { name: 'Loading diagnostics' })).toBeInTheDocument();
    expect(screen.queryAllByTestId('check')).toHaveLength(0);
  });

  it('on an ACM fleet page diagnoses nothing: no watch and no request for the spoke VM', async () => {
    serve(brokenCluster);
    jest.mocked(k8sList).mockClear();
    jest.mocked(useK8sWatchResources).mockClear();
    render(
      <MemoryRouter>
        <DiagnosticsTab obj={brokenVm} params={{ cluster: 'spoke-east' }} now={BROKEN_NOW} />
      </MemoryRouter>,
    );
    await act(async () => undefined);
    expect(screen.getByText(/runs on cluster spoke-east/)).toBeInTheDocument();
    expect(screen.queryAllByTestId('check')).toHaveLength(0);
    const watched = jest
      .mocked(useK8sWatchResources)
      .mock.calls.flatMap((call) => Object.keys(call[0] as object));
    expect(watched).toEqual([]);
    expect(k8sList).not.toHaveBeenCalled();
    expect(consoleFetch).not.toHaveBeenCalled();
  });
});
