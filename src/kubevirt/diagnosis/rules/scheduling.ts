import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  vmEvidence,
  type RuleContext,
} from '../context';
import type { Evidence, Finding, Node } from '../model';
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

interface SchedulingSignal {
  message: string;
  evidence: Evidence;
}

const signals = (ctx: RuleContext): SchedulingSignal[] => {
  const out: SchedulingSignal[] = [];
  const pod =
    ctx.pods.find((p) => !p.spec?.nodeName) ??
    (ctx.pods[0]?.status?.phase === 'Pending' ? ctx.pods[0] : undefined);
  const podCondition = findCondition(pod, 'PodScheduled');
  if (pod && podCondition?.status === 'False' && podCondition.message) {
    out.push({
      message: podCondition.message,
      evidence: conditionEvidence(pod, 'Pod', podCondition),
    });
  }
  const vmiCondition = findCondition(ctx.snapshot.vmi, 'PodScheduled');
  if (ctx.snapshot.vmi && vmiCondition?.status === 'False' && vmiCondition.message) {
    out.push({
      message: vmiCondition.message,
      evidence: conditionEvidence(ctx.snapshot.vmi, 'VirtualMachineInstance', vmiCondition),
    });
  }
  const podNames = new Set(
    ctx.pods
      .filter((p) => !p.spec?.nodeName || p.status?.phase === 'Pending')
      .map((p) => p.metadata?.name),
  );
  for (const e of eventsFor(ctx.snapshot, 'Pod')
    .filter((ev) => ev.reason === 'FailedScheduling' && podNames.has(ev.involvedObject?.name))
    .slice(0, 2)) {
    out.push({ message: e.message ?? '', evidence: eventEvidence(e) });
  }
  return out;
};

const tally = (ctx: RuleContext) => {
  const all = signals(ctx);
  // The freshest, most detailed message decides (events carry node counts, conditions may not).
  const primary = [...all].sort(
    (a, b) => parseSchedulingMessage(b.message).length - parseSchedulingMessage(a.message).length,
  )[0];
  const clauses = primary ? parseSchedulingMessage(primary.message) : [];
  const sum = (b: Blocker) =>
    clauses.filter((c) => c.blocker === b).reduce((n, c) => n + c.count, 0);
  return { all, clauses, resources: sum('resources'), constraints: sum('constraints') };
};

const statusEvidence = (ctx: RuleContext): Evidence[] =>
  ctx.printableStatus === 'ErrorUnschedulable'
    ? [vmEvidence(ctx, 'status.printableStatus', 'ErrorUnschedulable')]
    : [];

/** Unschedulable because no node has enough CPU, memory, hugepages or devices. */
export const insufficientResourcesRule: DiagnosisRule = {
  id: 'scheduling-resources',
  category: 'InsufficientResources',
  checkName: 'A node has enough CPU, memory and devices for the VM',
  evaluate: (ctx) => {
    const t = tally(ctx);
    if (t.resources === 0) return [];
    const reasons = [
      ...new Set(t.clauses.filter((c) => c.blocker === 'resources').map((c) => c.text)),
    ].join(', ');
    const severity = t.resources >= t.constraints ? 'critical' : 'warning';
    return [
      finding(
        'sched.insufficient-resources',
        severity,
        'InsufficientResources',
        `The virt-launcher pod cannot be scheduled: ${reasons} on ${t.resources} node(s).${requestsText(ctx)}`,
        uniqueEvidence([
          ...statusEvidence(ctx),
          ...t.all.map((s) => s.evidence),
          ...requestEvidence(ctx),
        ]),
      ),
    ];
  },
};

/** Unschedulable because of node selectors, affinity, taints or cordoned nodes. */
export const schedulingConstraintRule: DiagnosisRule = {
  id: 'scheduling-constraints',
  category: 'SchedulingConstraint',
  checkName: 'Node selectors, affinity and tolerations match some node',
  evaluate: (ctx) => {
    const t = tally(ctx);
    const findings: Finding[] = [];
    const selectorEvidence = nodeSelectorEvidence(ctx);
    if (t.constraints > 0) {
      const reasons = [
        ...new Set(t.clauses.filter((c) => c.blocker === 'constraints').map((c) => c.text)),
      ].join(', ');
      findings.push(
        finding(
          'sched.constraints',
          t.constraints > t.resources ? 'critical' : 'warning',
          'SchedulingConstraint',
          `The virt-launcher pod cannot be scheduled: ${reasons} (${t.constraints} node(s)).`,
          uniqueEvidence([
            ...statusEvidence(ctx),
            ...t.all.map((s) => s.evidence),
            ...selectorEvidence.evidence,
          ]),
        ),
      );
    } else if (
      t.all.length === 0 &&
      selectorEvidence.matchesNone &&
      ctx.pods.some((p) => !p.spec?.nodeName)
    ) {
      findings.push(
        finding(
          'sched.constraints',
          'critical',
          'SchedulingConstraint',
          "No node carries the labels required by the VM's nodeSelector.",
          uniqueEvidence([...statusEvidence(ctx), ...selectorEvidence.evidence]),
        ),
      );
    }
    return findings;
  },
};

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

const requestsText = (ctx: RuleContext): string => {
  const label = (path = '') =>
    path.includes('hugepages')
      ? 'hugepages of'
      : path.includes('memory')
        ? 'memory'
        : path.includes('cpu')
          ? 'cpu'
          : 'device';
  const values = requestEvidence(ctx).map((e) => `${label(e.fieldPath)} ${e.value}`);
  return values.length > 0 ? ` The VM requests ${values.join(', ')}.` : '';
};
