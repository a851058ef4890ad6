import type { VirtualMachine } from '../types';
import { vmCpuCount, vmMemoryBytes } from './resources';

type Domain = NonNullable<
  NonNullable<NonNullable<VirtualMachine['spec']>['template']>['spec']
>['domain'];
const vmWithDomain = (domain: Domain, instancetype?: string): VirtualMachine => ({
  spec: {
    ...(instancetype ? { instancetype: { name: instancetype } } : {}),
    template: { spec: { domain } },
  },
});

describe('vmCpuCount', () => {
  it('multiplies sockets, cores and threads, each defaulting to 1', () => {
    expect(vmCpuCount(vmWithDomain({ cpu: { sockets: 2, cores: 4, threads: 2 } }))).toBe(16);
    expect(vmCpuCount(vmWithDomain({ cpu: { cores: 4 } }))).toBe(4);
    expect(vmCpuCount(vmWithDomain({ cpu: { sockets: 3 } }))).toBe(3);
  });

  it('falls back to the CPU request, rounded up', () => {
    expect(vmCpuCount(vmWithDomain({ resources: { requests: { cpu: '1500m' } } }))).toBe(2);
    expect(vmCpuCount(vmWithDomain({ resources: { limits: { cpu: '3' } } }))).toBe(3);
  });

  it('is unknown for instancetype-sized VMs and 1 for a VM with no CPU hint', () => {
    expect(vmCpuCount(vmWithDomain({}, 'u1.medium'))).toBeUndefined();
    expect(vmCpuCount(vmWithDomain({}))).toBe(1);
    expect(vmCpuCount(undefined)).toBeUndefined();
  });
});

describe('vmMemoryBytes', () => {
  it('reads memory.guest, then requests, then limits', () => {
    expect(
      vmMemoryBytes(
        vmWithDomain({ memory: { guest: '4Gi' }, resources: { requests: { memory: '8Gi' } } }),
      ),
    ).toBe(4 * 1024 ** 3);
    expect(vmMemoryBytes(vmWithDomain({ resources: { requests: { memory: '2G' } } }))).toBe(2e9);
    expect(vmMemoryBytes(vmWithDomain({ resources: { limits: { memory: '512Mi' } } }))).toBe(
      512 * 1024 ** 2,
    );
  });

  it('is unknown without a memory hint', () => {
    expect(vmMemoryBytes(vmWithDomain({}, 'u1.large'))).toBeUndefined();
    expect(vmMemoryBytes(vmWithDomain({ memory: { guest: 'lots' } }))).toBeUndefined();
  });
});
