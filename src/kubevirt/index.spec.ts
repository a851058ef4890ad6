import * as kubevirt from './index';

describe('src/kubevirt barrel', () => {
  it.each([
    'parseVmSearchQuery',
    'matchesVmSearch',
    'filterVms',
    'removeChip',
    'chipsForCriteria',
    'mergeCriteria',
    'compactCriteria',
    'isEmptyCriteria',
    'statusGroup',
    'isErrorStatus',
    'vmPrintableStatus',
    'statusesInGroup',
    'vmOS',
    'formatOS',
    'parseOsIdentifier',
    'vmCpuCount',
    'vmMemoryBytes',
    'vmNode',
    'vmCreated',
    'vmLastTransition',
    'parseQuantity',
    'formatBytes',
  ])('exports %s', (name) => {
    expect(typeof (kubevirt as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports the status vocabulary', () => {
    expect(kubevirt.VM_PRINTABLE_STATUSES).toContain('CrashLoopBackOff');
    expect(kubevirt.VM_STATUS_GROUPS).toEqual(['error', 'starting', 'running', 'stopped', 'other']);
  });
});
