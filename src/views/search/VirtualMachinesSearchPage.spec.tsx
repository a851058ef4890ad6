import { useEffect } from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation, useNavigate } from 'react-router';
import { consoleFetch, useActiveNamespace } from '@openshift-console/dynamic-plugin-sdk';
import { useAICapability } from '../../lightspeed/capabilities';
import {
  FIXTURE_NOW,
  makeFixtureCluster,
  makeLargeCluster,
} from '../../kubevirt/testing/fixtureCluster';
import type { VmEntry } from '../../kubevirt/vm';
import { capabilityResult } from '../testing/mockCapability';
import { serveVmEntries } from '../testing/watchMocks';
import { vmEffectiveSize } from '../../kubevirt/vm';
import VirtualMachinesSearchPage from './VirtualMachinesSearchPage';

jest.mock('../../lightspeed/capabilities', () => ({ useAICapability: jest.fn() }));

const cluster = makeFixtureCluster({ now: FIXTURE_NOW });
const key = (entry: VmEntry) => `${entry.vm.metadata?.namespace}/${entry.vm.metadata?.name}`;
const namesWhere = (predicate: (entry: VmEntry) => boolean) =>
  cluster.filter(predicate).map(key).sort();
const status = (entry: VmEntry) => entry.vm.status?.printableStatus;
const namespace = (entry: VmEntry) => entry.vm.metadata?.namespace ?? '';

const shownRows = () =>
  screen
    .getAllByTestId('vm-row')
    .map((row) => row.getAttribute('data-vm-key'))
    .sort();

/** What the router shows and a way to go Back, read by the tests after each render. */
const router: { location: string; navigate?: ReturnType<typeof useNavigate> } = { location: '' };
const LocationProbe = () => {
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    router.location = `${location.pathname}${location.search}`;
    router.navigate = navigate;
  });
  return null;
};

const renderPage = (initialEntry = '/search') =>
  render(
    <MemoryRouter initialEntries={[initialEntry]}>
      <VirtualMachinesSearchPage now={FIXTURE_NOW} />
      <LocationProbe />
    </MemoryRouter>,
  );

const search = async (text: string) => {
  const user = userEvent.setup();
  const input = screen.getByRole('textbox', { name: 'Search VirtualMachines' });
  await user.clear(input);
  await user.type(input, `${text}{Enter}`);
  return user;
};

beforeEach(() => {
  jest.mocked(useAICapability).mockReturnValue(capabilityResult('off'));
  jest.mocked(useActiveNamespace).mockReturnValue(['#ALL_NS#', jest.fn()]);
  jest.mocked(consoleFetch).mockClear();
  serveVmEntries(cluster);
});

describe('VirtualMachinesSearchPage over the fixture cluster', () => {
  it('has at least 50 VMs to search', () => {
    expect(cluster.length).toBeGreaterThanOrEqual(50);
  });

  it('shows chips and exactly the running VMs of prod-web', async () => {
    renderPage();
    await search('running vms in prod-web');

    const chips = screen.getAllByTestId('search-chip').map((chip) => chip.textContent);
    expect(chips).toEqual(expect.arrayContaining(['Namespace: prod-web', 'Status: Running']));
    expect(chips).toHaveLength(2);
    expect(shownRows()).toEqual(
      namesWhere((e) => namespace(e) === 'prod-web' && status(e) === 'Running'),
    );
  });

  it('widens the result when a chip is removed', async () => {
    renderPage();
    const user = await search('stopped in dev-*');
    const stoppedInDev = namesWhere(
      (e) => namespace(e).startsWith('dev-') && status(e) === 'Stopped',
    );
    expect(shownRows()).toEqual(stoppedInDev);

    await user.click(screen.getByRole('button', { name: 'Remove filter Namespace: dev-*' }));

    const allStopped = namesWhere((e) => status(e) === 'Stopped');
    expect(allStopped.length).toBeGreaterThan(stoppedInDev.length);
    expect(shownRows()).toEqual(allStopped);
    expect(screen.getAllByTestId('search-chip').map((c) => c.textContent)).toEqual([
      'Status: Stopped',
    ]);
  });

  it('filters by OS read from templates, labels and preferences', async () => {
    renderPage();
    await search('windows vms');
    const isWindows = (e: VmEntry) =>
      /win/i.test(
        e.vm.spec?.template?.metadata?.annotations?.['vm.kubevirt.io/os'] ??
          Object.keys(e.vm.metadata?.labels ?? {}).find((l) => l.startsWith('os.template')) ??
          e.vm.spec?.preference?.name ??
          '',
      );
    expect(shownRows()).toEqual(namesWhere(isWindows));
  });

  it('shows exactly the VMs with a problem for "vms with errors in prod-*"', async () => {
    renderPage();
    await search('vms with errors in prod-*');
    // KubeVirt's error status group (vmstats_collector.go), Unknown included; plus what the health
    // verdict adds (src/kubevirt/health): Paused VMs and transitions stuck for over 10 minutes.
    const errorStatuses =
      /^(Error.*|CrashLoopBackOff|ErrImagePull|ImagePullBackOff|DataVolumeError|Unknown|Paused)$/;
    // Starting-like statuses are timed from creation here (shutdowns from a deletion request).
    const transitional = /^(Starting|Provisioning|WaitingForVolumeBinding)$/;
    const minutesOld = (e: VmEntry) =>
      (FIXTURE_NOW.getTime() - Date.parse(e.vm.metadata?.creationTimestamp ?? '')) / 60_000;
    const expected = namesWhere(
      (e) =>
        namespace(e).startsWith('prod-') &&
        (errorStatuses.test(status(e) ?? '') ||
          (transitional.test(status(e) ?? '') && minutesOld(e) > 10)),
    );
    expect(expected.length).toBeLessThanOrEqual(20);
    expect(shownRows()).toEqual(expected);
    expect(screen.getByText(`Clear all filters`)).toBeInTheDocument();
  });

  it('shows every VM before any search, one page at a time', () => {
    renderPage();
    expect(screen.getAllByTestId('vm-row')).toHaveLength(20);
    expect(
      screen.getAllByRole('navigation', { name: 'VirtualMachine table pagination' }).length,
    ).toBeGreaterThan(0);
  });

  it('renders one page of DOM rows for 10,000 VMs', async () => {
    serveVmEntries(makeLargeCluster(10000, 40, { now: FIXTURE_NOW }));
    renderPage();
    expect(screen.getAllByTestId('vm-row')).toHaveLength(20);
    expect(document.body.textContent).toMatch(/1 - 20\s*of\s*10000/);
    await search('running vms');
    expect(screen.getAllByTestId('vm-row')).toHaveLength(20);
  });

  it('says when no VM matches, and "Clear all filters" restores the list', async () => {
    renderPage();
    const user = await search('running vms labeled nosuch=label');
    expect(screen.getByRole('heading', { name: 'No VirtualMachines match' })).toBeInTheDocument();
    const empty = screen.getByRole('heading', { name: 'No VirtualMachines match' }).closest('div');
    expect(empty).not.toBeNull();
    await user.click(screen.getAllByRole('button', { name: 'Clear all filters' }).at(-1)!);
    expect(screen.getAllByTestId('vm-row')).toHaveLength(20);
  });

  it('shows loading, load error and empty states', () => {
    serveVmEntries(cluster, { loaded: false });
    const { unmount } = renderPage();
    expect(
      screen.getByRole('progressbar', { name: 'Loading VirtualMachines' }),
    ).toBeInTheDocument();
    unmount();

    serveVmEntries([], { error: new Error('virtualmachines.kubevirt.io is forbidden') });
    const errorView = renderPage();
    expect(screen.getByText('virtualmachines.kubevirt.io is forbidden')).toBeInTheDocument();
    errorView.unmount();

    serveVmEntries([]);
    renderPage();
    expect(screen.getByRole('heading', { name: 'No VirtualMachines' })).toBeInTheDocument();
  });

  it('links the VM names to their details pages', () => {
    renderPage();
    const firstRow = screen.getAllByTestId('vm-row')[0];
    const [ns, name] = firstRow.getAttribute('data-vm-key')!.split('/');
    const link = within(firstRow).getByRole('link', { name });
    expect(link).toHaveAttribute('href', `/k8s/ns/${ns}/kubevirt.io~v1~VirtualMachine/${name}`);
  });

  it('deep-links the understood criteria into the kubevirt-plugin VM list', async () => {
    renderPage();
    await search('running vms in prod-web');
    expect(screen.getByRole('link', { name: 'Open in VirtualMachines list' })).toHaveAttribute(
      'href',
      '/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine/search?rowFilter-project=prod-web&rowFilter-status=Running',
    );
  });

  it('says which filters the VirtualMachines list link cannot carry', async () => {
    renderPage();
    await search('running vms in prod-web');
    expect(screen.queryByTestId('kv-ls-list-link-uncarried')).not.toBeInTheDocument();
    await search('running vms in dev-*');
    expect(screen.getByTestId('kv-ls-list-link-uncarried')).toHaveTextContent(
      'The VirtualMachines list cannot filter by: Namespace: dev-*',
    );
    expect(screen.getByRole('link', { name: 'Open in VirtualMachines list' })).toHaveAttribute(
      'href',
      '/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine/search?rowFilter-status=Running',
    );
  });

  it('works with the keyboard only: type, Enter, then remove a chip with Enter', async () => {
    renderPage();
    const user = userEvent.setup();
    await user.tab();
    expect(screen.getByRole('textbox', { name: 'Search VirtualMachines' })).toHaveFocus();
    await user.keyboard('stopped in dev-*{Enter}');
    expect(screen.getAllByTestId('search-chip')).toHaveLength(2);

    screen.getByRole('button', { name: 'Remove filter Namespace: dev-*' }).focus();
    await user.keyboard('{Enter}');
    expect(screen.getAllByTestId('search-chip').map((c) => c.textContent)).toEqual([
      'Status: Stopped',
    ]);
    expect(shownRows()).toEqual(namesWhere((e) => status(e) === 'Stopped'));
  });

  it('keeps the query in the URL: a shared link restores it and Back returns to the previous one', async () => {
    const { unmount } = renderPage();
    await search('stopped in dev-*');
    expect(new URLSearchParams(router.location.split('?')[1]).get('q')).toBe('stopped in dev-*');
    const link = router.location;
    await search('running vms in prod-web');
    expect(screen.getAllByTestId('search-chip')).toHaveLength(2);
    const { act } = await import('@testing-library/react');
    act(() => router.navigate?.(-1));
    expect(screen.getByRole('textbox', { name: 'Search VirtualMachines' })).toHaveValue(
      'stopped in dev-*',
    );
    expect(shownRows()).toEqual(
      namesWhere((e) => namespace(e).startsWith('dev-') && status(e) === 'Stopped'),
    );
    unmount();

    renderPage(link);
    expect(screen.getAllByTestId('search-chip').map((c) => c.textContent)).toEqual([
      'Namespace: dev-*',
      'Status: Stopped',
    ]);
  });

  it('never brings a removed chip back on Enter or reload, and moves focus to the next chip', async () => {
    const { unmount } = renderPage();
    const user = await search('stopped in dev-*');
    await user.click(screen.getByRole('button', { name: 'Remove filter Namespace: dev-*' }));
    expect(screen.getByRole('button', { name: 'Remove filter Status: Stopped' })).toHaveFocus();

    await user.click(screen.getByRole('textbox', { name: 'Search VirtualMachines' }));
    await user.keyboard('{Enter}');
    expect(screen.getAllByTestId('search-chip').map((c) => c.textContent)).toEqual([
      'Status: Stopped',
    ]);
    const link = router.location;
    unmount();
    renderPage(link);
    expect(screen.getAllByTestId('search-chip').map((c) => c.textContent)).toEqual([
      'Status: Stopped',
    ]);
    await userEvent
      .setup()
      .click(screen.getByRole('button', { name: 'Remove filter Status: Stopped' }));
    expect(screen.getByRole('textbox', { name: 'Search VirtualMachines' })).toHaveFocus();
  });

  it('lists words it did not understand with the nearest known word, and filters nothing by them', async () => {
    renderPage();
    await search('runnign vms in tema-a');
    expect(screen.getByTestId('search-not-understood')).toHaveTextContent(
      'runnign (did you mean running?)',
    );
    expect(screen.queryAllByTestId('search-chip')).toHaveLength(0);
    expect(screen.getAllByTestId('vm-row')).toHaveLength(20);
  });

  it('says when a long query was cut', async () => {
    renderPage(`/search?q=${encodeURIComponent(`running ${'x'.repeat(600)}`)}`);
    expect(screen.getByTestId('search-truncated')).toHaveTextContent('first 500 characters');
  });

  it('with AI off shows no AI control and makes no OLS request', async () => {
    renderPage();
    await search('running vms in prod-web');
    expect(screen.queryByRole('button', { name: /Lightspeed/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /with AI/ })).not.toBeInTheDocument();
    expect(consoleFetch).not.toHaveBeenCalled();
  });
});

/** The number of VMs the table lists (all pages): the pagination's "of N", else the rows shown. */
const listedCount = () => {
  const match = /\d+\s*-\s*\d+\s*of\s*(\d+)/.exec(document.body.textContent ?? '');
  return match ? Number(match[1]) : screen.queryAllByTestId('vm-row').length;
};

const HEALTHS = ['error', 'attention', 'transitional', 'healthy', 'stopped'];
const healthCount = (health: string) =>
  Number(screen.getByTestId(`fleet-health-${health}`).getAttribute('data-count'));
const fleetButton = (testId: string) => within(screen.getByTestId(testId)).getByRole('button');

describe('fleet view', () => {
  it('counts every VM once: the verdict counts add up to the VMs listed', () => {
    renderPage();
    const sum = HEALTHS.reduce((total, h) => total + healthCount(h), 0);
    expect(listedCount()).toBe(cluster.length);
    expect(sum).toBe(listedCount());
    expect(screen.getByTestId('fleet-summary')).toHaveAttribute('data-total', String(sum));
    // the problem categories (and the problems without one) add up to the VMs with a problem
    const categories = screen
      .getAllByTestId(/^fleet-category-/)
      .reduce((total, el) => total + Number(el.getAttribute('data-count')), 0);
    expect(categories).toBe(healthCount('error') + healthCount('attention'));
  });

  it('counts incrementally while the lists load, then adds up to every VM', () => {
    serveVmEntries(cluster.slice(0, 10), { loaded: false });
    const { rerender } = renderPage();
    expect(screen.getByTestId('fleet-summary')).toHaveAttribute('data-total', '10');
    expect(screen.getByTestId('fleet-summary')).toHaveAttribute('aria-busy', 'true');
    serveVmEntries(cluster);
    rerender(
      <MemoryRouter initialEntries={['/search']}>
        <VirtualMachinesSearchPage now={FIXTURE_NOW} />
        <LocationProbe />
      </MemoryRouter>,
    );
    expect(screen.getByTestId('fleet-summary')).toHaveAttribute(
      'data-total',
      String(cluster.length),
    );
    expect(screen.getByTestId('fleet-summary')).toHaveAttribute('aria-busy', 'false');
    expect(HEALTHS.reduce((total, h) => total + healthCount(h), 0)).toBe(listedCount());
  });

  it('adds up for 10,000 VMs, counted a slice at a time, and renders one page of rows', async () => {
    serveVmEntries(makeLargeCluster(10000, 40, { now: FIXTURE_NOW }));
    renderPage();
    const counted = () => HEALTHS.reduce((total, h) => total + healthCount(h), 0);
    // The first slice is on screen before the rest is counted: the page does not wait for 10,000
    // diagnoses.
    expect(counted()).toBeLessThan(10000);
    await waitFor(() => expect(counted()).toBe(10000), { timeout: 20_000 });
    expect(listedCount()).toBe(10000);
    expect(screen.getAllByTestId('vm-row')).toHaveLength(20);
  });

  it('a count is a one-click filter in the URL that lists exactly that many VMs; a second click removes it', async () => {
    renderPage();
    const user = userEvent.setup();
    const errors = healthCount('error');
    expect(errors).toBeGreaterThan(0);
    await user.click(fleetButton('fleet-health-error'));
    expect(new URLSearchParams(router.location.split('?')[1]).getAll('health')).toEqual(['error']);
    expect(listedCount()).toBe(errors);
    expect(screen.getAllByTestId('search-chip').map((c) => c.textContent)).toEqual([
      'Health: Error',
    ]);
    expect(fleetButton('fleet-health-error')).toHaveAttribute('aria-pressed', 'true');
    // the counts stay those of the whole fleet
    expect(HEALTHS.reduce((total, h) => total + healthCount(h), 0)).toBe(cluster.length);

    await user.click(fleetButton('fleet-health-error'));
    expect(router.location).not.toContain('health=');
    expect(listedCount()).toBe(cluster.length);
  });

  it('a category lists the VMs the words for it list', async () => {
    renderPage();
    const user = userEvent.setup();
    await search('image pull errors');
    const byWords = shownRows();
    expect(byWords).toEqual(
      namesWhere((e) => /^(ErrImagePull|ImagePullBackOff)$/.test(status(e) ?? '')),
    );
    await user.click(screen.getByRole('button', { name: 'Clear all filters' }));
    await user.click(fleetButton('fleet-category-ImagePull'));
    expect(new URLSearchParams(router.location.split('?')[1]).get('category')).toBe('ImagePull');
    expect(shownRows()).toEqual(byWords);
    expect(Number(screen.getByTestId('fleet-category-ImagePull').getAttribute('data-count'))).toBe(
      byWords.length,
    );
  });

  it('keeps the query when a count is clicked and the count filter when the query changes', async () => {
    renderPage();
    const user = await search('in prod-*');
    await user.click(fleetButton('fleet-health-healthy'));
    const params = new URLSearchParams(router.location.split('?')[1]);
    expect(params.get('q')).toBe('in prod-*');
    expect(params.get('health')).toBe('healthy');
    expect(shownRows().every((row) => row?.startsWith('prod-'))).toBe(true);
  });
});

describe('table sorting and row actions', () => {
  it('sorts every matching VM by vCPU, in the URL so a reload keeps it', async () => {
    const { unmount } = renderPage();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'vCPU' }));
    await user.click(screen.getByRole('button', { name: 'vCPU' }));
    const params = new URLSearchParams(router.location.split('?')[1]);
    expect([params.get('sort'), params.get('order')]).toEqual(['cpu', 'desc']);
    const cpu = (key: string | null) => {
      const entry = cluster.find(
        (e) => `${e.vm.metadata?.namespace}/${e.vm.metadata?.name}` === key,
      )!;
      return vmEffectiveSize(entry.vm, entry.vmi, entry.instancetypes).cpu;
    };
    const maxCpu = Math.max(...cluster.map((e) => cpu(key(e)) ?? 0));
    const shown = screen.getAllByTestId('vm-row').map((r) => cpu(r.getAttribute('data-vm-key')));
    expect(shown[0]).toBe(maxCpu);
    expect([...shown].sort((a, b) => (b ?? -1) - (a ?? -1))).toEqual(shown);
    const link = router.location;
    unmount();

    renderPage(link);
    expect(screen.getAllByTestId('vm-row').map((r) => cpu(r.getAttribute('data-vm-key')))).toEqual(
      shown,
    );
    // a new query keeps the sort
    await search('running vms');
    expect(router.location).toContain('sort=cpu');
  });

  it('gives every row a kebab for its VM actions', () => {
    renderPage();
    const rows = screen.getAllByTestId('vm-row');
    for (const row of rows) {
      const [ns, name] = row.getAttribute('data-vm-key')!.split('/');
      expect(
        within(row).getByRole('button', { name: `Actions for ${ns}/${name}` }),
      ).toBeInTheDocument();
    }
  });
});
