import { diagnoseVm } from '../diagnose';
import { makeEvent, makePod, makeSnapshot, makeVm } from '../testing/builders';

const killedPod = () => makePod({ phase: 'Failed', node: 'w1' });
const probeEvents = () => [
  makeEvent(
    'Pod',
    'virt-launcher-vm1-abcde',
    'Unhealthy',
    'Liveness probe failed: Get "http://10.0.0.5:8443/healthz": connect: connection refused',
  ),
  makeEvent(
    'Pod',
    'virt-launcher-vm1-abcde',
    'Killing',
    'Container compute failed liveness probe, will be restarted',
    { type: 'Normal' },
  ),
];

describe('killed by the kubelet', () => {
  it('names a failing liveness probe as the reason the VM keeps dying', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'CrashLoopBackOff' }), {
        pods: [killedPod()],
        events: probeEvents(),
      }),
    );
    expect(d.rootCause).toMatchObject({
      category: 'CrashLoop',
      ruleId: 'vm.liveness-probe-failed',
    });
    expect(d.rootCause?.summary).toContain('8443');
  });

  it('says nothing about probe failures of a VM that runs now', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Running' }), { pods: [killedPod()], events: probeEvents() }),
    );
    expect(d.findings.map((f) => f.ruleId)).not.toContain('vm.liveness-probe-failed');
  });

  it("reads an eviction for the pod's own ephemeral-storage limit as the pod's, not the node's", () => {
    const pod = makePod({
      phase: 'Failed',
      node: 'w1',
      reason: 'Evicted',
      message: 'Pod ephemeral local storage usage exceeds the total limit of containers 8Gi. ',
    });
    const d = diagnoseVm(makeSnapshot(makeVm({ status: 'CrashLoopBackOff' }), { pods: [pod] }));
    expect(d.rootCause).toMatchObject({
      category: 'InsufficientResources',
      ruleId: 'pod.ephemeral-limit-exceeded',
    });
    expect(d.findings.map((f) => f.ruleId)).not.toContain('node.not-ready');
  });
});

describe('container runtime on the node', () => {
  const creating = () => makePod({ phase: 'Pending', node: 'w2' });
  it('names the node whose runtime cannot create the sandbox', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), {
        pods: [creating()],
        events: [
          makeEvent(
            'Pod',
            'virt-launcher-vm1-abcde',
            'FailedCreatePodSandBox',
            'Failed to create pod sandbox: rpc error: code = Unknown desc = error reserving pod name k8s_x for id 1: name is reserved',
          ),
        ],
      }),
    );
    expect(d.rootCause).toMatchObject({ category: 'NodeProblem', ruleId: 'node.runtime-failed' });
    expect(d.rootCause?.summary).toContain('node w2');
  });

  it('leaves sandbox errors of the network to the network rule', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), {
        pods: [creating()],
        events: [
          makeEvent(
            'Pod',
            'virt-launcher-vm1-abcde',
            'FailedCreatePodSandBox',
            'Failed to create pod sandbox: plugin type="multus" failed (add): context deadline exceeded',
          ),
        ],
      }),
    );
    expect(d.findings.map((f) => f.ruleId)).not.toContain('node.runtime-failed');
  });

  it.each([
    // kubelet lifecycle/predicate.go and cm/topologymanager/scope.go, as the pod's status.
    [
      'OutOfmemory',
      "Pod was rejected: Node didn't have enough resource: memory, requested: 51539607552, used: 8589934592, capacity: 54975581388",
    ],
    [
      'TopologyAffinityError',
      'Pod was rejected: Resources cannot be allocated with Topology locality',
    ],
  ])(
    'names the kubelet admission rejection %s, not the start loop it causes',
    (reason, message) => {
      const pod = makePod({ phase: 'Failed', node: 'w1', reason, message });
      const d = diagnoseVm(makeSnapshot(makeVm({ status: 'CrashLoopBackOff' }), { pods: [pod] }));
      expect(d.rootCause).toMatchObject({
        category: 'InsufficientResources',
        ruleId: 'pod.rejected-by-kubelet',
      });
      expect(d.rootCause?.summary).toContain(`(${reason}): ${message}`);
    },
  );
});
