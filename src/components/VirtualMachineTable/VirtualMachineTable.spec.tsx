import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { FIXTURE_NOW, makeFixtureCluster } from '../../kubevirt/testing/fixtureCluster';
import { toVmRow, vmRowsFromSearchResult } from './vmRow';
import { VirtualMachineTable } from './VirtualMachineTable';

const rows = makeFixtureCluster({ now: FIXTURE_NOW }).map(({ vm, vmi }) =>
  toVmRow(vm, vmi, { now: FIXTURE_NOW }),
);

describe('VirtualMachineTable', () => {
  it('renders one page of rows and pages through the rest by keyboard', async () => {
    render(
      <MemoryRouter>
        <VirtualMachineTable rows={rows} ariaLabel="VMs" defaultPerPage={20} />
      </MemoryRouter>,
    );
    const keys = () => screen.getAllByTestId('vm-row').map((r) => r.getAttribute('data-vm-key'));
    expect(keys()).toEqual(rows.slice(0, 20).map((r) => r.key));

    const next = screen.getAllByRole('button', { name: 'Go to next page' })[0];
    next.focus();
    await userEvent.setup().keyboard('{Enter}');
    expect(keys()).toEqual(rows.slice(20, 40).map((r) => r.key));
  });

  it('shows status, node, creation time and OS of live VMs', () => {
    const running = rows.find((r) => r.name === 'web-frontend-01')!;
    expect(running).toMatchObject({ status: 'Running', statusGroup: 'running', node: 'worker-0' });
    expect(running.os).toMatch(/^RHEL 9/);
    render(
      <MemoryRouter>
        <VirtualMachineTable rows={[running]} ariaLabel="VMs" />
      </MemoryRouter>,
    );
    // the console's Timestamp (mocked: renders the timestamp it was given)
    expect(screen.getByText(running.created!)).toBeInTheDocument();
    // the console's ResourceLink for the VM, its namespace and its node
    expect(screen.getByRole('link', { name: 'web-frontend-01' })).toHaveAttribute(
      'href',
      `/k8s/ns/${running.namespace}/kubevirt.io~v1~VirtualMachine/web-frontend-01`,
    );
    expect(screen.getByRole('link', { name: running.namespace })).toHaveAttribute(
      'href',
      `/k8s/cluster/namespaces/${running.namespace}`,
    );
    expect(screen.getByRole('link', { name: 'worker-0' })).toHaveAttribute(
      'href',
      '/k8s/cluster/nodes/worker-0',
    );
  });
});

describe('vmRowsFromSearchResult', () => {
  it('keeps well-formed entries once each and maps their status group', () => {
    const result = vmRowsFromSearchResult({
      vms: [
        { name: 'a', namespace: 'ns', status: 'ErrImagePull' },
        { name: 'a', namespace: 'ns', status: 'Running' },
        { name: '', namespace: 'ns' },
        { name: 'b', namespace: 'ns', printableStatus: 'Stopped', node: 3 },
      ],
    });
    expect(result.map((r) => [r.key, r.status, r.statusGroup, r.node])).toEqual([
      ['ns/a', 'ErrImagePull', 'error', undefined],
      ['ns/b', 'Stopped', 'stopped', undefined],
    ]);
  });

  it('returns no rows for anything that is not {vms: [...]}', () => {
    for (const bad of [undefined, null, [], 'x', { vms: {} }]) {
      expect(vmRowsFromSearchResult(bad)).toEqual([]);
    }
  });
});

describe('health icon and effective size', () => {
  it('rows carry the health verdict and the size; the status shows a stuck transition', () => {
    const stuck = rows.find((r) => r.name === 'web-canary')!;
    expect(stuck).toMatchObject({ status: 'Starting', health: 'error', stuck: true });
    const running = rows.find((r) => r.name === 'web-frontend-01')!;
    expect(running.health).toBe('healthy');
    expect(running.sizeSource).toBe('vmi');
    render(
      <MemoryRouter>
        <VirtualMachineTable rows={[stuck, running]} ariaLabel="VMs" />
      </MemoryRouter>,
    );
    expect(screen.getByText('Starting (stuck)')).toHaveAttribute('data-health', 'error');
    expect(screen.getByRole('columnheader', { name: 'vCPU' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Memory' })).toBeInTheDocument();
  });

  it('reads health and size from a search result', () => {
    const [row] = vmRowsFromSearchResult({
      vms: [
        {
          name: 'a',
          namespace: 'ns',
          status: 'Running',
          health: 'attention',
          cpu: 8,
          memory: '32 GiB',
        },
      ],
    });
    expect(row).toMatchObject({ health: 'attention', cpu: 8, memory: '32 GiB' });
    expect(
      vmRowsFromSearchResult({ vms: [{ name: 'a', namespace: 'ns', health: 'bogus' }] })[0].health,
    ).toBeUndefined();
  });
});

describe('sorting and the IP column', () => {
  const keys = () => screen.getAllByTestId('vm-row').map((r) => r.getAttribute('data-vm-key'));
  const renderAll = () =>
    render(
      <MemoryRouter>
        <VirtualMachineTable rows={rows} ariaLabel="VMs" defaultPerPage={10} />
      </MemoryRouter>,
    );

  it('sorts every row (not just the page) by vCPU, unknown sizes last in both directions', async () => {
    renderAll();
    const user = userEvent.setup();
    const known = rows.filter((r) => r.cpu !== undefined);
    const unknown = rows.filter((r) => r.cpu === undefined);
    expect(new Set(known.map((r) => r.cpu)).size).toBeGreaterThan(2);
    const byCpu = [...known].sort((a, b) => a.cpu! - b.cpu!);

    await user.click(screen.getByRole('button', { name: 'vCPU' }));
    const ascending = keys();
    expect(ascending).toHaveLength(10);
    expect(ascending.map((k) => rows.find((r) => r.key === k)!.cpu)).toEqual(
      byCpu.slice(0, 10).map((r) => r.cpu),
    );
    expect(screen.getByRole('columnheader', { name: 'vCPU' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );

    await user.click(screen.getByRole('button', { name: 'vCPU' }));
    const first = rows.find((r) => r.key === keys()[0])!;
    expect(first.cpu).toBe(byCpu.at(-1)!.cpu);

    // the last page ends with the VMs whose size is not known (when there are any)
    if (unknown.length > 0) {
      await user.click(screen.getAllByRole('button', { name: 'Go to last page' })[0]);
      expect(rows.find((r) => r.key === keys().at(-1))!.cpu).toBeUndefined();
    }
  });

  it('sorts by name with numbers in order and by memory in bytes', async () => {
    renderAll();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Name' }));
    const names = keys().map((k) => rows.find((r) => r.key === k)!.name);
    const expected = rows
      .map((r) => r.name)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }))
      .slice(0, 10);
    expect(names).toEqual(expected);

    await user.click(screen.getByRole('button', { name: 'Memory' }));
    await user.click(screen.getByRole('button', { name: 'Memory' }));
    const largest = Math.max(...rows.map((r) => r.memoryBytes ?? 0));
    expect(rows.find((r) => r.key === keys()[0])!.memoryBytes).toBe(largest);
  });

  it('shows the IP addresses of the VMI, the first one and "+N more"', () => {
    const running = rows.find((r) => r.name === 'web-frontend-01')!;
    expect(running.ips?.length).toBeGreaterThan(0);
    const twoIps = {
      ...running,
      key: 'ns/two-ips',
      ips: ['10.128.0.5', 'fd02::5', '192.168.100.10'],
    };
    render(
      <MemoryRouter>
        <VirtualMachineTable rows={[running, twoIps]} ariaLabel="VMs" />
      </MemoryRouter>,
    );
    const cells = screen.getAllByTestId('vm-ip');
    expect(cells[0]).toHaveTextContent(running.ips![0]);
    expect(cells[1]).toHaveTextContent('10.128.0.5');
    expect(cells[1]).toHaveTextContent('+2 more');
  });

  it('shows no size, IP or OS columns in the compact variant', () => {
    render(
      <MemoryRouter>
        <VirtualMachineTable rows={rows.slice(0, 3)} ariaLabel="VMs" compact />
      </MemoryRouter>,
    );
    expect(screen.queryByRole('columnheader', { name: /IP address/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: /vCPU/ })).not.toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Name' })).toBeInTheDocument();
  });
});
