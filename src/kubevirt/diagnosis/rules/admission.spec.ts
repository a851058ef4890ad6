import { diagnoseVm } from '../diagnose';
import { condition, makeEvent, makeSnapshot, makeVm, makeVmi } from '../testing/builders';

// virt-controller's FailedCreate event wrapping the apiserver's admission error (see admission.ts).
const QUOTA =
  'Error creating pod: pods "virt-launcher-vm1-x7k2p" is forbidden: exceeded quota: compute-quota, requested: limits.memory=2262Mi,requests.memory=2262Mi, used: limits.memory=7Gi,requests.memory=7Gi, limited: limits.memory=8Gi,requests.memory=8Gi';
const LIMIT_RANGE =
  'Error creating pod: pods "virt-launcher-vm1-x7k2p" is forbidden: maximum memory usage per Container is 2Gi, but limit is 4402Mi';

const refused = (message: string) =>
  makeSnapshot(makeVm({ status: 'Starting' }), {
    vmi: makeVmi({
      phase: 'Pending',
      created: 30,
      conditions: [condition('Synchronized', 'False', 'FailedCreate', message)],
    }),
    events: [makeEvent('VirtualMachineInstance', 'vm1', 'FailedCreate', message, { count: 12 })],
  });

describe('admission refusals of the launcher pod', () => {
  it('names the exhausted ResourceQuota with requested, used and limited amounts', () => {
    const d = diagnoseVm(refused(QUOTA));
    expect(d.rootCause).toMatchObject({
      category: 'InsufficientResources',
      ruleId: 'quota.exceeded',
    });
    expect(d.rootCause?.summary).toContain('ResourceQuota "compute-quota"');
    expect(d.rootCause?.summary).toContain('limits.memory=8Gi');
    expect(d.suggestions[0].commands).toContain(
      'oc describe resourcequota compute-quota -n team-a',
    );
    expect(d.checks.find((c) => c.id === 'general-health')?.status).toBe('passed');
  });

  it('names the LimitRange bound the launcher pod exceeds', () => {
    const d = diagnoseVm(refused(LIMIT_RANGE));
    expect(d.rootCause).toMatchObject({ ruleId: 'limitrange.violated' });
    expect(d.rootCause?.summary).toContain(
      'maximum memory per Container is 2Gi, but its limit is 4402Mi',
    );
  });

  it('ignores an old refusal once the launcher pod runs', () => {
    const s = refused(QUOTA);
    s.vmi = makeVmi({ phase: 'Running', node: 'w1' });
    s.vm = makeVm({ status: 'Running' });
    s.pods = [
      {
        ...s.pods[0],
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'virt-launcher-vm1-abcde', namespace: 'team-a' },
        spec: { nodeName: 'w1' },
        status: { phase: 'Running' },
      },
    ];
    expect(diagnoseVm(s).findings.some((f) => f.ruleId === 'quota.exceeded')).toBe(false);
  });
});
