import { diagnoseVm } from '../diagnose';
import type { Pod } from '../model';
import {
  condition,
  makeEvent,
  makeNode,
  makePod,
  makeSnapshot,
  makeVm,
  makeVmi,
  minutesAgo,
} from '../testing/builders';

const oomPod = (opts: { name?: string; node?: string; createdBy?: string } = {}): Pod => {
  const pod = makePod({
    name: opts.name,
    node: opts.node ?? 'worker-1',
    phase: 'Failed',
    containerStatuses: [
      { name: 'compute', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } },
    ],
  });
  if (opts.createdBy) pod.metadata!.labels!['kubevirt.io/created-by'] = opts.createdBy;
  (pod.spec!.containers as unknown[]) = [
    {
      name: 'compute',
      resources: { requests: { memory: '2294Mi' }, limits: { memory: '2294Mi' } },
    },
  ];
  return pod;
};

const exitedPod = (exitCode: number, node = 'worker-1', name?: string): Pod =>
  makePod({
    name,
    node,
    phase: 'Failed',
    containerStatuses: [{ name: 'compute', state: { terminated: { reason: 'Error', exitCode } } }],
  });

const crashed = (count = 1) =>
  makeEvent('VirtualMachineInstance', 'vm1', 'Stopped', 'The VirtualMachineInstance crashed.', {
    count,
  });

describe('vm.oom-killed', () => {
  it('names the pod, the node, the exit code and the memory limit of the killed launcher', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Stopped', memory: '2Gi' }), {
        vmi: makeVmi({ phase: 'Failed', node: 'worker-1' }),
        pods: [oomPod()],
      }),
    );
    expect(d.rootCause).toMatchObject({ category: 'CrashLoop', ruleId: 'vm.oom-killed' });
    expect(d.rootCause?.summary).toContain(
      '"virt-launcher-vm1-abcde" was OOM-killed on node worker-1',
    );
    expect(d.rootCause?.summary).toContain('exit code 137');
    expect(d.rootCause?.summary).toContain('memory limit is 2294Mi');
    expect(d.suggestions[0]).toMatchObject({ ruleId: 'vm.oom-killed' });
    expect(d.suggestions.flatMap((s) => s.commands).join('\n')).toMatch(
      /oc patch vm vm1 -n team-a --type=merge -p .*limits.*memory/,
    );
  });

  it('is only a note for a VM stopped on purpose', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ runStrategy: 'Halted', status: 'Stopped' }), { pods: [oomPod()] }),
    );
    expect(d.rootCause).toBeNull();
    expect(d.findings.find((f) => f.ruleId === 'vm.oom-killed')?.severity).toBe('info');
  });

  it('recognises a kernel OOM event naming QEMU on the VM node', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Starting' }), {
        vmi: makeVmi({ phase: 'Scheduling', node: 'worker-1' }),
        events: [
          makeEvent(
            'Node',
            'worker-1',
            'OOMKilling',
            'Out of memory: Killed process 4242 (qemu-kvm) total-vm:9000000kB, anon-rss:8000000kB, file-rss:0kB',
          ),
        ],
      }),
    );
    expect(d.rootCause).toMatchObject({ ruleId: 'vm.oom-killed' });
    expect(d.rootCause?.summary).toContain('qemu-kvm');
  });
});

describe('vmi.crashed / vmi.sync-failed', () => {
  it('explains a Failed VMI with the crash event and the compute exit code', () => {
    const d = diagnoseVm(
      makeSnapshot(makeVm({ runStrategy: 'Once', status: 'Stopped' }), {
        vmi: makeVmi({ phase: 'Failed', node: 'worker-2' }),
        pods: [exitedPod(139, 'worker-2')],
        events: [crashed(2)],
      }),
    );
    expect(d.rootCause).toMatchObject({ category: 'CrashLoop', ruleId: 'vmi.crashed' });
    expect(d.rootCause?.summary).toContain('failed on node worker-2');
    expect(d.rootCause?.summary).toContain('2 time(s)');
    expect(d.rootCause?.summary).toContain('exited with code 139');
    expect(d.rootCause?.summary).toContain('runStrategy Once does not restart it');
  });

  it('does not blame a failed migration target pod on another node', () => {
    const target = exitedPod(1, 'worker-3', 'virt-launcher-vm1-target');
    const d = diagnoseVm(
      makeSnapshot(makeVm({ status: 'Running' }), {
        vmi: makeVmi({ phase: 'Running', node: 'worker-1' }),
        pods: [
          makePod({
            name: 'virt-launcher-vm1-source',
            node: 'worker-1',
            phase: 'Running',
            containerStatuses: [{ name: 'compute', state: { running: {} } }],
          }),
          // The newer pod: the target of a migration that failed on another node.
          { ...target, metadata: { ...target.metadata, creationTimestamp: minutesAgo(1) } },
        ],
      }),
    );
    expect(d.findings.map((f) => f.ruleId)).not.toContain('vmi.crashed');
  });

  it('reports a sync error of a Failed VMI as the reason (Unknown category)', () => {
    const message = 'virt-launcher does not support the Secure Boot setting';
    const d = diagnoseVm(
      makeSnapshot(makeVm({ runStrategy: 'Once', status: 'Stopped' }), {
        vmi: makeVmi({
          phase: 'Failed',
          node: 'worker-1',
          conditions: [
            condition('Synchronized', 'False', 'Synchronizing with the Domain failed.', message),
          ],
        }),
      }),
    );
    expect(d.rootCause).toMatchObject({ category: 'Unknown', ruleId: 'vmi.sync-failed' });
    expect(d.rootCause?.summary).toContain(message);
  });
});

describe('vm.stuck-terminating', () => {
  const stopping = (node: ReturnType<typeof makeNode> | undefined, deletedMinutesAgo: number) => {
    const vmi = makeVmi({ phase: 'Running', node: 'worker-9' });
    vmi.metadata!.deletionTimestamp = minutesAgo(deletedMinutesAgo);
    const pod = makePod({ node: 'worker-9', phase: 'Running' });
    pod.metadata!.deletionTimestamp = minutesAgo(deletedMinutesAgo - 3.5);
    return makeSnapshot(makeVm({ runStrategy: 'Halted', status: 'Stopping' }), {
      vmi,
      pods: [pod],
      nodes: node ? [node] : [],
      nodesListed: true,
    });
  };
  const unreachable = () => {
    const node = makeNode('worker-9', [
      condition('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
    ]);
    node.spec = { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] };
    return node;
  };

  it('names the unreachable node of a long-overdue shutdown', () => {
    const d = diagnoseVm(stopping(unreachable(), 30));
    expect(d.rootCause).toMatchObject({ category: 'NodeProblem', ruleId: 'vm.stuck-terminating' });
    expect(d.rootCause?.summary).toContain('Stopping for 30 minutes');
    expect(d.rootCause?.summary).toContain('node "worker-9" is unreachable');
    expect(d.suggestions.map((s) => s.title)).toContain(
      'Remove the stuck launcher pod only once the node is surely down',
    );
  });

  it('names a node that no longer exists', () => {
    const d = diagnoseVm(stopping(undefined, 30));
    expect(d.rootCause?.ruleId).toBe('vm.stuck-terminating');
    expect(d.rootCause?.summary).toContain('node "worker-9" no longer exists');
  });

  it('waits for the grace period before calling a shutdown stuck', () => {
    const d = diagnoseVm(stopping(unreachable(), 4));
    expect(d.findings.map((f) => f.ruleId)).not.toContain('vm.stuck-terminating');
  });

  it('does not fire while the node is healthy (the shutdown is just slow)', () => {
    const d = diagnoseVm(stopping(makeNode('worker-9'), 30));
    expect(d.findings.map((f) => f.ruleId)).not.toContain('vm.stuck-terminating');
  });
});

describe('vmi.node-unresponsive', () => {
  it('blames the node whose virt-handler stopped responding, not the guest', () => {
    const vmi = makeVmi({ phase: 'Failed', node: 'worker-4' });
    (vmi.status as { reason?: string }).reason = 'NodeUnresponsive';
    const d = diagnoseVm(
      makeSnapshot(makeVm({ runStrategy: 'Once', status: 'Stopped' }), {
        vmi,
        events: [crashed()],
      }),
    );
    expect(d.rootCause).toMatchObject({ category: 'NodeProblem', ruleId: 'vmi.node-unresponsive' });
    expect(d.rootCause?.summary).toContain('virt-handler on node "worker-4" stopped responding');
  });
});

describe('node.kvm-unavailable', () => {
  const syncFailed = (message: string) =>
    makeSnapshot(makeVm({ status: 'Starting' }), {
      vmi: makeVmi({ phase: 'Scheduled', node: 'worker-5' }),
      events: [makeEvent('VirtualMachineInstance', 'vm1', 'SyncFailed', message, { count: 6 })],
    });

  it('names the node where libvirt finds no /dev/kvm', () => {
    const d = diagnoseVm(
      syncFailed(
        'server error. command SyncVMI failed: "LibvirtError(Code=67, Domain=10, Message=\'unsupported configuration: Domain requires KVM, but it is not available. Check that virtualization is enabled in the host BIOS, and host configuration is setup to load the kvm modules.\')"',
      ),
    );
    expect(d.rootCause).toMatchObject({ category: 'NodeProblem', ruleId: 'node.kvm-unavailable' });
    expect(d.rootCause?.summary).toContain('KVM is not usable on node "worker-5"');
    expect(d.suggestions[0].commands.join('\n')).toContain('oc debug node/worker-5');
  });

  it('leaves other sync errors alone', () => {
    const d = diagnoseVm(syncFailed('server error. command SyncVMI failed: disk not found'));
    expect(d.findings.map((f) => f.ruleId)).not.toContain('node.kvm-unavailable');
  });
});
