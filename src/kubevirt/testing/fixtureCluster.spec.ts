import { isErrorStatus, VM_PRINTABLE_STATUSES, vmPrintableStatus } from '../status';
import { vmCreated, vmNode, vmOS } from '../vm';
import {
  FIXTURE_NOW,
  FIXTURE_VM_SPECS,
  makeFixtureCluster,
  makeLargeCluster,
} from './fixtureCluster';

describe('makeFixtureCluster', () => {
  const cluster = makeFixtureCluster({ now: FIXTURE_NOW });

  it('has at least 60 VMs across at least 6 namespaces with every printableStatus', () => {
    expect(cluster.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cluster.map(({ vm }) => vm.metadata?.namespace)).size).toBeGreaterThanOrEqual(6);
    const statuses = new Set(cluster.map(({ vm }) => vmPrintableStatus(vm)));
    expect([...VM_PRINTABLE_STATUSES].filter((status) => !statuses.has(status))).toEqual([]);
  });

  it('builds real-looking kubevirt.io/v1 objects with unique uids', () => {
    const uids = new Set<string>();
    for (const { vm, vmi } of cluster) {
      expect(vm.apiVersion).toBe('kubevirt.io/v1');
      expect(vm.kind).toBe('VirtualMachine');
      expect(vm.metadata?.uid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(vm.metadata?.resourceVersion).toMatch(/^\d+$/);
      expect(vm.status?.conditions?.length).toBeGreaterThan(0);
      expect(vm.spec?.template?.spec?.domain?.devices?.disks?.length).toBeGreaterThan(0);
      uids.add(vm.metadata?.uid ?? '');
      if (vmi) {
        expect(vmi.kind).toBe('VirtualMachineInstance');
        expect(vmi.metadata?.ownerReferences?.[0]?.uid).toBe(vm.metadata?.uid);
      }
    }
    expect(uids.size).toBe(cluster.length);
  });

  it('places times relative to now and nodes only on VMs with a VMI', () => {
    const later = makeFixtureCluster({ now: new Date(FIXTURE_NOW.getTime() + 3_600_000) });
    cluster.forEach((entry, index) => {
      const spec = FIXTURE_VM_SPECS[index];
      expect(vmCreated(entry.vm)?.getTime()).toBe(
        FIXTURE_NOW.getTime() - (spec?.ageMinutes ?? 0) * 60_000,
      );
      expect(vmNode(entry)).toBe(spec?.node);
      expect(vmCreated(later[index]?.vm)?.getTime()).toBe(
        (vmCreated(entry.vm)?.getTime() ?? 0) + 3_600_000,
      );
    });
  });

  it('is deterministic', () => {
    expect(makeFixtureCluster({ now: FIXTURE_NOW })).toEqual(cluster);
  });

  it('covers several OS families, error and healthy VMs, terminating objects', () => {
    const families = new Set(cluster.map(({ vm, vmi }) => vmOS(vm, vmi)?.family));
    expect(families.size).toBeGreaterThanOrEqual(6);
    expect(cluster.some(({ vm }) => isErrorStatus(vm.status?.printableStatus))).toBe(true);
    const terminating = cluster.filter(({ vm }) => vm.status?.printableStatus === 'Terminating');
    expect(terminating.every(({ vm }) => vm.metadata?.deletionTimestamp)).toBe(true);
    const crashing = cluster.filter(({ vm }) => vm.status?.printableStatus === 'CrashLoopBackOff');
    expect(
      crashing.every(({ vm }) => (vm.status?.startFailure?.consecutiveFailCount ?? 0) > 0),
    ).toBe(true);
  });
});

describe('makeLargeCluster', () => {
  it('spreads n uniquely named VMs over the namespaces', () => {
    const large = makeLargeCluster(10_000, 200);
    expect(large).toHaveLength(10_000);
    expect(new Set(large.map(({ vm }) => vm.metadata?.namespace)).size).toBe(200);
    expect(
      new Set(large.map(({ vm }) => `${vm.metadata?.namespace}/${vm.metadata?.name}`)).size,
    ).toBe(10_000);
  });

  it('accepts explicit namespace names', () => {
    const small = makeLargeCluster(5, ['a', 'b']);
    expect(small.map(({ vm }) => vm.metadata?.namespace)).toEqual(['a', 'b', 'a', 'b', 'a']);
  });
});
