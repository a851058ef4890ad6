import { joinMessages, msg, type Message } from '../messages';
import {
  eventsFor,
  findCondition,
  objectEvidence,
  observedNow,
  timeOf,
  vmEvidence,
  type RuleContext,
} from '../context';
import { durationMessage } from '../duration';
import type { Evidence, Finding, Node } from '../model';
import { admissionRefusals } from './admission';
import {
  analyzeScheduling,
  candidateText,
  exclusionsText,
  type FitReason,
  type SchedulingAnalysis,
} from './candidateNodes';
import { finding, uniqueEvidence, type DiagnosisRule } from './rule';

type Blocker = 'resources' | 'constraints' | 'other';

export interface SchedulingClause {
  count: number;
  text: string;
  blocker: Blocker;
}

const RESOURCES = /Insufficient|Too many pods|exceeded quota/i;
const CONSTRAINTS =
  /didn't match|untolerated taint|had taint|were unschedulable|affinity|didn't satisfy|didn't have free ports|didn't find available persistent volumes/i;

/**
 * Split a scheduler message ("0/3 nodes are available: 1 Insufficient memory, 2 node(s) didn't
 * match Pod's node affinity/selector. preemption: ...") into per-reason node counts.
 */
export const parseSchedulingMessage = (message: string): SchedulingClause[] => {
  const withoutPreemption = message.split(/\.?\s*preemption:/i)[0];
  const colon = withoutPreemption.indexOf(': ');
  const body =
    /nodes are available/i.test(withoutPreemption) && colon >= 0
      ? withoutPreemption.slice(colon + 2)
      : withoutPreemption;
  return body
    .split(/,\s+|\.\s+/)
    .map((part) => part.trim().replace(/\.$/, ''))
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d+)\s+(.*)$/.exec(part);
      const text = m ? m[2] : part;
      const blocker: Blocker = RESOURCES.test(text)
        ? 'resources'
        : CONSTRAINTS.test(text)
          ? 'constraints'
          : 'other';
      return { count: m ? Number(m[1]) : 1, text, blocker };
    });
};

const statusEvidence = (ctx: RuleContext): Evidence[] =>
  ctx.printableStatus === 'ErrorUnschedulable'
    ? [vmEvidence(ctx, 'status.printableStatus', 'ErrorUnschedulable')]
    : [];

const maxCount = (reasons: FitReason[]) => Math.max(0, ...reasons.map((r) => r.count));

/** Allocatable amount of the missing resources on the nodes the VM could use. */
const candidateCapacityEvidence = (
  ctx: RuleContext,
  a: SchedulingAnalysis,
  reasons: FitReason[],
): Evidence[] => {
  if (!a.candidates) return [];
  const wanted = new Set(a.candidates);
  const out: Evidence[] = [];
  for (const node of ctx.snapshot.nodes) {
    if (!wanted.has(node.metadata?.name ?? '')) continue;
    for (const r of reasons) {
      if (!r.resource) continue;
      const value = node.status?.allocatable?.[r.resource];
      out.push(
        objectEvidence(node, 'Node', `status.allocatable.${r.resource}`, value ?? 'not offered'),
      );
    }
  }
  return out.slice(0, 6);
};

/**
 * Unschedulable because the nodes the VM could use lack CPU, memory, hugepages or devices
 * (devices.kubevirt.io/*, nvidia.com/*...). See candidateNodes.ts for how those nodes are found.
 */
export const insufficientResourcesRule: DiagnosisRule = {
  id: 'scheduling-resources',
  category: 'InsufficientResources',
  checkName: msg('A node has enough CPU, memory and devices for the VM'),
  reads: ['Pod'],
  evaluate: (ctx) => {
    const refused = admissionRefusals(ctx);
    if (refused.length > 0) return refused;
    const a = analyzeScheduling(ctx);
    if (!a) return [];
    const reasons = a.parsed.reasons.filter(
      (r) => r.stage === 'fit' && r.category === 'InsufficientResources',
    );
    if (reasons.length === 0) return [];
    const texts = [...new Set(reasons.map((r) => r.text))].join(', ');
    const decisive = a.decisive === 'InsufficientResources';
    return [
      finding(
        'sched.insufficient-resources',
        decisive ? 'critical' : 'warning',
        'InsufficientResources',
        joinMessages([
          msg('The virt-launcher pod cannot be scheduled: {{reasons}} on {{nodes}}.', {
            reasons: texts,
            nodes: candidateText(a, maxCount(reasons)),
          }),
          ...present(exclusionsText(a), requestsText(ctx)),
        ]),
        uniqueEvidence([
          ...statusEvidence(ctx),
          ...a.evidence,
          ...requestEvidence(ctx),
          ...candidateCapacityEvidence(ctx, a, reasons),
        ]),
      ),
    ];
  },
};

/** Unschedulable because of node selectors, affinity, taints, cordoned nodes or pod affinity. */
export const schedulingConstraintRule: DiagnosisRule = {
  id: 'scheduling-constraints',
  category: 'SchedulingConstraint',
  checkName: msg('Node selectors, affinity and tolerations match some node'),
  reads: ['Pod'],
  evaluate: (ctx) => {
    const a = analyzeScheduling(ctx);
    const findings: Finding[] = [];
    const selectorEvidence = nodeSelectorEvidence(ctx);
    const reasons = a ? a.parsed.reasons.filter((r) => r.category === 'SchedulingConstraint') : [];
    if (a && reasons.length > 0) {
      const podLevel = reasons.filter((r) => r.stage === 'fit');
      const severity =
        a.decisive === 'SchedulingConstraint'
          ? 'critical'
          : // The placement leaves nodes for the VM; something else blocks them.
            podLevel.length > 0
            ? 'warning'
            : 'info';
      const count = reasons.reduce((n, r) => n + r.count, 0);
      findings.push(
        finding(
          'sched.constraints',
          severity,
          'SchedulingConstraint',
          joinMessages([
            msg('The virt-launcher pod cannot be scheduled: {{reasons}} ({{count}} node(s)).', {
              reasons: [...new Set(reasons.map((r) => r.text))].join(', '),
              count,
            }),
            ...present(
              cpuText(ctx, a),
              exclusionsText(a),
              a.candidates && a.decisive === 'SchedulingConstraint'
                ? a.candidates.length === 0
                  ? msg(
                      'No node remain(s) for the VM after its selectors, affinity and tolerations.',
                    )
                  : msg(
                      '{{count}} node(s) remain(s) for the VM after its selectors, affinity and tolerations.',
                      { count: a.candidates.length },
                    )
                : undefined,
            ),
          ]),
          uniqueEvidence([
            ...statusEvidence(ctx),
            ...a.evidence,
            ...selectorEvidence.evidence,
            ...cpuEvidence(ctx, a),
          ]),
        ),
      );
    } else if (!a && selectorEvidence.matchesNone && ctx.pods.some((p) => !p.spec?.nodeName)) {
      findings.push(
        finding(
          'sched.constraints',
          'critical',
          'SchedulingConstraint',
          msg("No node carries the labels required by the VM's nodeSelector."),
          uniqueEvidence([...statusEvidence(ctx), ...selectorEvidence.evidence]),
        ),
      );
    }
    const unserved = schedulerNotRunning(ctx);
    if (unserved) findings.push(unserved);
    return findings;
  },
};

/** kube-scheduler's own name; an empty spec.schedulerName is defaulted to it by the API server. */
const DEFAULT_SCHEDULER = 'default-scheduler';
/** A scheduler that runs binds a pod, or records why not, within seconds; minutes is silence. */
const UNSERVED_MINUTES = 5;

const stringField = (obj: unknown, field: string): string | undefined => {
  const value = (obj as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The VM asks for a scheduler by name (VMI spec.schedulerName, copied to the launcher pod by
 * virt-controller) and nothing answers: the pod stays Pending without a node, without a
 * PodScheduled condition and without a FailedScheduling event, because only the scheduler named
 * in spec.schedulerName ever writes those. No error text exists; the name and the silence are the
 * evidence. Timed by the cluster's clock (observedNow), so a later reading keeps the verdict.
 */
const schedulerNotRunning = (ctx: RuleContext): Finding | undefined => {
  const pod = ctx.pods[0];
  if (!pod || !ctx.wantsRunning || pod.spec?.nodeName || pod.metadata?.deletionTimestamp)
    return undefined;
  if ((pod.status?.phase ?? 'Pending') !== 'Pending') return undefined;
  const scheduler = stringField(pod.spec, 'schedulerName');
  if (!scheduler || scheduler === DEFAULT_SCHEDULER) return undefined;
  // Any verdict (a PodScheduled condition, a VMI condition, a scheduling event) means a
  // scheduler looked at the pod: the other scheduling findings speak for it.
  if (findCondition(pod, 'PodScheduled') || analyzeScheduling(ctx)) return undefined;
  const podName = pod.metadata?.name ?? '';
  if (
    eventsFor(ctx.snapshot, 'Pod', podName).some(
      (e) => e.reason === 'FailedScheduling' || e.reason === 'Scheduled',
    )
  )
    return undefined;
  const created = pod.metadata?.creationTimestamp;
  const minutes = created ? (observedNow(ctx.snapshot) - timeOf(created)) / 60000 : 0;
  if (minutes <= UNSERVED_MINUTES) return undefined;
  const vmScheduler = stringField(ctx.vm.spec?.template?.spec, 'schedulerName');
  const vmiScheduler = stringField(ctx.snapshot.vmi?.spec, 'schedulerName');
  return finding(
    'sched.scheduler-not-running',
    'critical',
    'SchedulingConstraint',
    msg(
      'The virt-launcher pod has waited {{duration}} for scheduler "{{scheduler}}" (spec.schedulerName), which never placed it nor reported why: no scheduler of that name appears to be running.',
      { duration: durationMessage(minutes), scheduler },
    ),
    uniqueEvidence([
      objectEvidence(pod, 'Pod', 'spec.schedulerName', scheduler),
      objectEvidence(pod, 'Pod', 'status.phase', pod.status?.phase ?? 'Pending'),
      ...(vmScheduler ? [vmEvidence(ctx, 'spec.template.spec.schedulerName', vmScheduler)] : []),
      ...(ctx.snapshot.vmi && vmiScheduler
        ? [
            objectEvidence(
              ctx.snapshot.vmi,
              'VirtualMachineInstance',
              'spec.schedulerName',
              vmiScheduler,
            ),
          ]
        : []),
    ]),
  );
};

/** KubeVirt's node-labeller publishes the CPU models and features a host offers as labels. */
const cpuText = (ctx: RuleContext, a: SchedulingAnalysis): Message | undefined => {
  if (a.cpuLabels.length === 0) return undefined;
  const offered = (label: string) =>
    ctx.snapshot.nodes.some((n) => n.metadata?.labels?.[label] !== undefined);
  const names = a.cpuLabels.map((l) => {
    const [prefix, value] = l.split('/');
    const what = prefix.startsWith('cpu-feature')
      ? msg('CPU feature {{value}}', { value })
      : prefix.startsWith('host-model')
        ? msg('host CPU model {{value}}', { value })
        : prefix.startsWith('cpu-vendor')
          ? msg('CPU vendor {{value}}', { value })
          : msg('CPU model {{value}}', { value });
    return ctx.snapshot.nodesListed && !offered(l)
      ? msg('{{requirement}} (offered by no node)', { requirement: what })
      : what;
  });
  return msg('The VM requires {{requirements}}.', { requirements: joinMessages(names, ', ') });
};

const cpuEvidence = (ctx: RuleContext, a: SchedulingAnalysis): Evidence[] =>
  a.cpuLabels.map((l) =>
    vmEvidence(
      ctx,
      `spec.template.spec.nodeSelector.${l}`,
      a.placement.nodeSelector[l] ?? 'required',
    ),
  );

const nodeSelectorEvidence = (ctx: RuleContext): { evidence: Evidence[]; matchesNone: boolean } => {
  const selector = ctx.vm.spec?.template?.spec?.nodeSelector ?? {};
  const entries = Object.entries(selector);
  if (entries.length === 0) return { evidence: [], matchesNone: false };
  const evidence = entries.map(([k, v]) =>
    vmEvidence(ctx, `spec.template.spec.nodeSelector.${k}`, v),
  );
  const matches = (n: Node) => entries.every(([k, v]) => n.metadata?.labels?.[k] === v);
  const matchesNone =
    !!ctx.snapshot.nodesListed &&
    ctx.snapshot.nodes.length > 0 &&
    !ctx.snapshot.nodes.some(matches);
  return { evidence, matchesNone };
};

const requestEvidence = (ctx: RuleContext): Evidence[] => {
  const domain = ctx.vm.spec?.template?.spec?.domain;
  const evidence: Evidence[] = [];
  const memory = domain?.resources?.requests?.memory ?? domain?.memory?.guest;
  if (memory)
    evidence.push(
      vmEvidence(
        ctx,
        domain?.resources?.requests?.memory
          ? 'spec.template.spec.domain.resources.requests.memory'
          : 'spec.template.spec.domain.memory.guest',
        memory,
      ),
    );
  const cpu = domain?.resources?.requests?.cpu;
  if (cpu) evidence.push(vmEvidence(ctx, 'spec.template.spec.domain.resources.requests.cpu', cpu));
  const page = domain?.memory?.hugepages?.pageSize;
  if (page)
    evidence.push(vmEvidence(ctx, 'spec.template.spec.domain.memory.hugepages.pageSize', page));
  (domain?.devices?.gpus ?? []).forEach((g, i) =>
    evidence.push(
      vmEvidence(ctx, `spec.template.spec.domain.devices.gpus[${i}].deviceName`, g.deviceName),
    ),
  );
  (domain?.devices?.hostDevices ?? []).forEach((g, i) =>
    evidence.push(
      vmEvidence(
        ctx,
        `spec.template.spec.domain.devices.hostDevices[${i}].deviceName`,
        g.deviceName,
      ),
    ),
  );
  return evidence;
};

const requestsText = (ctx: RuleContext): Message | undefined => {
  const label = (path = '', value = '') =>
    path.includes('hugepages')
      ? msg('hugepages of {{value}}', { value })
      : path.includes('memory')
        ? msg('memory {{value}}', { value })
        : path.includes('cpu')
          ? msg('cpu {{value}}', { value })
          : msg('device {{value}}', { value });
  const values = requestEvidence(ctx).map((e) => label(e.fieldPath, e.value));
  return values.length > 0
    ? msg('The VM requests {{requests}}.', { requests: joinMessages(values, ', ') })
    : undefined;
};

const present = (...parts: (Message | undefined)[]): Message[] =>
  parts.filter((p): p is Message => p !== undefined);
