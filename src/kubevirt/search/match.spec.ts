import type { K8sObject, VirtualMachine } from '../types';
import { indexInstancetypes, type VmEntry } from '../vm';
import { filterVms, matchesVmSearch } from './match';

const now = new Date('2026-11-25T12:00:00Z');
const clock = { now };

const vm = (overrides: {
  name?: string;
  namespace?: string;
  status?: string;
  labels?: Record<string, string>;
  created?: string;
  cpu?: number;
  memory?: string;
  instancetype?: string;
}): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: {
    name: overrides.name ?? 'vm-a',
    namespace: overrides.namespace ?? 'default',
    creationTimestamp: overrides.created ?? '2026-11-25T11:00:00Z',
    labels: overrides.labels ?? {},
  },
  spec: {
    ...(overrides.instancetype ? { instancetype: { name: overrides.instancetype } } : {}),
    template: {
      spec: {
        domain: {
          ...(overrides.cpu ? { cpu: { cores: overrides.cpu } } : {}),
          ...(overrides.memory ? { memory: { guest: overrides.memory } } : {}),
        },
      },
    },
  },
  status: { printableStatus: overrides.status ?? 'Running' },
});

const entry = (...args: Parameters<typeof vm>): VmEntry => ({ vm: vm(...args) });

describe('matchesVmSearch', () => {
  it('matches everything with empty criteria', () => {
    expect(matchesVmSearch(entry({}), {}, clock)).toBe(true);
  });

  it('treats statuses and status groups as one OR filter, and hasErrors as AND', () => {
    const crashing = entry({ status: 'CrashLoopBackOff' });
    expect(
      matchesVmSearch(crashing, { statuses: ['Running'], statusGroups: ['error'] }, clock),
    ).toBe(true);
    expect(matchesVmSearch(crashing, { statuses: ['Running'] }, clock)).toBe(false);
    expect(
      matchesVmSearch(crashing, { statuses: ['CrashLoopBackOff'], hasErrors: false }, clock),
    ).toBe(false);
    // A status this library does not know gets the verdict "attention" (src/kubevirt/health).
    expect(matchesVmSearch(entry({ status: 'FutureStatus' }), { hasErrors: true }, clock)).toBe(
      true,
    );
  });

  it('compares label keys and values case-insensitively and handles every operator', () => {
    const labelled = entry({ labels: { App: 'DB' } });
    expect(
      matchesVmSearch(
        labelled,
        { labels: [{ key: 'app', operator: 'equals', value: 'db' }] },
        clock,
      ),
    ).toBe(true);
    expect(
      matchesVmSearch(
        labelled,
        { labels: [{ key: 'app', operator: 'notEquals', value: 'db' }] },
        clock,
      ),
    ).toBe(false);
    expect(matchesVmSearch(labelled, { labels: [{ key: 'app', operator: 'exists' }] }, clock)).toBe(
      true,
    );
    expect(
      matchesVmSearch(labelled, { labels: [{ key: 'app', operator: 'notExists' }] }, clock),
    ).toBe(false);
    expect(
      matchesVmSearch(
        entry({}),
        { labels: [{ key: 'app', operator: 'notEquals', value: 'db' }] },
        clock,
      ),
    ).toBe(true);
  });

  it('excludes VMs whose size is unknown (instancetype) from resource filters', () => {
    const sized = entry({ instancetype: 'u1.large' });
    expect(matchesVmSearch(sized, {}, clock)).toBe(true);
    expect(matchesVmSearch(sized, { minCpu: 1 }, clock)).toBe(false);
    expect(matchesVmSearch(sized, { maxMemoryBytes: 1e12 }, clock)).toBe(false);
  });

  it('applies time windows inclusively and rejects VMs without a creation time', () => {
    const hourOld = entry({ created: '2026-11-25T11:00:00Z' });
    expect(matchesVmSearch(hourOld, { createdWithinMs: 3_600_000 }, clock)).toBe(true);
    expect(matchesVmSearch(hourOld, { createdWithinMs: 3_599_999 }, clock)).toBe(false);
    expect(matchesVmSearch(hourOld, { createdBeforeMs: 3_600_000 }, clock)).toBe(true);
    expect(matchesVmSearch(hourOld, { createdSince: '2026-11-25T11:30:00Z' }, clock)).toBe(false);
    expect(matchesVmSearch(entry({ created: 'garbage' }), { createdWithinMs: 1e12 }, clock)).toBe(
      false,
    );
  });

  it('requires every free-text word in the name or a label', () => {
    const e = entry({ name: 'shop-db', labels: { team: 'payments' } });
    expect(matchesVmSearch(e, { text: ['shop', 'pay'] }, clock)).toBe(true);
    expect(matchesVmSearch(e, { text: ['shop', 'web'] }, clock)).toBe(false);
  });

  it('matches nodes only for VMs that have a VMI on a node', () => {
    const running: VmEntry = { vm: vm({}), vmi: { status: { nodeName: 'worker-1' } } };
    expect(matchesVmSearch(running, { nodes: ['worker-*'] }, clock)).toBe(true);
    expect(matchesVmSearch(entry({}), { nodes: ['worker-*'] }, clock)).toBe(false);
  });

  it('filterVms keeps order and entry identity', () => {
    const entries = [
      entry({ name: 'b' }),
      entry({ name: 'a', status: 'Stopped' }),
      entry({ name: 'c' }),
    ];
    const result = filterVms(entries, { statuses: ['Running'] }, clock);
    expect(result).toEqual([entries[0], entries[2]]);
    expect(result[0]).toBe(entries[0]);
  });
});

describe('matchesVmSearch with the health verdict and effective sizes', () => {
  const instancetypes = indexInstancetypes([
    {
      kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: 'u1.2xlarge' },
      spec: { cpu: { guest: 8 }, memory: { guest: '32Gi' } },
    } as K8sObject,
  ]);

  it('sizes instancetype VMs from the instancetype when it is at hand', () => {
    const sized: VmEntry = { ...entry({ instancetype: 'u1.2xlarge' }), instancetypes };
    expect(matchesVmSearch(sized, { minCpu: 5 }, clock)).toBe(true);
    expect(matchesVmSearch(sized, { minMemoryBytes: 32 * 1024 ** 3 }, clock)).toBe(true);
    expect(matchesVmSearch(sized, { maxCpu: 4 }, clock)).toBe(false);
    expect(matchesVmSearch(entry({ instancetype: 'u1.2xlarge' }), { minCpu: 5 }, clock)).toBe(
      false,
    );
  });

  it('filters by health, category and stuck', () => {
    const pulling = entry({ status: 'ErrImagePull' });
    const stuck = entry({ status: 'Starting', created: '2026-11-25T10:00:00Z' });
    const stopped = entry({ status: 'Stopped' });
    expect(matchesVmSearch(pulling, { health: ['error'] }, clock)).toBe(true);
    expect(matchesVmSearch(stopped, { health: ['error', 'attention'] }, clock)).toBe(false);
    expect(matchesVmSearch(stopped, { health: ['stopped'], hasErrors: false }, clock)).toBe(true);
    expect(matchesVmSearch(stuck, { stuck: true, hasErrors: true }, clock)).toBe(true);
    expect(matchesVmSearch(stopped, { stuck: true }, clock)).toBe(false);
    expect(matchesVmSearch(stuck, { categories: ['ImagePull'] }, clock)).toBe(false);
  });
});
