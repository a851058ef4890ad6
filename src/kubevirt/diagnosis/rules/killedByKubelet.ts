import { eventEvidence, eventsFor, objectEvidence, type RuleContext } from '../context';
import {
  KUBELET_REJECTED_REASON,
  LIVENESS_KILL,
  LIVENESS_PROBE_FAILED,
  NODE_LACKS_RESOURCE,
  OWN_LIMIT_EVICTION,
} from '../eventPatterns';
import { msg } from '../messages';
import type { Finding, K8sEvent } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * The kubelet ended the VM's launcher for a reason of the pod's own, not a crash of QEMU or the
 * guest and not a sick node:
 * - a failing liveness probe (kubernetes pkg/kubelet/prober: Warning `Unhealthy` "Liveness probe
 *   failed: %s", then `Killing` "Container %s failed liveness probe, will be restarted"); KubeVirt
 *   passes the VMI's livenessProbe to the launcher pod, so a probe aimed at a port the guest no
 *   longer serves kills a healthy VM every few minutes;
 * - an eviction for exceeding the pod's own ephemeral-storage limit (OWN_LIMIT_EVICTION): a
 *   containerDisk's writable layer or an emptyDir grew past the limit (often a LimitRange
 *   default). "The node was low on resource" is the node's problem instead.
 */

const launcherEvents = (ctx: RuleContext): K8sEvent[] => {
  const pods = new Set(ctx.pods.map((p) => p.metadata?.name));
  return eventsFor(ctx.snapshot, 'Pod').filter((e) => pods.has(e.involvedObject?.name));
};

export const killedByKubeletRule: DiagnosisRule = {
  id: 'killed-by-kubelet',
  category: 'CrashLoop',
  checkName: msg('The kubelet does not kill the VM (liveness probe, own storage limit)'),
  reads: ['Pod', 'Event'],
  evaluate: (ctx) => {
    const findings: Finding[] = [];
    // A VM that runs now survived whatever the kubelet did to an earlier launcher.
    if (ctx.printableStatus === 'Running') return findings;
    const events = launcherEvents(ctx);
    const probe = events.filter(
      (e) => e.reason === 'Unhealthy' && LIVENESS_PROBE_FAILED.test(e.message ?? ''),
    );
    const kills = events.filter(
      (e) => e.reason === 'Killing' && LIVENESS_KILL.test(e.message ?? ''),
    );
    if (probe.length > 0 && kills.length > 0) {
      findings.push(
        finding(
          'vm.liveness-probe-failed',
          'critical',
          'CrashLoop',
          msg(
            "The kubelet kills the VM's launcher because its liveness probe fails ({{message}}): the guest does not answer the probe the VM defines, so the VM restarts over and over.",
            { message: probe[0].message ?? '' },
          ),
          uniqueEvidence([...probe.slice(0, 2), ...kills.slice(0, 1)].map(eventEvidence)),
        ),
      );
    }
    const evicted = ctx.pods.find(
      (p) => p.status?.reason === 'Evicted' && OWN_LIMIT_EVICTION.test(p.status?.message ?? ''),
    );
    const evictions = events.filter(
      (e) => e.reason === 'Evicted' && OWN_LIMIT_EVICTION.test(e.message ?? ''),
    );
    const text = evicted?.status?.message ?? evictions[0]?.message;
    if (text) {
      findings.push(
        finding(
          'pod.ephemeral-limit-exceeded',
          'critical',
          'InsufficientResources',
          msg(
            "The kubelet evicted the VM's launcher for exceeding its own ephemeral-storage limit: {{message}} A containerDisk's writable layer or an emptyDir grows inside the pod; raise the limit (or the LimitRange default) or keep that data on a PersistentVolumeClaim.",
            { message: text.trim() },
          ),
          uniqueEvidence([
            ...(evicted
              ? [objectEvidence(evicted, 'Pod', 'status.message', evicted.status?.message)]
              : []),
            ...evictions.slice(0, 2).map(eventEvidence),
          ]),
        ),
      );
    }
    // kubelet admission (pkg/kubelet/lifecycle/predicate.go): reason OutOf<resource>, "Pod was
    // rejected: Node didn't have enough resource: %s, requested: %d, used: %d, capacity: %d" —
    // pods bound to the node outside the scheduler (or a stale view) took what the VM needed.
    const rejected = ctx.pods.find(
      (p) =>
        KUBELET_REJECTED_REASON.test(p.status?.reason ?? '') ||
        NODE_LACKS_RESOURCE.test(p.status?.message ?? ''),
    );
    if (rejected) {
      findings.push(
        finding(
          'pod.rejected-by-kubelet',
          'critical',
          'InsufficientResources',
          msg(
            'The kubelet on node {{node}} rejected the virt-launcher pod ({{reason}}): {{message}}',
            {
              node: rejected.spec?.nodeName ?? '?',
              reason: rejected.status?.reason ?? '',
              message: rejected.status?.message ?? '',
            },
          ),
          [objectEvidence(rejected, 'Pod', 'status.reason', rejected.status?.reason ?? '')],
        ),
      );
    }
    return findings;
  },
};
