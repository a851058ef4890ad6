import { diagnoseVm } from '../diagnose';
import type { Pod, VirtualMachine, VmSnapshot } from '../model';
import {
  NOW,
  condition,
  makeEvent,
  makeNode,
  makePod,
  makeSnapshot,
  makeVm,
  makeVmi,
  minutesAgo,
} from '../testing/builders';

/** A VM whose template asks for `scheduler` (KubeVirt copies it to the launcher pod). */
const vmWith = (scheduler?: string): VirtualMachine => {
  const vm = makeVm({ status: 'Starting' });
  const template = vm.spec?.template;
  if (scheduler && template?.spec)
    template.spec = { ...template.spec, schedulerName: scheduler } as typeof template.spec;
  return vm;
};
const podWith = (scheduler: string | undefined, minutes: number, extra: Partial<Pod> = {}): Pod => {
  const pod = makePod({ conditions: [] });
  return {
    ...pod,
    metadata: { ...pod.metadata, creationTimestamp: minutesAgo(minutes) },
    spec: { ...pod.spec, ...(scheduler !== undefined ? { schedulerName: scheduler } : {}) },
    ...extra,
  };
};
const heartbeat = makeNode('worker-1', [
  { ...condition('Ready', 'True', 'KubeletReady'), lastHeartbeatTime: NOW.toISOString() } as never,
]);
const snapshotOf = (
  scheduler: string | undefined,
  minutes: number,
  partial: Partial<VmSnapshot> = {},
  pod = podWith(scheduler, minutes),
): VmSnapshot =>
  makeSnapshot(vmWith(scheduler), {
    vmi: makeVmi({ phase: 'Scheduling', created: minutes }),
    pods: [pod],
    nodes: [heartbeat],
    nodesListed: true,
    ...partial,
  });
const unserved = (snapshot: VmSnapshot) =>
  diagnoseVm(snapshot).findings.find((f) => f.ruleId === 'sched.scheduler-not-running');

describe('launcher pod waiting for a scheduler that does not run', () => {
  it('names the scheduler as the root cause when nothing ever judged the pod', () => {
    const d = diagnoseVm(snapshotOf('secondary-scheduler', 40));
    expect(d.rootCause).toMatchObject({
      category: 'SchedulingConstraint',
      ruleId: 'sched.scheduler-not-running',
    });
    expect(d.findings[0].message).toContain('"secondary-scheduler"');
    expect(d.findings[0].message).toContain('40 minutes');
    expect(d.findings[0].evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'Pod', fieldPath: 'spec.schedulerName' }),
        expect.objectContaining({
          kind: 'VirtualMachine',
          fieldPath: 'spec.template.spec.schedulerName',
          value: 'secondary-scheduler',
        }),
      ]),
    );
    const commands = d.suggestions.flatMap((s) => s.commands);
    expect(commands).toContain(
      'oc get pods -A -o wide --field-selector spec.schedulerName=secondary-scheduler',
    );
    expect(commands.some((c) => c.includes('"op":"remove"') && c.includes('schedulerName'))).toBe(
      true,
    );
  });

  it('keeps the verdict and its duration when the snapshot is read a week later', () => {
    const later = new Date(NOW.getTime() + 7 * 24 * 3600 * 1000);
    const f = unserved(snapshotOf('secondary-scheduler', 40, { now: later }));
    expect(f?.severity).toBe('critical');
    expect(f?.message).toContain('40 minutes');
  });

  it('waits a few minutes before calling a scheduler absent', () => {
    expect(unserved(snapshotOf('secondary-scheduler', 2))).toBeUndefined();
  });

  it('never fires for the default scheduler', () => {
    expect(unserved(snapshotOf('default-scheduler', 40))).toBeUndefined();
    expect(unserved(snapshotOf(undefined, 40))).toBeUndefined();
  });

  it('leaves a pod the scheduler judged to the other scheduling findings', () => {
    const failed = makeEvent(
      'Pod',
      'virt-launcher-vm1-abcde',
      'FailedScheduling',
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
    );
    expect(unserved(snapshotOf('secondary-scheduler', 40, { events: [failed] }))).toBeUndefined();
    const judged = podWith('secondary-scheduler', 40);
    judged.status = {
      phase: 'Pending',
      conditions: [condition('PodScheduled', 'False', 'Unschedulable', 'no nodes', 30)],
    };
    expect(unserved(snapshotOf('secondary-scheduler', 40, {}, judged))).toBeUndefined();
  });

  it('ignores a pod that has a node or is being deleted', () => {
    const placed = podWith('secondary-scheduler', 40);
    placed.spec = { ...placed.spec, nodeName: 'worker-1' };
    expect(unserved(snapshotOf('secondary-scheduler', 40, {}, placed))).toBeUndefined();
    const deleting = podWith('secondary-scheduler', 40);
    deleting.metadata = { ...deleting.metadata, deletionTimestamp: minutesAgo(1) };
    expect(unserved(snapshotOf('secondary-scheduler', 40, {}, deleting))).toBeUndefined();
  });

  it('edits the VM when the scheduler name does not come from its template', () => {
    const snapshot = snapshotOf('secondary-scheduler', 40);
    snapshot.vm = vmWith(undefined);
    const d = diagnoseVm(snapshot);
    expect(d.rootCause?.ruleId).toBe('sched.scheduler-not-running');
    const commands = d.suggestions.flatMap((s) => s.commands);
    expect(commands).toContain('oc edit vm vm1 -n team-a');
    expect(commands.some((c) => c.includes('"op":"remove"'))).toBe(false);
  });
});
