import { diagnoseVm } from '../diagnose';
import type { Pod, VirtualMachineInstanceMigration } from '../model';
import {
  condition,
  makePod,
  makeSnapshot,
  makeVm,
  makeVmi,
  minutesAgo,
  NS,
  VM_NAME,
} from '../testing/builders';

// kube-scheduler's FitError text for the migration target pod (pkg/scheduler/schedule_one.go).
const NO_MEMORY =
  "0/4 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 3 Insufficient memory. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.";

const migration = (phase: string): VirtualMachineInstanceMigration => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstanceMigration',
  metadata: {
    name: 'kubevirt-evacuation-x7k2p',
    namespace: NS,
    uid: 'vmim-uid-1',
    creationTimestamp: minutesAgo(3),
  },
  spec: { vmiName: VM_NAME },
  status: { phase },
});

/** virt-controller labels a migration's target pod with the migration's UID. */
const targetPod = (): Pod => {
  const pod = makePod({
    name: 'virt-launcher-vm1-tgt01',
    phase: 'Pending',
    conditions: [condition('PodScheduled', 'False', 'Unschedulable', NO_MEMORY)],
  });
  pod.metadata!.labels = { ...pod.metadata!.labels, 'kubevirt.io/migrationJobUID': 'vmim-uid-1' };
  return pod;
};

const sourcePod = (): Pod =>
  makePod({
    node: 'worker-1',
    phase: 'Running',
    conditions: [condition('Ready', 'True', '')],
  });

describe('migration whose target pod cannot be placed', () => {
  const snapshot = (phase: string) =>
    makeSnapshot(makeVm({ status: 'Running' }), {
      vmi: makeVmi({
        phase: 'Running',
        node: 'worker-1',
        created: 60,
        conditions: [condition('Ready', 'True', '')],
      }),
      pods: [sourcePod(), targetPod()],
      migrations: [migration(phase)],
    });

  it('names the migration, not the running VM, as unschedulable, with the scheduler message', () => {
    const d = diagnoseVm(snapshot('Scheduling'));
    expect(d.rootCause).toMatchObject({
      category: 'Migration',
      ruleId: 'migration.target-unschedulable',
    });
    expect(d.rootCause?.summary).toContain('virt-launcher-vm1-tgt01');
    expect(d.rootCause?.summary).toContain('Insufficient memory');
    // The target pod is not read as the VM's launcher pod.
    expect(d.findings.map((f) => f.ruleId)).not.toContain('sched.insufficient-resources');
  });

  it('says nothing about a target pod once the migration succeeded', () => {
    const d = diagnoseVm(snapshot('Succeeded'));
    expect(d.findings.map((f) => f.ruleId)).not.toContain('migration.target-unschedulable');
  });
});
