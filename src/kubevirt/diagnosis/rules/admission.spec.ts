import { diagnoseVm } from '../diagnose';
import { condition, makeEvent, makeSnapshot, makeVm, makeVmi } from '../testing/builders';

// virt-controller's FailedCreate event wrapping the apiserver's admission error (see admission.ts).
const QUOTA =
  'Error creating pod: pods "virt-launcher-vm1-x7k2p" is forbidden: exceeded quota: compute-quota, requested: limits.memory=2262Mi,requests.memory=2262Mi, used: limits.memory=7Gi,requests.memory=7Gi, limited: limits.memory=8Gi,requests.memory=8Gi';
const LIMIT_RANGE =
  'Error creating pod: pods "virt-launcher-vm1-x7k2p" is forbidden: maximum memory usage per Container is 2Gi, but limit is 4402Mi';

// k8s.io/apiserver ErrCallingWebhook wrapping the proxy resolver's error (see eventPatterns.ts).
const WEBHOOK_DOWN =
  'Internal error occurred: failed calling webhook "virtualmachineinstances-mutator.kubevirt.io": failed to call webhook: Post "https://virt-api.openshift-cnv.svc:443/virtualmachineinstances-mutate?timeout=10s": no endpoints available for service "virt-api"';

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

  it('treats a refusal as history once the same VMI later created its pod', () => {
    const s = refused(QUOTA);
    s.vmi = makeVmi({ phase: 'Scheduled', created: 30 });
    s.events = [
      makeEvent('VirtualMachineInstance', 'vm1', 'FailedCreate', QUOTA, { count: 6, minutes: 40 }),
      makeEvent(
        'VirtualMachineInstance',
        'vm1',
        'SuccessfulCreate',
        'Created virtual machine pod virt-launcher-vm1-w4r7j',
        { type: 'Normal', minutes: 20 },
      ),
    ];
    expect(diagnoseVm(s).findings.some((f) => f.ruleId === 'quota.exceeded')).toBe(false);
  });

  it('lets a newer, different FailedCreate of the same object replace an old quota refusal', () => {
    const vmQuota =
      'Error creating virtual machine instance: virtualmachineinstances.kubevirt.io "vm1" is forbidden: exceeded quota: objects, requested: count/virtualmachineinstances.kubevirt.io=1, used: count/virtualmachineinstances.kubevirt.io=4, limited: count/virtualmachineinstances.kubevirt.io=4';
    const s = makeSnapshot(
      makeVm({
        status: 'Stopped',
        conditions: [
          condition(
            'Failure',
            'True',
            'FailedCreate',
            `Failure while starting VMI: ${WEBHOOK_DOWN}`,
          ),
        ],
      }),
      {
        events: [
          makeEvent('VirtualMachine', 'vm1', 'FailedCreate', vmQuota, { minutes: 45 }),
          makeEvent(
            'VirtualMachine',
            'vm1',
            'FailedCreate',
            `Error creating virtual machine instance: ${WEBHOOK_DOWN}`,
            {
              count: 23,
              minutes: 1,
            },
          ),
        ],
      },
    );
    s.vm.spec = { ...s.vm.spec, runStrategy: 'Always' };
    const d = diagnoseVm(s);
    expect(d.findings.some((f) => f.ruleId === 'quota.exceeded')).toBe(false);
    expect(d.rootCause).toMatchObject({
      ruleId: 'admission.webhook-unreachable',
      category: 'Unknown',
    });
    expect(d.rootCause?.summary).toContain('(service virt-api in namespace openshift-cnv)');
    expect(d.rootCause?.summary).toContain('no endpoints available for service "virt-api"');
    expect(d.suggestions[0].commands).toContain('oc get endpoints virt-api -n openshift-cnv');
  });

  it('names the webhook that denies the launcher pod and its reason', () => {
    const denied =
      'Error creating pod: admission webhook "validation.gatekeeper.sh" denied the request: [require-team-label] you must provide labels: {"team"}';
    const d = diagnoseVm(refused(denied));
    expect(d.rootCause).toMatchObject({ ruleId: 'admission.webhook-denied' });
    expect(d.rootCause?.summary).toContain('"validation.gatekeeper.sh"');
    expect(d.rootCause?.summary).toContain('you must provide labels: {"team"}');
  });
});
