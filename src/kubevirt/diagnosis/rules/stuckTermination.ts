import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  minutesSince,
  observedMinutesSince,
  objectEvidence,
  timeOf,
  vmEvidence,
  vmNodeName,
  type RuleContext,
  vmiNodeEvidence,
} from '../context';
import { durationMessage } from '../duration';
import { joinMessages, msg, type Message } from '../messages';
import type { Evidence, Finding, Node, Pod } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * Sources of the facts this rule reads:
 * - kube-controller-manager node lifecycle controller (pkg/controller/nodelifecycle): a node whose
 *   kubelet stops reporting gets Ready=Unknown, reason `NodeStatusUnknown`, "Kubelet stopped
 *   posting node status.", and the taints `node.kubernetes.io/unreachable` (NoSchedule,
 *   NoExecute); a kubelet that reports NotReady gives `node.kubernetes.io/not-ready`;
 *   pkg/controller/util/node `MarkPodsNotReady` records Warning `NodeNotReady` "Node is not ready"
 *   on its pods; the taint eviction controller records `TaintManagerEviction` "Marking for deletion
 *   Pod …" once the pod's toleration (300 s by default) runs out;
 * - the API server keeps a pod with a deletionTimestamp until the kubelet of its node confirms it
 *   is gone, so on an unreachable node the pod — and the VMI (finalizer
 *   `kubevirt.io/foregroundDeleteVirtualMachine`) and the VM (printableStatus Stopping /
 *   Terminating, kubevirt pkg/virt-controller/watch/vm setPrintableStatus) — stay forever;
 * - virt-handler refreshes the node annotation `kubevirt.io/heartbeat` and sets the label
 *   `kubevirt.io/schedulable=false` when it stops (pkg/virt-handler/heartbeat): without it nobody
 *   shuts the domain down.
 */
const UNHEALTHY_TAINTS = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'];
/** Minutes past the grace period before a shutdown counts as stuck. */
const OVERDUE_MINUTES = 5;
/** virt-handler heartbeats every minute; five missed ones mean it is not running. */
const HEARTBEAT_STALE_MINUTES = 5;
const DEFAULT_GRACE_SECONDS = 180;

const isFinished = (pod: Pod): boolean =>
  pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

interface Shutdown {
  since: string;
  evidence: Evidence;
  pod?: Pod;
  overdueMinutes: number;
}

/** The oldest pending deletion among the VM, the VMI and the launcher pods still running. */
const pendingShutdown = (ctx: RuleContext): Shutdown | undefined => {
  const { vm } = ctx;
  const vmi = ctx.snapshot.vmi;
  const grace =
    Number(
      (vmi?.spec as { terminationGracePeriodSeconds?: number } | undefined)
        ?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
    ) / 60;
  const candidates: Shutdown[] = [];
  const add = (since: string | undefined, evidence: Evidence, graceMinutes: number, pod?: Pod) => {
    if (!since) return;
    const overdue = observedMinutesSince(ctx, since) - graceMinutes;
    if (overdue > OVERDUE_MINUTES)
      candidates.push({ since, evidence, overdueMinutes: overdue, ...(pod ? { pod } : {}) });
  };
  if (ctx.printableStatus === 'Terminating' || ctx.printableStatus === 'Stopping') {
    add(
      vm.metadata?.deletionTimestamp,
      vmEvidence(ctx, 'metadata.deletionTimestamp', vm.metadata?.deletionTimestamp),
      grace,
    );
  }
  if (
    vmi?.metadata?.deletionTimestamp &&
    vmi.status?.phase !== 'Failed' &&
    vmi.status?.phase !== 'Succeeded'
  )
    add(
      vmi.metadata.deletionTimestamp,
      objectEvidence(
        vmi,
        'VirtualMachineInstance',
        'metadata.deletionTimestamp',
        vmi.metadata.deletionTimestamp,
      ),
      grace,
    );
  for (const pod of ctx.pods) {
    if (!pod.metadata?.deletionTimestamp || isFinished(pod)) continue;
    // A pod's deletionTimestamp already includes its grace period.
    add(
      pod.metadata.deletionTimestamp,
      objectEvidence(pod, 'Pod', 'metadata.deletionTimestamp', pod.metadata.deletionTimestamp),
      0,
      pod,
    );
  }
  return candidates.sort((a, b) => timeOf(a.since) - timeOf(b.since))[0];
};

interface NodeVerdict {
  problem: Message;
  evidence: Evidence[];
}

/** Why the node cannot finish the shutdown, from the Node object (when it could be read). */
const nodeVerdict = (ctx: RuleContext, nodeName: string): NodeVerdict | undefined => {
  const presence = ctx.lookup('Node', nodeName);
  if (presence.state === 'notFound')
    return {
      problem: msg('node "{{node}}" no longer exists', { node: nodeName }),
      evidence: [{ kind: 'Node', name: nodeName, value: 'not found' }],
    };
  if (presence.state !== 'present') return undefined;
  const node = presence.object as Node;
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const taints = (node.spec?.taints ?? []).filter((t) => UNHEALTHY_TAINTS.includes(t.key));
  const evidence: Evidence[] = [];
  if (ready && ready.status !== 'True') evidence.push(conditionEvidence(node, 'Node', ready));
  if (taints.length > 0)
    evidence.push(
      objectEvidence(
        node,
        'Node',
        'spec.taints',
        [...new Set(taints.map((t) => `${t.key}:${t.effect}`))].join(', '),
      ),
    );
  if (evidence.length > 0) {
    const taint = taints[0]?.key;
    return {
      problem:
        taint === 'node.kubernetes.io/unreachable'
          ? msg('node "{{node}}" is unreachable (Ready={{ready}}, taint {{taint}})', {
              node: nodeName,
              ready: ready?.status ?? 'Unknown',
              taint,
            })
          : msg('node "{{node}}" is not ready (Ready={{ready}}: {{reason}})', {
              node: nodeName,
              ready: ready?.status ?? 'Unknown',
              reason: ready?.message ?? ready?.reason ?? taint ?? '',
            }),
      evidence,
    };
  }
  const heartbeat = node.metadata?.annotations?.['kubevirt.io/heartbeat'];
  const handlerDown =
    node.metadata?.labels?.['kubevirt.io/schedulable'] === 'false' &&
    (!heartbeat || minutesSince(ctx, heartbeat) > HEARTBEAT_STALE_MINUTES);
  if (handlerDown)
    return {
      problem: msg(
        'virt-handler is not running on node "{{node}}" (kubevirt.io/schedulable=false, last heartbeat {{heartbeat}}), so nothing shuts the domain down',
        { node: nodeName, heartbeat: heartbeat ?? 'never' },
      ),
      evidence: [
        objectEvidence(node, 'Node', 'metadata.labels.kubevirt.io/schedulable', 'false'),
        objectEvidence(node, 'Node', 'metadata.annotations.kubevirt.io/heartbeat', heartbeat ?? ''),
      ],
    };
  return undefined;
};

/**
 * A shutdown (VM deleted or stopped, VMI or launcher pod deleted) that is long overdue because the
 * node running the VM cannot confirm it: unreachable, not ready, deleted, or without virt-handler.
 * Names the node: the fix is on the node (or fencing it), not on the VM.
 */
export const stuckTerminationRule: DiagnosisRule = {
  id: 'stuck-termination',
  category: 'NodeProblem',
  checkName: msg('The VM is not stuck shutting down on an unreachable node'),
  reads: ['Pod', 'Node'],
  evaluate: (ctx) => {
    const shutdown = pendingShutdown(ctx);
    if (!shutdown) return [];
    const nodeName = shutdown.pod?.spec?.nodeName ?? vmNodeName(ctx);
    if (!nodeName) return [];
    const pod = shutdown.pod ?? ctx.pods.find((p) => p.spec?.nodeName === nodeName);
    const podEvents = pod
      ? eventsFor(ctx.snapshot, 'Pod', pod.metadata?.name).filter((e) =>
          ['NodeNotReady', 'TaintManagerEviction', 'NodeUnreachable'].includes(e.reason ?? ''),
        )
      : [];
    const verdict =
      nodeVerdict(ctx, nodeName) ??
      (podEvents.length > 0
        ? {
            problem: msg('node "{{node}}" is not ready ({{reason}}: {{message}})', {
              node: nodeName,
              reason: podEvents[0].reason ?? '',
              message: podEvents[0].message ?? '',
            }),
            evidence: [],
          }
        : undefined);
    if (!verdict) return [];
    const minutes = observedMinutesSince(ctx, shutdown.since);
    const podTerminating = !!pod?.metadata?.deletionTimestamp && !isFinished(pod);
    const shuttingDown =
      ctx.printableStatus === 'Stopping' || ctx.printableStatus === 'Terminating';
    const podName = pod?.metadata?.name ?? '';
    const message = shuttingDown
      ? joinMessages([
          msg('The VM has been {{status}} for {{duration}} and cannot finish: {{problem}}.', {
            status: ctx.printableStatus,
            duration: durationMessage(minutes),
            problem: verdict.problem,
          }),
          ...(podTerminating
            ? [
                msg(
                  'The virt-launcher pod "{{pod}}" stays Terminating until the node confirms it is gone.',
                  { pod: podName },
                ),
              ]
            : []),
        ])
      : podName
        ? msg(
            'The VM reads {{status}}, but its virt-launcher pod "{{pod}}" has been terminating for {{duration}}: {{problem}}, so the guest is not running anywhere.',
            {
              status: ctx.printableStatus,
              pod: podName,
              duration: durationMessage(minutes),
              problem: verdict.problem,
            },
          )
        : msg(
            'The VM reads {{status}}, but its VirtualMachineInstance has been deleting for {{duration}}: {{problem}}.',
            {
              status: ctx.printableStatus,
              duration: durationMessage(minutes),
              problem: verdict.problem,
            },
          );
    return [
      finding(
        'vm.stuck-terminating',
        'critical',
        'NodeProblem',
        message,
        uniqueEvidence([
          ...verdict.evidence,
          shutdown.evidence,
          ...vmiNodeEvidence(ctx, nodeName),
          ...podEvents.slice(0, 2).map(eventEvidence),
        ]),
      ),
    ] satisfies Finding[];
  },
};
