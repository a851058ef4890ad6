import type { K8sObject, VirtualMachine, VirtualMachineInstance } from '../types';
import { joinVmEntries } from './entries';
import { indexInstancetypes, vmEffectiveSize } from './resources';

const GI = 1024 ** 3;

const clusterType: K8sObject = {
  apiVersion: 'instancetype.kubevirt.io/v1beta1',
  kind: 'VirtualMachineClusterInstancetype',
  metadata: { name: 'u1.2xlarge' },
  spec: { cpu: { guest: 8 }, memory: { guest: '32Gi' } },
} as K8sObject;
const namespacedType: K8sObject = {
  apiVersion: 'instancetype.kubevirt.io/v1beta1',
  kind: 'VirtualMachineInstancetype',
  metadata: { name: 'big', namespace: 'team-a' },
  spec: { cpu: { guest: 6 }, memory: { guest: '12Gi' } },
} as K8sObject;
const index = indexInstancetypes([clusterType, namespacedType]);

const vm = (
  spec: VirtualMachine['spec'],
  status: VirtualMachine['status'] = {},
): VirtualMachine => ({
  kind: 'VirtualMachine',
  metadata: { name: 'v', namespace: 'team-a' },
  spec,
  status,
});

describe('vmEffectiveSize', () => {
  it('reads a running VMI first (the instancetype is expanded into it)', () => {
    const vmi: VirtualMachineInstance = {
      kind: 'VirtualMachineInstance',
      metadata: { name: 'v', namespace: 'team-a' },
      spec: { domain: { cpu: { cores: 2 } } },
      status: {
        phase: 'Running',
        currentCPUTopology: { sockets: 1, cores: 8, threads: 1 },
        memory: { guestCurrent: '32Gi' },
      },
    };
    const sized = vm({ instancetype: { name: 'u1.small' }, template: { spec: { domain: {} } } });
    expect(vmEffectiveSize(sized, vmi)).toEqual({
      cpu: 8,
      memoryBytes: 32 * GI,
      source: 'vmi',
      instancetype: 'u1.small',
    });
  });

  it('reads a cluster instancetype by spec.instancetype (default kind) when not running', () => {
    const sized = vm({ instancetype: { name: 'u1.2xlarge' }, template: { spec: { domain: {} } } });
    expect(vmEffectiveSize(sized, undefined, index)).toMatchObject({
      cpu: 8,
      memoryBytes: 32 * GI,
      source: 'instancetype',
    });
  });

  it('reads a namespaced instancetype of the VM namespace, and status.instancetypeRef', () => {
    const inferred = vm(
      { template: { spec: { domain: {} } } },
      { instancetypeRef: { kind: 'VirtualMachineInstancetype', name: 'big' } },
    );
    expect(vmEffectiveSize(inferred, undefined, index)).toMatchObject({
      cpu: 6,
      source: 'instancetype',
    });
    const elsewhere = { ...inferred, metadata: { name: 'v', namespace: 'team-b' } };
    expect(vmEffectiveSize(elsewhere, undefined, index).source).toBe('unknown');
  });

  it('marks the size unknown when the instancetype cannot be read', () => {
    const sized = vm({ instancetype: { name: 'u1.2xlarge' }, template: { spec: { domain: {} } } });
    expect(vmEffectiveSize(sized)).toEqual({
      cpu: undefined,
      memoryBytes: undefined,
      source: 'unknown',
      instancetype: 'u1.2xlarge',
    });
  });

  it('falls back to the domain: topology, memory.guest, resources.requests.memory', () => {
    const plain = vm({
      template: {
        spec: {
          domain: { cpu: { sockets: 2, cores: 2 }, resources: { requests: { memory: '3Gi' } } },
        },
      },
    });
    expect(vmEffectiveSize(plain, undefined, index)).toEqual({
      cpu: 4,
      memoryBytes: 3 * GI,
      source: 'domain',
    });
  });
});

describe('joinVmEntries', () => {
  it('joins VMIs and migrations by name and shares the instancetype index', () => {
    const a = vm({});
    const entries = joinVmEntries({
      vms: [a],
      vmis: [{ kind: 'VirtualMachineInstance', metadata: { name: 'v', namespace: 'team-a' } }],
      migrations: [
        {
          kind: 'VirtualMachineInstanceMigration',
          metadata: { name: 'm', namespace: 'team-a' },
          spec: { vmiName: 'v' },
        },
        {
          kind: 'VirtualMachineInstanceMigration',
          metadata: { name: 'x', namespace: 'team-b' },
          spec: { vmiName: 'v' },
        },
      ],
      instancetypes: [clusterType],
    });
    expect(entries[0].vmi?.metadata?.name).toBe('v');
    expect(entries[0].migrations?.map((m) => m.metadata?.name)).toEqual(['m']);
    expect(entries[0].instancetypes?.size).toBe(1);
    expect(joinVmEntries({ vms: [a] })[0]).toEqual({ vm: a });
  });
});
