import {
  isErrorStatus,
  isVmPrintableStatus,
  statusGroup,
  statusesInGroup,
  VM_PRINTABLE_STATUSES,
  vmPrintableStatus,
} from './printableStatus';

describe('printableStatus model', () => {
  it('lists every value from kubevirt-facts §3.1 exactly once', () => {
    expect(new Set(VM_PRINTABLE_STATUSES).size).toBe(VM_PRINTABLE_STATUSES.length);
    expect([...VM_PRINTABLE_STATUSES].sort()).toEqual(
      [
        'CrashLoopBackOff',
        'DataVolumeError',
        'ErrImagePull',
        'ErrorDataVolumeNotFound',
        'ErrorPvcNotFound',
        'ErrorUnschedulable',
        'ImagePullBackOff',
        'Migrating',
        'Paused',
        'Provisioning',
        'Running',
        'Starting',
        'Stopped',
        'Stopping',
        'Terminating',
        'Unknown',
        'WaitingForReceiver',
        'WaitingForVolumeBinding',
      ].sort(),
    );
  });

  it.each([
    ['CrashLoopBackOff', 'error'],
    ['Unknown', 'error'],
    ['ErrorUnschedulable', 'error'],
    ['ErrImagePull', 'error'],
    ['ImagePullBackOff', 'error'],
    ['ErrorPvcNotFound', 'error'],
    ['ErrorDataVolumeNotFound', 'error'],
    ['DataVolumeError', 'error'],
    ['Provisioning', 'starting'],
    ['Starting', 'starting'],
    ['WaitingForVolumeBinding', 'starting'],
    ['Running', 'running'],
    ['Migrating', 'running'],
    ['Stopped', 'stopped'],
    ['Paused', 'stopped'],
    ['Stopping', 'stopped'],
    ['Terminating', 'stopped'],
    ['WaitingForReceiver', 'other'],
    ['SomethingNew', 'other'],
  ])('%s belongs to the %s group', (status, group) => {
    expect(statusGroup(status)).toBe(group);
    expect(isErrorStatus(status)).toBe(group === 'error');
  });

  it('treats a missing status as other, not as an error', () => {
    expect(statusGroup(undefined)).toBe('other');
    expect(isErrorStatus(undefined)).toBe(false);
  });

  it('lists the statuses of a group', () => {
    expect(statusesInGroup('running')).toEqual(['Running', 'Migrating']);
    expect(statusesInGroup('error')).toHaveLength(8);
  });

  it('recognises only exact KubeVirt spellings', () => {
    expect(isVmPrintableStatus('Running')).toBe(true);
    expect(isVmPrintableStatus('running')).toBe(false);
    expect(isVmPrintableStatus(3)).toBe(false);
  });

  it('reads the printableStatus of a VM, falling back to Unknown', () => {
    expect(vmPrintableStatus({ status: { printableStatus: 'Paused' } })).toBe('Paused');
    expect(vmPrintableStatus({ status: { printableStatus: 'FutureStatus' } })).toBe('FutureStatus');
    expect(vmPrintableStatus({ status: {} })).toBe('Unknown');
    expect(vmPrintableStatus({})).toBe('Unknown');
    expect(vmPrintableStatus(undefined)).toBe('Unknown');
  });
});
