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
        <VirtualMachineTable rows={rows} now={FIXTURE_NOW} ariaLabel="VMs" defaultPerPage={20} />
      </MemoryRouter>,
    );
    const keys = () => screen.getAllByTestId('vm-row').map((r) => r.getAttribute('data-vm-key'));
    expect(keys()).toEqual(rows.slice(0, 20).map((r) => r.key));

    const next = screen.getAllByRole('button', { name: 'Go to next page' })[0];
    next.focus();
    await userEvent.setup().keyboard('{Enter}');
    expect(keys()).toEqual(rows.slice(20, 40).map((r) => r.key));
  });

  it('shows status, node, age and OS of live VMs', () => {
    const running = rows.find((r) => r.name === 'web-frontend-01')!;
    expect(running).toMatchObject({ status: 'Running', statusGroup: 'running', node: 'worker-0' });
    expect(running.os).toMatch(/^RHEL 9/);
    render(
      <MemoryRouter>
        <VirtualMachineTable rows={[running]} now={FIXTURE_NOW} ariaLabel="VMs" />
      </MemoryRouter>,
    );
    expect(screen.getByText('30d')).toBeInTheDocument();
    expect(screen.getByText('worker-0')).toBeInTheDocument();
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
        <VirtualMachineTable rows={[stuck, running]} now={FIXTURE_NOW} ariaLabel="VMs" />
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
