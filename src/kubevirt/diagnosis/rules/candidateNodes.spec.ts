import { diagnoseVm } from '../diagnose';
import type { Diagnosis, Node, VmSnapshot } from '../model';
import {
  condition,
  makeEvent,
  makeNode,
  makePod,
  makeSnapshot,
  makeVm,
  makeVmi,
} from '../testing/builders';
import { judgeNode, parseFitError } from './candidateNodes';

const POD = 'virt-launcher-vm1-abcde';

// The message format of kube-scheduler's FitError.Error (pkg/scheduler/framework/types.go).
const EIGHT_NODES =
  "0/8 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable, 3 Insufficient memory, 3 node(s) had untolerated taint(s). preemption: 0/8 nodes are available: 3 No preemption victims found for incoming pod, 5 Preemption is not helpful for scheduling.";

const node = (
  name: string,
  opts: {
    taints?: { key: string; value?: string; effect: string }[];
    unschedulable?: boolean;
    labels?: Record<string, string>;
    allocatable?: Record<string, string>;
  } = {},
): Node => {
  const n = makeNode(name, undefined, opts.labels ?? {});
  return {
    ...n,
    spec: {
      ...(opts.taints ? { taints: opts.taints } : {}),
      ...(opts.unschedulable ? { unschedulable: true } : {}),
    },
    status: { ...n.status, allocatable: opts.allocatable ?? { memory: '1Gi', cpu: '4' } },
  };
};

const CONTROL_PLANE = {
  taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  labels: { 'node-role.kubernetes.io/control-plane': '', zone: 'a' },
};
const workers = (n: number, prefix = 'worker') =>
  Array.from({ length: n }, (_, i) => node(`${prefix}-${i}`, { labels: { zone: 'a' } }));

const unschedulable = (
  message: string,
  nodes: Node[] | undefined,
  vmOpts: Parameters<typeof makeVm>[0] = {},
): VmSnapshot =>
  makeSnapshot(makeVm({ status: 'ErrorUnschedulable', ...vmOpts }), {
    vmi: makeVmi({
      phase: 'Scheduling',
      conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)],
    }),
    pods: [makePod({ conditions: [condition('PodScheduled', 'False', 'Unschedulable', message)] })],
    events: [makeEvent('Pod', POD, 'FailedScheduling', message, { count: 4 })],
    ...(nodes ? { nodes, nodesListed: true } : {}),
  });

const check = (d: Diagnosis, id: string) => d.checks.find((c) => c.id === id);

describe('parseFitError', () => {
  it('reads the node total and every reason with its count and filter stage', () => {
    const parsed = parseFitError(EIGHT_NODES);
    expect(parsed.total).toBe(8);
    expect(parsed.reasons).toEqual([
      expect.objectContaining({ count: 1, stage: 'placement', category: 'SchedulingConstraint' }),
      expect.objectContaining({ count: 1, text: 'node(s) were unschedulable', stage: 'placement' }),
      expect.objectContaining({
        count: 3,
        text: 'Insufficient memory',
        stage: 'fit',
        category: 'InsufficientResources',
        resource: 'memory',
      }),
      expect.objectContaining({ count: 3, stage: 'placement' }),
    ]);
  });

  it.each([
    ['Insufficient hugepages-1Gi', 'InsufficientResources'],
    ['Insufficient devices.kubevirt.io/kvm', 'InsufficientResources'],
    ['Insufficient nvidia.com/GA102GL_A10', 'InsufficientResources'],
    ['Insufficient bridge.network.kubevirt.io/br1', 'NetworkAttachment'],
    ['node(s) had volume node affinity conflict', 'StorageProvisioning'],
    ["node(s) didn't find available persistent volumes to bind", 'StorageProvisioning'],
    ["node(s) didn't match pod anti-affinity rules", 'SchedulingConstraint'],
  ])('classifies "%s" as %s', (reason, category) => {
    expect(parseFitError(`0/3 nodes are available: 3 ${reason}.`).reasons[0].category).toBe(
      category,
    );
  });
});

describe('judgeNode', () => {
  const placement = { nodeSelector: {}, requiredTerms: [], tolerations: [] };
  it('excludes control-plane, cordoned and unhealthy nodes by design, others as constraints', () => {
    expect(judgeNode(node('cp', CONTROL_PLANE), placement).exclusion).toMatchObject({
      reason: 'control-plane',
      byDesign: true,
    });
    expect(judgeNode(node('c', { unschedulable: true }), placement).exclusion).toMatchObject({
      reason: 'cordoned',
      byDesign: true,
    });
    expect(
      judgeNode(node('t', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), {
        ...placement,
      }).exclusion,
    ).toMatchObject({ reason: 'taint', byDesign: false, taint: 'dedicated=db:NoSchedule' });
    expect(
      judgeNode(node('w'), { ...placement, nodeSelector: { gpu: 'a100' } }).exclusion,
    ).toMatchObject({ reason: 'selector', labels: ['gpu=a100'] });
    expect(judgeNode(node('w'), placement).exclusion).toBeUndefined();
  });

  it('honours tolerations and required node affinity', () => {
    const tainted = node('t', {
      taints: [{ key: 'dedicated', value: 'vm', effect: 'NoSchedule' }],
    });
    expect(
      judgeNode(tainted, {
        ...placement,
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'vm', effect: 'NoSchedule' }],
      }).exclusion,
    ).toBeUndefined();
    expect(
      judgeNode(node('w', { labels: { zone: 'b' } }), {
        ...placement,
        requiredTerms: [[{ key: 'zone', operator: 'In', values: ['a'] }]],
      }).exclusion,
    ).toMatchObject({ reason: 'selector' });
  });
});

describe('candidate-node reasoning', () => {
  // The case: 3 control-plane nodes (tainted), 1 cordoned worker, 1 worker the selector
  // excludes, 3 workers without memory. The memory blocks the nodes the VM could use.
  const cluster = [
    node('cp-0', CONTROL_PLANE),
    node('cp-1', CONTROL_PLANE),
    node('cp-2', CONTROL_PLANE),
    node('worker-cordoned', { unschedulable: true, labels: { zone: 'a' } }),
    node('worker-b', { labels: { zone: 'b' } }),
    ...workers(3),
  ];

  it('names memory, not the control-plane taints or the cordon, as the cause', () => {
    const d = diagnoseVm(unschedulable(EIGHT_NODES, cluster, { nodeSelector: { zone: 'a' } }));
    expect(d.rootCause).toMatchObject({
      category: 'InsufficientResources',
      ruleId: 'sched.insufficient-resources',
    });
    expect(d.rootCause?.summary).toContain(
      'Insufficient memory on 3 of the 3 nodes the VM could use',
    );
    expect(d.rootCause?.summary).toContain('worker-0');
    expect(d.rootCause?.summary).toContain('3 control-plane');
    expect(d.findings[0].evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Node',
        name: 'worker-0',
        fieldPath: 'status.allocatable.memory',
      }),
    );
    // The taints and the cordon are context, not a failing check.
    expect(check(d, 'scheduling-constraints')?.status).toBe('passed');
    expect(check(d, 'scheduling-resources')?.status).toBe('failed');
  });

  it('a dedicated taint on nodes the selector excludes anyway does not outrank the missing memory', () => {
    // Same message, but the taints are on workers (a dedicated taint the VM does not tolerate).
    // Those workers lack the zone=a label the VM selects, so they were never candidates: the
    // scheduler names the taint only because TaintToleration runs before NodeAffinity.
    const tainted = cluster.map((n) =>
      n.metadata?.name?.startsWith('cp-')
        ? node(n.metadata.name, {
            taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
          })
        : n,
    );
    const d = diagnoseVm(unschedulable(EIGHT_NODES, tainted, { nodeSelector: { zone: 'a' } }));
    expect(d.rootCause?.category).toBe('InsufficientResources');
    expect(d.rootCause?.summary).toContain(
      'Insufficient memory on 3 of the 3 nodes the VM could use',
    );
  });

  it('discounts cordons and control-plane taints named in the message without a node list', () => {
    const d = diagnoseVm(
      unschedulable(
        '0/6 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {node-role.kubernetes.io/master: }, 1 node(s) were unschedulable.',
        undefined,
      ),
    );
    expect(d.rootCause?.category).toBe('InsufficientResources');
  });

  it('names a missing Linux bridge resource as a NetworkAttachment cause', () => {
    const d = diagnoseVm(
      unschedulable(
        '0/5 nodes are available: 2 Insufficient bridge.network.kubevirt.io/br-vlan10, 3 node(s) had untolerated taint(s).',
        [
          node('cp-0', CONTROL_PLANE),
          node('cp-1', CONTROL_PLANE),
          node('cp-2', CONTROL_PLANE),
          ...workers(2),
        ],
      ),
    );
    expect(d.rootCause).toMatchObject({
      category: 'NetworkAttachment',
      ruleId: 'sched.network-resources',
    });
    expect(d.rootCause?.summary).toContain('br-vlan10');
    expect(d.suggestions[0].ruleId).toBe('sched.network-resources');
  });

  it('names volume topology as a StorageProvisioning cause', () => {
    const d = diagnoseVm(
      unschedulable(
        '0/6 nodes are available: 3 node(s) had untolerated taint {node-role.kubernetes.io/master: }, 3 node(s) had volume node affinity conflict.',
        undefined,
      ),
    );
    expect(d.rootCause).toMatchObject({
      category: 'StorageProvisioning',
      ruleId: 'sched.volume-binding',
    });
  });

  it('names the CPU model a selector asks for when no node offers it', () => {
    const d = diagnoseVm(
      unschedulable(
        "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
        workers(3),
        { nodeSelector: { 'cpu-model.node.kubevirt.io/Icelake-Server': 'true' } },
      ),
    );
    expect(d.rootCause?.category).toBe('SchedulingConstraint');
    expect(d.rootCause?.summary).toContain('CPU model Icelake-Server (offered by no node)');
  });

  it('keeps the verdict a constraint when the selector excludes most nodes', () => {
    const d = diagnoseVm(
      unschedulable(
        "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't match Pod's node affinity/selector.",
        undefined,
      ),
    );
    expect(d.rootCause?.category).toBe('SchedulingConstraint');
    expect(d.findings.find((f) => f.ruleId === 'sched.insufficient-resources')?.severity).toBe(
      'warning',
    );
  });
});
