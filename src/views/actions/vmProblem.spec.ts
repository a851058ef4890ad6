import { brokenVm } from '../testing/brokenVm';
import { vmProblem } from './vmProblem';

describe('vmProblem', () => {
  it('names the VM and its status, and lists the unhealthy conditions', () => {
    expect(vmProblem(brokenVm)).toEqual({
      title: 'VirtualMachine broken-vm is Starting',
      message: 'Ready: PodNotExists: virt-launcher pod has not yet been scheduled',
    });
  });

  it('ignores healthy conditions and falls back to the status', () => {
    const vm = {
      metadata: { name: 'ok' },
      status: {
        printableStatus: 'Running',
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'LiveMigratable', status: 'False' },
          { type: 'Failure', status: 'False', message: 'old' },
        ],
      },
    };
    expect(vmProblem(vm)).toEqual({
      title: 'VirtualMachine ok is Running',
      message: 'The VirtualMachine reports the status Running.',
    });
  });

  it('reports a Failure condition that is True', () => {
    const vm = {
      metadata: { name: 'f' },
      status: {
        conditions: [{ type: 'Failure', status: 'True', reason: 'FailedCreate', message: 'quota' }],
      },
    };
    expect(vmProblem(vm).message).toBe('Failure: FailedCreate: quota');
  });
});
