import { vmCreated, vmLastTransition, vmName, vmNamespace, vmNode } from './accessors';

describe('VM accessors', () => {
  it('reads name, namespace and node', () => {
    const vm = { metadata: { name: 'a', namespace: 'ns' } };
    expect(vmName(vm)).toBe('a');
    expect(vmNamespace(vm)).toBe('ns');
    expect(vmName(undefined)).toBe('');
    expect(vmNode({ vm, vmi: { status: { nodeName: 'worker-1' } } })).toBe('worker-1');
    expect(vmNode({ vm, vmi: { status: { nodeName: '' } } })).toBeUndefined();
    expect(vmNode({ vm })).toBeUndefined();
  });

  it('parses the creation time and rejects garbage', () => {
    expect(
      vmCreated({ metadata: { creationTimestamp: '2026-11-25T10:00:00Z' } })?.toISOString(),
    ).toBe('2026-11-25T10:00:00.000Z');
    expect(vmCreated({ metadata: { creationTimestamp: 'yesterday-ish' } })).toBeUndefined();
    expect(vmCreated({})).toBeUndefined();
  });

  it('finds the newest condition transition of the VM and VMI, else the creation time', () => {
    const vm = {
      metadata: { creationTimestamp: '2026-11-20T00:00:00Z' },
      status: {
        conditions: [
          { type: 'Ready', status: 'False', lastTransitionTime: '2026-11-24T00:00:00Z' },
          { type: 'Failure', status: 'True', lastTransitionTime: null },
        ],
      },
    };
    const vmi = {
      status: {
        conditions: [
          { type: 'Synchronized', status: 'False', lastTransitionTime: '2026-11-25T09:00:00Z' },
        ],
      },
    };
    expect(vmLastTransition({ vm, vmi })?.toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(vmLastTransition({ vm })?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(vmLastTransition({ vm: { metadata: vm.metadata } })?.toISOString()).toBe(
      '2026-11-20T00:00:00.000Z',
    );
  });
});
