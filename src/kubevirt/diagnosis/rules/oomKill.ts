import {
  eventEvidence,
  eventsFor,
  objectEvidence,
  timeOf,
  vmEvidence,
  vmNodeName,
  type RuleContext,
} from '../context';
import { joinMessages, msg, type Message } from '../messages';
import type { Evidence, Finding, K8sEvent, Pod, VirtualMachine } from '../model';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

/**
 * Kernel OOM kills of the VM's QEMU / virt-launcher processes. Sources of the patterns:
 * - the container runtime (CRI-O / containerd) reports a container killed by the cgroup OOM killer
 *   as `state.terminated.reason: OOMKilled` with `exitCode: 137` (SIGKILL); the launcher pod has
 *   `restartPolicy: Never`, so the pod ends Failed and virt-handler marks the VMI Failed
 *   (kubevirt pkg/virt-controller/watch/vmi/lifecycle.go "pod does not exist" / pod down);
 * - kubelet pkg/kubelet/oom/oom_watcher_linux.go: Warning `SystemOOM` "System OOM encountered,
 *   victim process: %s, pid: %d" on the Node (newer kubelets also on the Pod);
 * - node-problem-detector config/kernel-monitor.json: temporary problem `OOMKilling` with the
 *   kernel line "Killed process \d+ (.+) total-vm:…" ("Out of memory: Killed process 1234
 *   (qemu-kvm) …" / "Memory cgroup out of memory: Killed process …").
 */
const OOM_REASONS = new Set(['OOMKilling', 'SystemOOM', 'OOMKilled', 'OOM']);
const OOM_MESSAGE =
  /out of memory: kill(ed)? process|memory cgroup out of memory|system oom encountered|oom-?kill/i;
/** Processes of a virt-launcher pod (QEMU, libvirt, the launcher itself). */
const VM_PROCESS = /qemu|virt-launcher|virtqemud|libvirtd|virtlogd/i;

export interface OomKill {
  pod: Pod;
  podName: string;
  container: string;
  fieldPath: string;
  exitCode?: number;
  /** The kill belongs to the current VMI's pod. */
  current: boolean;
}

const isOomEvent = (e: K8sEvent): boolean =>
  OOM_REASONS.has(e.reason ?? '') || (e.type === 'Warning' && OOM_MESSAGE.test(e.message ?? ''));

/** Containers of the launcher pods that ended with reason OOMKilled (state or lastState). */
export const oomKilledContainers = (ctx: RuleContext): OomKill[] => {
  const vmiUid = ctx.snapshot.vmi?.metadata?.uid;
  const out: OomKill[] = [];
  ctx.pods.forEach((pod, podIndex) => {
    const createdBy = pod.metadata?.labels?.['kubevirt.io/created-by'];
    const current = vmiUid ? createdBy === vmiUid : podIndex === 0;
    for (const [list, field] of [
      [pod.status?.containerStatuses ?? [], 'containerStatuses'],
      [pod.status?.initContainerStatuses ?? [], 'initContainerStatuses'],
    ] as const) {
      list.forEach((s, i) => {
        for (const state of ['state', 'lastState'] as const) {
          const t = s[state]?.terminated;
          if (t?.reason !== 'OOMKilled') continue;
          out.push({
            pod,
            podName: pod.metadata?.name ?? '',
            container: s.name,
            fieldPath: `status.${field}[${i}].${state}.terminated.reason`,
            ...(t.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
            current,
          });
          break;
        }
      });
    }
  });
  return out;
};

/** OOM events about the launcher pods or the VMI, and kernel OOM events of the VM's node naming QEMU. */
export const oomEvents = (ctx: RuleContext): K8sEvent[] => {
  const podNames = new Set(ctx.pods.map((p) => p.metadata?.name));
  const node = vmNodeName(ctx);
  return [
    ...eventsFor(ctx.snapshot, 'Pod').filter(
      (e) => podNames.has(e.involvedObject?.name) && isOomEvent(e),
    ),
    ...eventsFor(ctx.snapshot, 'VirtualMachineInstance', ctx.name).filter(isOomEvent),
    ...(node
      ? eventsFor(ctx.snapshot, 'Node', node).filter(
          (e) => isOomEvent(e) && VM_PROCESS.test(e.message ?? ''),
        )
      : []),
  ];
};

export const hasOomEvidence = (ctx: RuleContext): boolean =>
  oomKilledContainers(ctx).length > 0 ||
  oomEvents(ctx).length > 0 ||
  /OOM/i.test(ctx.snapshot.vmi?.status?.reason ?? '');

interface PodContainerSpec {
  name: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

const computeResources = (pod: Pod | undefined, container: string) =>
  ((pod?.spec?.containers ?? []) as PodContainerSpec[]).find((c) => c.name === container)
    ?.resources;

type Domain = NonNullable<
  NonNullable<NonNullable<NonNullable<VirtualMachine['spec']>['template']>['spec']>['domain']
>;

const guestMemory = (ctx: RuleContext): string | undefined => {
  const vmiDomain = (ctx.snapshot.vmi?.spec as { domain?: Domain } | undefined)?.domain;
  for (const d of [vmiDomain, ctx.vm.spec?.template?.spec?.domain]) {
    const value = d?.memory?.guest ?? d?.resources?.requests?.memory;
    if (value) return value;
  }
  return undefined;
};

/**
 * The virt-launcher pod (QEMU and its overhead) was killed by the kernel for memory: the container
 * limit does not cover guest memory plus overhead, or the node ran out of memory. Shown even when
 * the VM is momentarily Running again (RerunOnFailure/Always restart it), because the next kill is
 * a matter of guest load.
 */
export const oomKillRule: DiagnosisRule = {
  id: 'oom-kill',
  category: 'CrashLoop',
  checkName: msg('The virt-launcher pod was not killed for memory (OOM)'),
  reads: ['Pod', 'Event'],
  evaluate: (ctx) => {
    const kills = oomKilledContainers(ctx);
    const events = oomEvents(ctx);
    const vmiReason = ctx.snapshot.vmi?.status?.reason;
    const vmiSaysOom = /OOM/i.test(vmiReason ?? '');
    if (kills.length === 0 && events.length === 0 && !vmiSaysOom) return [];

    const kill = kills.find((k) => k.current) ?? kills[0];
    const node = kill?.pod.spec?.nodeName ?? vmNodeName(ctx) ?? 'unknown';
    const vmi = ctx.snapshot.vmi;
    const vmiFailed = vmi?.status?.phase === 'Failed';
    const eventCount = events.reduce((n, e) => n + (e.count ?? 1), 0);
    const evidence: Evidence[] = [
      ...kills
        .slice(0, 2)
        .map((k) =>
          objectEvidence(
            k.pod,
            'Pod',
            k.fieldPath,
            `${k.container}: OOMKilled${k.exitCode !== undefined ? ` (exit code ${k.exitCode})` : ''}`,
          ),
        ),
      ...events.slice(0, 3).map(eventEvidence),
      ...(vmiSaysOom && vmi
        ? [objectEvidence(vmi, 'VirtualMachineInstance', 'status.reason', vmiReason)]
        : []),
      ...(vmiFailed && vmi
        ? [objectEvidence(vmi, 'VirtualMachineInstance', 'status.phase', 'Failed')]
        : []),
    ];

    const sentences: Message[] = [];
    if (kill) {
      sentences.push(
        msg(
          'The virt-launcher pod "{{pod}}" was OOM-killed on node {{node}}: its {{container}} container ended with reason OOMKilled (exit code {{exitCode}}).',
          {
            pod: kill.podName,
            node,
            container: kill.container,
            exitCode: kill.exitCode ?? 137,
          },
        ),
      );
    } else {
      const latest = [...events].sort(
        (a, b) => timeOf(b.lastTimestamp ?? undefined) - timeOf(a.lastTimestamp ?? undefined),
      )[0];
      sentences.push(
        msg(
          'The kernel OOM killer ended the VM\'s QEMU/virt-launcher process on node {{node}} ({{reason}}: "{{message}}").',
          {
            node,
            reason: latest?.reason ?? 'OOM',
            message: latest?.message ?? vmiReason ?? '',
          },
        ),
      );
    }
    const resources = computeResources(kill?.pod ?? ctx.pods[0], kill?.container ?? 'compute');
    const limit = resources?.limits?.memory;
    const request = resources?.requests?.memory;
    const guest = guestMemory(ctx);
    if (limit)
      sentences.push(
        msg(
          'The container memory limit is {{limit}} (request {{request}}) for a guest of {{guest}}: guest memory plus the QEMU/virt-launcher overhead did not fit in it.',
          { limit, request: request ?? 'none', guest: guest ?? 'unknown size' },
        ),
      );
    else if (request || guest)
      sentences.push(
        msg(
          'The container has no memory limit (request {{request}}, guest {{guest}}): the node ran short of memory and the kernel killed the VM process.',
          { request: request ?? 'none', guest: guest ?? 'unknown size' },
        ),
      );
    const overcommit = (
      ctx.vm.spec?.template?.spec?.domain?.resources as
        { overcommitGuestOverhead?: boolean } | undefined
    )?.overcommitGuestOverhead;
    if (overcommit) {
      sentences.push(
        msg(
          'spec.template.spec.domain.resources.overcommitGuestOverhead is true, so the overhead is not part of the memory request.',
        ),
      );
      evidence.push(
        vmEvidence(ctx, 'spec.template.spec.domain.resources.overcommitGuestOverhead', 'true'),
      );
    }
    const crashes = eventsFor(ctx.snapshot, 'VirtualMachineInstance', ctx.name).filter(
      (e) => e.reason === 'Stopped' && e.type === 'Warning' && /crashed/i.test(e.message ?? ''),
    );
    const crashCount = crashes.reduce((n, e) => n + (e.count ?? 1), 0);
    evidence.push(...crashes.slice(0, 1).map(eventEvidence));
    const failCount = Number(
      (ctx.vm.status?.startFailure as { consecutiveFailCount?: number } | undefined)
        ?.consecutiveFailCount ?? 0,
    );
    if (failCount > 0)
      evidence.push(vmEvidence(ctx, 'status.startFailure.consecutiveFailCount', String(failCount)));
    if (ctx.wantsRunning && (ctx.runStrategy === 'Always' || ctx.runStrategy === 'RerunOnFailure'))
      sentences.push(
        msg(
          'runStrategy {{runStrategy}} starts the VM again, so it keeps being killed while the guest uses its memory.',
          { runStrategy: ctx.runStrategy },
        ),
      );

    // Stopped on purpose (no VMI left, or a stop request): history, not a problem now.
    const onPurpose = !ctx.wantsRunning && (!vmi || vmi.status?.phase !== 'Running');
    const runningNow = ctx.printableStatus === 'Running' && vmi?.status?.phase === 'Running';
    const podDown = kill?.current === true;
    const repeated = kills.length + eventCount + crashCount + failCount >= 2;
    const severity = onPurpose
      ? 'info'
      : !runningNow || podDown || repeated || vmiFailed || kills.length > 0
        ? 'critical'
        : 'warning';
    return [
      finding(
        'vm.oom-killed',
        severity,
        'CrashLoop',
        joinMessages(sentences),
        uniqueEvidence(evidence),
      ),
    ] satisfies Finding[];
  },
};
