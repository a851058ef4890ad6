import { diagnoseVm } from '../diagnose';
import { boundLauncherLog } from '../launcherLogTail';
import { condition, makeSnapshot, makeVm, makeVmi, minutesAgo } from '../testing/builders';

// virt-launcher's freeze line (kubevirt pkg/util/log JSON) as the storage manager writes it.
const freezeLine = (minutes: number) =>
  JSON.stringify({
    component: 'virt-launcher',
    level: 'info',
    msg: 'Freezing vmi',
    name: 'vm1',
    timestamp: minutesAgo(minutes),
  });

/** A running, ready VM whose VMI reports frozen guest filesystems. */
const frozen = (logMinutes?: number) => {
  const vmi = makeVmi({
    phase: 'Running',
    node: 'worker-1',
    conditions: [condition('Ready', 'True', '')],
  });
  vmi.status = { ...vmi.status, fsFreezeStatus: 'frozen' };
  return makeSnapshot(makeVm({ status: 'Running' }), {
    vmi,
    ...(logMinutes !== undefined
      ? {
          launcherLogs: [
            boundLauncherLog('virt-launcher-vm1-abcde', 'compute', `${freezeLine(logMinutes)}\n`),
          ],
        }
      : {}),
  });
};

describe('guest filesystems left frozen', () => {
  it('names a freeze that outlived any snapshot, with how long it lasts', () => {
    const d = diagnoseVm(frozen(30));
    expect(d.rootCause).toMatchObject({ category: 'Paused', ruleId: 'vm.filesystems-frozen' });
    expect(d.rootCause?.summary).toContain('frozen (fsfreeze) for 30 minutes');
    const f = d.findings.find((x) => x.ruleId === 'vm.filesystems-frozen');
    expect(f?.evidence.map((e) => e.fieldPath)).toEqual([
      'status.fsFreezeStatus',
      'log[container=compute]',
    ]);
  });

  it('treats a freeze of a few seconds as the snapshot in progress it is', () => {
    const d = diagnoseVm(frozen(0.2));
    expect(d.rootCause).toBeNull();
    expect(d.findings.find((f) => f.ruleId === 'vm.filesystems-frozen')?.severity).toBe('info');
  });

  it('reports a freeze of unknown age (no launcher log) as the cause', () => {
    expect(diagnoseVm(frozen()).rootCause?.ruleId).toBe('vm.filesystems-frozen');
  });

  it('says nothing once the filesystems are thawed', () => {
    const s = frozen(30);
    delete s.vmi!.status!.fsFreezeStatus;
    expect(diagnoseVm(s).findings.map((f) => f.ruleId)).not.toContain('vm.filesystems-frozen');
  });
});
