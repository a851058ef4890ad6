import { diagnoseVm } from '../diagnose';
import type { Node, VmSnapshot } from '../model';
import {
  condition,
  makeEvent,
  makeNode,
  makePod,
  makeSnapshot,
  makeVm,
  makeVmi,
} from '../testing/builders';

const POD = 'virt-launcher-vm1-abcde';
const DISK_PRESSURE = { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' };

const node = (
  name: string,
  opts: {
    taints?: { key: string; value?: string; effect: string }[];
    pressure?: boolean;
    labels?: Record<string, string>;
  } = {},
): Node => {
  const n = makeNode(
    name,
    [
      condition('Ready', 'True', 'KubeletReady'),
      ...(opts.pressure ? [condition('DiskPressure', 'True', 'KubeletHasDiskPressure')] : []),
    ],
    opts.labels,
  );
  return {
    ...n,
    spec: opts.taints ? { taints: opts.taints } : {},
    status: { ...n.status, allocatable: { memory: '64Gi', cpu: '16' } },
  };
};

const CONTROL_PLANE = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];

// kube-scheduler's FitError (pkg/scheduler/framework/types.go): each node counted under the
// first filter that rejected it (TaintToleration before NodeAffinity).
const pending = (message: string, nodes: Node[], nodeSelector: Record<string, string>) =>
  makeSnapshot(makeVm({ status: 'ErrorUnschedulable', nodeSelector }), {
    vmi: makeVmi({
      phase: 'Scheduling',
      conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)],
    }),
    pods: [makePod({ conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)] })],
    events: [makeEvent('Pod', POD, 'FailedScheduling', message, { count: 4 })],
    nodes,
    nodesListed: true,
  } satisfies Partial<VmSnapshot>);

describe('VM pinned by its own selection to nodes that are not healthy', () => {
  it('names the disk pressure of the only node the selector admits as a NodeProblem', () => {
    const d = diagnoseVm(
      pending(
        "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }, 2 node(s) didn't match Pod's node affinity/selector.",
        [
          node('cp-0', { taints: CONTROL_PLANE }),
          node('worker-1'),
          node('worker-2'),
          node('worker-3', { taints: [DISK_PRESSURE], pressure: true }),
        ],
        { 'kubernetes.io/hostname': 'worker-3' },
      ),
    );
    expect(d.rootCause).toMatchObject({
      category: 'NodeProblem',
      ruleId: 'sched.selected-nodes-unhealthy',
    });
    expect(d.rootCause?.summary).toContain('kubernetes.io/hostname=worker-3');
    expect(d.rootCause?.summary).toContain(
      'worker-3 is DiskPressure=True (taint node.kubernetes.io/disk-pressure)',
    );
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Node',
        name: 'worker-3',
        fieldPath: 'status.conditions[type=DiskPressure]',
      }),
    );
    // The selection is intended: the constraint is context, not the cause.
    expect(d.findings.find((f) => f.ruleId === 'sched.constraints')?.severity).not.toBe('critical');
  });

  it('stays a constraint when a selected node is excluded by a taint the VM does not tolerate', () => {
    const d = diagnoseVm(
      pending(
        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }, 1 node(s) didn't match Pod's node affinity/selector.",
        [
          node('worker-1'),
          node('worker-2', {
            taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
            labels: { disk: 'nvme' },
          }),
          node('worker-3', { taints: [DISK_PRESSURE], pressure: true, labels: { disk: 'nvme' } }),
        ],
        { disk: 'nvme' },
      ),
    );
    // worker-1 lacks the label; worker-2 (dedicated) is not sick: the placement decides.
    expect(d.rootCause?.category).toBe('SchedulingConstraint');
  });

  it('stays a constraint when the selector matches no node at all', () => {
    const d = diagnoseVm(
      pending(
        "0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }, 1 node(s) didn't match Pod's node affinity/selector.",
        [node('worker-1'), node('worker-3', { taints: [DISK_PRESSURE], pressure: true })],
        { 'kubernetes.io/hostname': 'worker-9' },
      ),
    );
    expect(d.rootCause?.category).toBe('SchedulingConstraint');
  });
});
