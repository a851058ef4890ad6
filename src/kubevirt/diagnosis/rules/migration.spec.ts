import { diagnoseVm } from '../diagnose';
import type { Pod, VirtualMachineInstanceMigration } from '../model';
import {
  condition,
  makeNode,
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

  it('names the selected label no other schedulable node carries (a TSC frequency)', () => {
    const tsc = 'scheduling.node.kubevirt.io/tsc-frequency-2095078000';
    const s = snapshot('Scheduling');
    const target = s.pods[1];
    target.spec = {
      ...target.spec!,
      nodeSelector: { [tsc]: 'true', 'kubevirt.io/schedulable': 'true' },
    };
    const schedulable = { 'kubevirt.io/schedulable': 'true' };
    s.nodes = [
      // The source (being drained) still has it; the other nodes lost it, a cordoned one keeps it.
      makeNode('worker-1', undefined, { ...schedulable, [tsc]: 'true' }),
      makeNode('worker-2', undefined, schedulable),
      {
        ...makeNode('worker-3', undefined, { ...schedulable, [tsc]: 'true' }),
        spec: { unschedulable: true },
      },
    ];
    s.nodesListed = true;
    const d = diagnoseVm(s);
    expect(d.rootCause?.ruleId).toBe('migration.target-unschedulable');
    expect(d.rootCause?.summary).toContain(
      `No schedulable node other than the source carries what the target pod selects: ${tsc}=true.`,
    );
    s.nodes.push(makeNode('worker-4', undefined, { ...schedulable, [tsc]: 'true' }));
    expect(diagnoseVm(s).rootCause?.summary).not.toContain('No schedulable node');
  });

  it('says nothing about a target pod once the migration succeeded', () => {
    const d = diagnoseVm(snapshot('Succeeded'));
    expect(d.findings.map((f) => f.ruleId)).not.toContain('migration.target-unschedulable');
  });
});

describe('failed migration under a MigrationPolicy', () => {
  const TIMEOUT = 'Live migration is not completed after 7200 seconds and has been aborted';
  // kubevirt.io/api core/v1 VirtualMachineInstanceMigrationState.migrationConfiguration
  const throttled = {
    allowAutoConverge: false,
    allowPostCopy: false,
    bandwidthPerMigration: '8Mi',
    completionTimeoutPerGiB: 150,
  };
  const failedVmim = (state: Record<string, unknown>): VirtualMachineInstanceMigration => ({
    ...migration('Failed'),
    status: {
      phase: 'Failed',
      migrationState: { failed: true, targetNode: 'worker-2', failureReason: TIMEOUT, ...state },
    },
  });
  const snapshot = (vmim: VirtualMachineInstanceMigration, vmiState?: Record<string, unknown>) => {
    const vmi = makeVmi({ phase: 'Running', node: 'worker-1', created: 60 });
    if (vmiState) vmi.status = { ...vmi.status, migrationState: vmiState };
    return makeSnapshot(makeVm({ status: 'Running' }), {
      vmi,
      pods: [sourcePod()],
      migrations: [vmim],
    });
  };

  it('names the policy and its bandwidth cap from the migration state', () => {
    const d = diagnoseVm(
      snapshot(
        failedVmim({ migrationPolicyName: 'erp-throttled', migrationConfiguration: throttled }),
      ),
    );
    expect(d.rootCause).toMatchObject({ category: 'Migration', ruleId: 'migration.failed' });
    expect(d.rootCause?.summary).toBe(
      `Live migration "kubevirt-evacuation-x7k2p" to node "worker-2" failed: ${TIMEOUT}. The migration ran under MigrationPolicy "erp-throttled": bandwidthPerMigration 8Mi, completionTimeoutPerGiB 150, allowAutoConverge false, allowPostCopy false. With 8Mi per migration the guest memory may not be copied (or keep up with the pages the guest dirties) before the timeout; raise bandwidthPerMigration, or allow auto-converge or post-copy.`,
    );
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({
        kind: 'VirtualMachineInstanceMigration',
        fieldPath: 'status.migrationState.migrationPolicyName',
        value: 'erp-throttled',
      }),
    );
  });

  it("reads the VMI's migration state when it describes the same migration", () => {
    const state = {
      migrationUid: 'vmim-uid-1',
      failed: true,
      migrationPolicyName: 'erp-throttled',
      migrationConfiguration: throttled,
    };
    const d = diagnoseVm(snapshot(failedVmim({}), state));
    expect(d.rootCause?.summary).toContain('MigrationPolicy "erp-throttled"');
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({
        kind: 'VirtualMachineInstance',
        fieldPath: 'status.migrationState.migrationConfiguration.bandwidthPerMigration',
        value: '8Mi',
      }),
    );
    // The VMI's state of another (later) migration says nothing about this one.
    const other = diagnoseVm(snapshot(failedVmim({}), { ...state, migrationUid: 'other-uid' }));
    expect(other.rootCause?.summary).not.toContain('erp-throttled');
  });

  it('adds nothing for the default unlimited bandwidth without a policy', () => {
    const d = diagnoseVm(
      snapshot(
        failedVmim({
          migrationConfiguration: { bandwidthPerMigration: '0Mi', completionTimeoutPerGiB: 150 },
        }),
      ),
    );
    expect(d.rootCause?.summary).toBe(
      `Live migration "kubevirt-evacuation-x7k2p" to node "worker-2" failed: ${TIMEOUT}`,
    );
  });

  it('names a cluster-wide bandwidth cap, and gives the convergence hint only for a timeout', () => {
    const capped = diagnoseVm(
      snapshot(failedVmim({ migrationConfiguration: { bandwidthPerMigration: '16Mi' } })),
    );
    expect(capped.rootCause?.summary).toContain(
      'No MigrationPolicy applied; the cluster-wide migration settings were: bandwidthPerMigration 16Mi.',
    );
    expect(capped.rootCause?.summary).toContain('With 16Mi per migration');
    const unreachable = diagnoseVm(
      snapshot(
        failedVmim({
          failureReason: 'target node unreachable',
          migrationPolicyName: 'erp-throttled',
          migrationConfiguration: throttled,
        }),
      ),
    );
    expect(unreachable.rootCause?.summary).toContain('MigrationPolicy "erp-throttled"');
    expect(unreachable.rootCause?.summary).not.toContain('per migration the guest memory');
  });
});
