import { FIXTURE_NOW, makeFixtureCluster } from '../../kubevirt/testing/fixtureCluster';
import { entrySortValue, ipSortValue, rowSortValue, sortByValue, VM_SORT_COLUMNS } from './sort';
import { toVmRow, vmiIPs } from './vmRow';

const cluster = makeFixtureCluster({ now: FIXTURE_NOW });

describe('sortByValue', () => {
  it('is stable and puts unknown values last in either direction', () => {
    const items = [
      { id: 'a', v: 2 },
      { id: 'b', v: undefined },
      { id: 'c', v: 1 },
      { id: 'd', v: 2 },
    ];
    const ids = (direction: 'asc' | 'desc') =>
      sortByValue(items, (i) => i.v, direction).map((i) => i.id);
    expect(ids('asc')).toEqual(['c', 'a', 'd', 'b']);
    expect(ids('desc')).toEqual(['a', 'd', 'c', 'b']);
  });

  it('orders names with numbers numerically', () => {
    const names = ['vm-10', 'vm-2', 'VM-1'];
    expect(sortByValue(names, (n) => n, 'asc')).toEqual(['VM-1', 'vm-2', 'vm-10']);
  });
});

describe('ipSortValue', () => {
  it('orders IPv4 addresses by number and puts IPv6 after them', () => {
    const ips = ['10.0.0.10', 'fd02::1', '10.0.0.9', '9.255.0.1'];
    expect(sortByValue(ips, ipSortValue, 'asc')).toEqual([
      '9.255.0.1',
      '10.0.0.9',
      '10.0.0.10',
      'fd02::1',
    ]);
  });
});

describe('entrySortValue', () => {
  it('gives the same value as the row built from the entry, for every column', () => {
    for (const entry of cluster) {
      const row = toVmRow(entry.vm, entry.vmi, { ...entry, now: FIXTURE_NOW });
      for (const column of VM_SORT_COLUMNS) {
        expect([entry.vm.metadata?.name, column, entrySortValue(entry, column)]).toEqual([
          entry.vm.metadata?.name,
          column,
          rowSortValue(row, column),
        ]);
      }
    }
  });
});

describe('vmiIPs', () => {
  it('lists each address once, primary first, over every interface', () => {
    expect(
      vmiIPs({
        status: {
          interfaces: [
            { name: 'default', ipAddress: '10.128.0.5', ipAddresses: ['10.128.0.5', 'fd02::5'] },
            { name: 'nad', ipAddresses: ['192.168.100.10', ''] },
            { name: 'none' },
          ],
        },
      } as never),
    ).toEqual(['10.128.0.5', 'fd02::5', '192.168.100.10']);
    expect(vmiIPs(undefined)).toEqual([]);
    expect(vmiIPs({ status: { interfaces: 'junk' } } as never)).toEqual([]);
  });
});
