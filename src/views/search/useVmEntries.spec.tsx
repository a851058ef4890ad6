import { renderHook } from '@testing-library/react';
import {
  useActiveNamespace,
  useK8sWatchResource,
  useK8sWatchResources,
} from '@openshift-console/dynamic-plugin-sdk';
import { useVmEntries } from './useVmEntries';

const vm = (namespace: string, name: string) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { namespace, name },
});

type Watch = { groupVersionKind?: { kind: string }; namespace?: string } | null;

describe('useVmEntries', () => {
  beforeEach(() => {
    jest.mocked(useActiveNamespace).mockReturnValue(['#ALL_NS#', jest.fn()]);
    jest.mocked(useK8sWatchResources).mockReturnValue({});
  });

  it('lists every namespace at once when the user may', () => {
    jest
      .mocked(useK8sWatchResource)
      .mockImplementation(((w: Watch) =>
        w?.groupVersionKind?.kind === 'VirtualMachine'
          ? [[vm('a', 'one'), vm('b', 'two')], true, undefined]
          : [[], true, undefined]) as never);
    const { result } = renderHook(() => useVmEntries());
    expect(result.current.entries.map((e) => e.vm.metadata?.name)).toEqual(['one', 'two']);
    expect(result.current.loadError).toBeUndefined();
  });

  it('falls back to the projects the user can see when the cluster-wide list is forbidden', () => {
    const forbidden = { code: 403, message: 'forbidden at the cluster scope' };
    jest.mocked(useK8sWatchResource).mockImplementation(((w: Watch) => {
      if (w === null) return [[], false, undefined];
      if (w.groupVersionKind?.kind === 'Project')
        return [[{ metadata: { name: 'team-a' } }], true, undefined];
      return [[], true, forbidden];
    }) as never);
    jest.mocked(useK8sWatchResources).mockImplementation(((resources: Record<string, Watch>) =>
      Object.fromEntries(
        Object.entries(resources).map(([key, w]) => [
          key,
          {
            data:
              w?.groupVersionKind?.kind === 'VirtualMachine' ? [vm(w.namespace ?? '', 'mine')] : [],
            loaded: true,
            loadError: undefined,
          },
        ]),
      )) as never);

    const { result } = renderHook(() => useVmEntries());
    expect(jest.mocked(useK8sWatchResources).mock.lastCall?.[0]).toEqual({
      'vm~team-a': expect.objectContaining({ namespace: 'team-a' }),
      'vmi~team-a': expect.objectContaining({ namespace: 'team-a' }),
      'vmim~team-a': expect.objectContaining({ namespace: 'team-a' }),
    });
    expect(
      result.current.entries.map((e) => `${e.vm.metadata?.namespace}/${e.vm.metadata?.name}`),
    ).toEqual(['team-a/mine']);
    expect(result.current.loaded).toBe(true);
    expect(result.current.loadError).toBeUndefined();
  });

  it('adds migrations and cluster instancetypes for the health verdict and sizes, when readable', () => {
    const migration = {
      kind: 'VirtualMachineInstanceMigration',
      metadata: { namespace: 'a', name: 'm1' },
      spec: { vmiName: 'one' },
    };
    const instancetype = {
      kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: 'u1.small' },
      spec: { cpu: { guest: 1 }, memory: { guest: '2Gi' } },
    };
    const serve = (forbidden: boolean) =>
      jest.mocked(useK8sWatchResource).mockImplementation(((w: Watch) => {
        switch (w?.groupVersionKind?.kind) {
          case 'VirtualMachine':
            return [[vm('a', 'one')], true, undefined];
          case 'VirtualMachineInstanceMigration':
            return forbidden ? [[], false, { code: 403 }] : [[migration], true, undefined];
          case 'VirtualMachineClusterInstancetype':
            return forbidden ? [[], false, { code: 403 }] : [[instancetype], true, undefined];
          default:
            return [[], true, undefined];
        }
      }) as never);

    serve(false);
    const readable = renderHook(() => useVmEntries()).result.current.entries[0];
    expect(readable.migrations?.map((m) => m.metadata?.name)).toEqual(['m1']);
    expect(readable.instancetypes?.size).toBe(1);

    serve(true);
    const forbidden = renderHook(() => useVmEntries()).result.current;
    expect(forbidden.entries[0]).toEqual({ vm: vm('a', 'one') });
    expect(forbidden.loadError).toBeUndefined();
  });
});
