import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  objectEvidence,
  vmEvidence,
  vmNodeName,
  type RuleContext,
} from '../context';
import { joinMessages, msg, type Message } from '../messages';
import type { ContainerStatus, Evidence, Finding, Pod } from '../model';
import { hasOomEvidence } from './oomKill';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * Message patterns and their sources (kubevirt/kubevirt):
 * - pkg/virt-handler/controller.go `VMICrashed` = "The VirtualMachineInstance crashed.", recorded by
 *   pkg/virt-handler/vm.go as Warning `Stopped` when the domain ends in a crashed state
 *   (`VMIShutdown` "The VirtualMachineInstance was shut down." is the Normal, clean case);
 * - pkg/virt-handler/vm.go: Warning `SyncFailed` with the sync error (libvirt/qemu text), and the VMI
 *   condition `Synchronized=False` with reason "Synchronizing with the Domain failed."; a
 *   critical network / secure-boot / irrecoverable error sets the VMI phase Failed;
 * - pkg/virt-controller/watch/vmi/lifecycle.go: a VMI whose launcher pod is down or gone is set
 *   Failed ("setting VMI to failed while running because pod does not exist"); its Ready condition
 *   says reason `PodTerminating` "virt-launcher pod is terminating" while the pod goes down.
 * The compute container's own termination (reason `Error`, exit code) comes from the kubelet.
 */
const CRASH_MESSAGE = /crashed/i;

interface ContainerExit {
  pod: Pod;
  index: number;
  status: ContainerStatus;
  reason: string;
  exitCode: number;
}

/** The compute container of the current launcher pod ended with a non-zero exit code. */
const computeExit = (ctx: RuleContext): ContainerExit | undefined => {
  const vmiUid = ctx.snapshot.vmi?.metadata?.uid;
  const node = ctx.snapshot.vmi?.status?.nodeName;
  const ofVmi = ctx.pods.filter(
    (p) => !vmiUid || p.metadata?.labels?.['kubevirt.io/created-by'] === vmiUid,
  );
  // The pod on the VMI's node: a failed migration target elsewhere is not the VM dying.
  const pod = (node ? ofVmi.find((p) => p.spec?.nodeName === node) : undefined) ?? ofVmi[0];
  if (!pod) return undefined;
  const statuses = pod.status?.containerStatuses ?? [];
  const index = statuses.findIndex((s) => s.name === 'compute');
  if (index < 0) return undefined;
  const t = statuses[index].state?.terminated ?? statuses[index].lastState?.terminated;
  if (!t || t.exitCode === undefined || t.exitCode === 0) return undefined;
  return { pod, index, status: statuses[index], reason: t.reason ?? 'Error', exitCode: t.exitCode };
};

/**
 * The VM fails before it ever runs (kubevirt pkg/virt-controller/watch/vm/vm.go
 * syncStartFailureStatus: `status.startFailure.consecutiveFailCount`, printableStatus
 * CrashLoopBackOff) and virt-handler said why: Warning `SyncFailed` with the libvirt/QEMU error.
 */
const startFailure = (ctx: RuleContext): Finding | undefined => {
  const failCount = Number(
    (ctx.vm.status?.startFailure as { consecutiveFailCount?: number } | undefined)
      ?.consecutiveFailCount ?? 0,
  );
  if (failCount === 0 && ctx.printableStatus !== 'CrashLoopBackOff') return undefined;
  if (hasOomEvidence(ctx)) return undefined;
  const syncFailed = eventsFor(ctx.snapshot, 'VirtualMachineInstance', ctx.name).filter(
    (e) => e.reason === 'SyncFailed' && e.type === 'Warning' && e.message,
  );
  if (syncFailed.length === 0) return undefined;
  return finding(
    'vmi.start-failed',
    'critical',
    'CrashLoop',
    msg(
      'The VM fails at every start ({{count}} consecutive failure(s), status {{status}}): virt-handler could not start the domain: {{message}}',
      {
        count: failCount,
        status: ctx.printableStatus,
        message: syncFailed[0].message ?? '',
      },
    ),
    uniqueEvidence([
      ...(failCount > 0
        ? [vmEvidence(ctx, 'status.startFailure.consecutiveFailCount', String(failCount))]
        : []),
      vmEvidence(ctx, 'status.printableStatus', ctx.printableStatus),
      ...syncFailed.slice(0, 2).map(eventEvidence),
    ]),
  );
};

/**
 * kubevirt pkg/virt-controller/watch/node/node.go: when virt-handler on a node stops sending
 * heartbeats, virt-controller marks its VMIs Failed with `status.reason: NodeUnresponsive` and the
 * event Normal `NodeUnresponsive` "virt-handler on node %s is not responsive, marking VMI as
 * failed" (the node itself gets "virt-handler is not responsive, marking node as unresponsive").
 */
const nodeUnresponsive = (ctx: RuleContext): Finding | undefined => {
  const vmi = ctx.snapshot.vmi;
  if (!vmi || vmi.status?.phase !== 'Failed') return undefined;
  const events = eventsFor(ctx.snapshot, 'VirtualMachineInstance', ctx.name).filter(
    (e) => e.reason === 'NodeUnresponsive',
  );
  if (vmi.status?.reason !== 'NodeUnresponsive' && events.length === 0) return undefined;
  const node = vmi.status?.nodeName ?? vmNodeName(ctx) ?? 'unknown';
  return finding(
    'vmi.node-unresponsive',
    'critical',
    'NodeProblem',
    msg(
      'The VirtualMachineInstance was marked Failed because virt-handler on node "{{node}}" stopped responding (NodeUnresponsive): the node or its virt-handler is down.',
      { node },
    ),
    uniqueEvidence([
      objectEvidence(vmi, 'VirtualMachineInstance', 'status.reason', vmi.status?.reason ?? ''),
      objectEvidence(vmi, 'VirtualMachineInstance', 'status.nodeName', node),
      ...events.slice(0, 1).map(eventEvidence),
    ]),
  );
};

/**
 * The VirtualMachineInstance failed (or its launcher pod died under a VMI still marked Running) and
 * KubeVirt says why: the domain crashed, the compute container exited with an error, or
 * virt-handler could not synchronise the domain. Memory kills are left to `vm.oom-killed`; a
 * Failed VMI without any such evidence stays the generic `vmi.failed`.
 */
export const vmiFailedRule: DiagnosisRule = {
  id: 'vmi-failed',
  category: 'CrashLoop',
  checkName: msg('The VirtualMachineInstance did not crash or fail'),
  reads: ['Pod', 'Event'],
  evaluate: (ctx) => {
    const vmi = ctx.snapshot.vmi;
    if (!ctx.wantsRunning) return [];
    if (!vmi || vmi.status?.phase === 'Failed' || vmi.status?.phase === 'Succeeded') {
      const start = startFailure(ctx);
      if (start) return [start];
    }
    if (!vmi) return [];
    const unresponsive = nodeUnresponsive(ctx);
    if (unresponsive) return [unresponsive];
    if (hasOomEvidence(ctx)) return [];
    const phase = vmi.status?.phase;
    const exit = computeExit(ctx);
    const ready = findCondition(vmi, 'Ready');
    const podDown =
      phase === 'Running' &&
      !!exit &&
      (ready?.status === 'False' || exit.status.state?.terminated !== undefined);
    if (phase !== 'Failed' && !podDown) return [];

    const crashes = eventsFor(ctx.snapshot, 'VirtualMachineInstance', ctx.name).filter(
      (e) => e.reason === 'Stopped' && e.type === 'Warning' && CRASH_MESSAGE.test(e.message ?? ''),
    );
    const syncFailed = eventsFor(ctx.snapshot, 'VirtualMachineInstance', ctx.name).filter(
      (e) => e.reason === 'SyncFailed' && e.type === 'Warning',
    );
    const synchronized = findCondition(vmi, 'Synchronized');
    const syncError =
      synchronized?.status === 'False' ? (synchronized.message ?? synchronized.reason) : undefined;
    if (crashes.length === 0 && !exit && syncFailed.length === 0 && !syncError) return [];

    const node = vmi.status?.nodeName ?? exit?.pod.spec?.nodeName ?? vmNodeName(ctx) ?? 'unknown';
    const crashCount = crashes.reduce((n, e) => n + (e.count ?? 1), 0);
    const evidence: Evidence[] = [
      objectEvidence(vmi, 'VirtualMachineInstance', 'status.phase', phase),
      ...crashes.slice(0, 2).map(eventEvidence),
      ...(exit
        ? [
            objectEvidence(
              exit.pod,
              'Pod',
              `status.containerStatuses[${exit.index}].${exit.status.state?.terminated ? 'state' : 'lastState'}.terminated`,
              `compute: ${exit.reason} (exit code ${exit.exitCode})`,
            ),
          ]
        : []),
      ...syncFailed.slice(0, 2).map(eventEvidence),
      ...(synchronized?.status === 'False'
        ? [conditionEvidence(vmi, 'VirtualMachineInstance', synchronized)]
        : []),
      ...(podDown && ready ? [conditionEvidence(vmi, 'VirtualMachineInstance', ready)] : []),
    ];

    const sentences: Message[] = [];
    const crashed = crashCount > 0 || !!exit;
    if (podDown)
      sentences.push(
        msg(
          'The VM reads {{status}}, but its virt-launcher pod "{{pod}}" on node {{node}} has stopped: the compute container exited with code {{exitCode}} ({{reason}}).',
          {
            status: ctx.printableStatus,
            pod: exit?.pod.metadata?.name ?? '',
            node,
            exitCode: exit?.exitCode ?? 0,
            reason: exit?.reason ?? '',
          },
        ),
      );
    else sentences.push(msg('The VirtualMachineInstance failed on node {{node}}.', { node }));
    if (crashCount > 0)
      sentences.push(
        msg('virt-handler reported "The VirtualMachineInstance crashed." {{count}} time(s).', {
          count: crashCount,
        }),
      );
    if (exit && !podDown)
      sentences.push(
        msg('The compute container of pod "{{pod}}" exited with code {{exitCode}} ({{reason}}).', {
          pod: exit.pod.metadata?.name ?? '',
          exitCode: exit.exitCode,
          reason: exit.reason,
        }),
      );
    const syncMessage = syncFailed[0]?.message ?? syncError;
    if (syncMessage)
      sentences.push(
        msg('virt-handler could not synchronise the domain: {{message}}', {
          message: syncMessage,
        }),
      );
    sentences.push(
      ctx.runStrategy === 'Always' || ctx.runStrategy === 'RerunOnFailure'
        ? msg('runStrategy {{runStrategy}} restarts it, so it can fail again the same way.', {
            runStrategy: ctx.runStrategy,
          })
        : msg(
            'runStrategy {{runStrategy}} does not restart it: start the VM again once the cause is fixed.',
            { runStrategy: ctx.runStrategy },
          ),
    );
    return [
      finding(
        crashed ? 'vmi.crashed' : 'vmi.sync-failed',
        'critical',
        crashed ? 'CrashLoop' : 'Unknown',
        joinMessages(sentences),
        uniqueEvidence(evidence),
      ),
    ] satisfies Finding[];
  },
};
