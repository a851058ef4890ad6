import { joinMessages, msg, type Message } from '../messages';
/**
 * Candidate-node reasoning for an unschedulable virt-launcher pod.
 *
 * Follows kube-scheduler's FitError message (kubernetes/kubernetes v1.31,
 * pkg/scheduler/framework/types.go `FitError.Error`): "0/N nodes are available: <PreFilterMsg>.
 * <count reason, ... sorted>. <PostFilterMsg>." Each node carries the reasons of the first Filter
 * plugin that rejected it (pkg/scheduler/schedule_one.go `findNodesThatPassFilters`, default plugin
 * order in pkg/scheduler/apis/config/v1/default_plugins.go: NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, VolumeRestrictions, NodeVolumeLimits,
 * VolumeBinding, VolumeZone, PodTopologySpread, InterPodAffinity). So a node excluded by a taint,
 * a cordon or the node selector is never checked for memory: the nodes counted under a "fit" reason
 * (resources, volumes, pod affinity) are the ones the VM could otherwise use, and their reason is
 * the decisive one unless the placement exclusions that are not there by design outnumber them.
 *
 * Reason texts: NodeResourcesFit "Insufficient <resource>" / "Too many pods"; TaintToleration
 * "node(s) had untolerated taint {k: v}" (newer: "node(s) had untolerated taint(s)");
 * NodeUnschedulable "node(s) were unschedulable"; NodeAffinity "node(s) didn't match Pod's node
 * affinity/selector"; VolumeBinding "node(s) had volume node affinity conflict", "node(s) didn't
 * find available persistent volumes to bind", "pod has unbound immediate PersistentVolumeClaims";
 * VolumeZone "node(s) had no available volume zone"; NodeVolumeLimits "node(s) exceed max volume
 * count"; InterPodAffinity "node(s) didn't match pod anti-affinity rules" / "didn't match pod
 * affinity rules" / "didn't satisfy existing pods anti-affinity rules"; PodTopologySpread
 * "node(s) didn't match pod topology spread constraints"; NodePorts "node(s) didn't have free
 * ports for the requested pod ports".
 */
import {
  conditionEvidence,
  eventEvidence,
  eventsFor,
  findCondition,
  type RuleContext,
} from '../context';
import type { Evidence, Node, Pod, RootCauseCategory } from '../model';

/** Where a reason comes from: a placement filter (node excluded up front) or a fit filter. */
export type FilterStage = 'placement' | 'fit';

export interface FitReason {
  count: number;
  text: string;
  stage: FilterStage;
  category: RootCauseCategory;
  /** The resource of "Insufficient <resource>". */
  resource?: string;
}

export interface ParsedFitError {
  /** N of "0/N nodes are available"; undefined for a message without it. */
  total?: number;
  reasons: FitReason[];
}

const PLACEMENT =
  /untolerated taint|had taint|were unschedulable|didn't match Pod's node affinity|didn't match node selector|didn't match the requested node name|node\(s\) didn't match Pod's node/i;
const STORAGE =
  /volume node affinity conflict|didn't find available persistent volumes|unbound immediate PersistentVolumeClaims|no available volume zone|exceed max volume count|enough free storage|volume.*not (?:found|bound)/i;
const POD_PLACEMENT =
  /pod affinity|anti-affinity|topology spread|didn't have free ports|didn't satisfy/i;

/** Category of an extended or native resource the node lacks. */
export const resourceCategory = (resource: string): RootCauseCategory =>
  resource.startsWith('bridge.network.kubevirt.io/')
    ? 'NetworkAttachment'
    : 'InsufficientResources';

const classify = (text: string): Omit<FitReason, 'count' | 'text'> => {
  const insufficient = /^Insufficient\s+(\S+)/i.exec(text);
  if (insufficient)
    return {
      stage: 'fit',
      category: resourceCategory(insufficient[1]),
      resource: insufficient[1],
    };
  if (/Too many pods/i.test(text)) return { stage: 'fit', category: 'InsufficientResources' };
  if (STORAGE.test(text)) return { stage: 'fit', category: 'StorageProvisioning' };
  if (PLACEMENT.test(text)) return { stage: 'placement', category: 'SchedulingConstraint' };
  if (POD_PLACEMENT.test(text)) return { stage: 'fit', category: 'SchedulingConstraint' };
  return { stage: 'fit', category: 'Unknown' };
};

/** Parse a FitError message into per-reason node counts (preemption part dropped). */
export const parseFitError = (message: string): ParsedFitError => {
  const main = message.split(/\.?\s*preemption:/i)[0];
  const head = /^\s*0\/(\d+) nodes are available:?\s*/i.exec(main);
  const body = head ? main.slice(head[0].length) : main;
  const reasons: FitReason[] = [];
  for (const raw of body.split(/,\s+|\.\s+/)) {
    const part = raw.trim().replace(/\.$/, '');
    if (!part) continue;
    const m = /^(\d+)\s+(.*)$/.exec(part);
    const text = m ? m[2] : part;
    reasons.push({ count: m ? Number(m[1]) : 1, text, ...classify(text) });
  }
  return { ...(head ? { total: Number(head[1]) } : {}), reasons };
};

// ---------------------------------------------------------------------------------------------
// Which nodes could the VM use?

type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type Taint = { key: string; value?: string; effect: string };
type Requirement = { key: string; operator: string; values?: string[] };

const CONTROL_PLANE_TAINTS = new Set([
  'node-role.kubernetes.io/control-plane',
  'node-role.kubernetes.io/master',
]);
/** Taints the node lifecycle controller sets on sick nodes (pkg/controller/nodelifecycle). */
const NODE_HEALTH_TAINTS = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/network-unavailable',
]);

/** Why a node is not a candidate; `byDesign` exclusions are never the root cause. */
export type NodeExclusion =
  | { reason: 'control-plane'; byDesign: true; taint: string }
  | { reason: 'cordoned'; byDesign: true }
  | { reason: 'unhealthy'; byDesign: true; taint: string }
  | { reason: 'selector'; byDesign: false; labels: string[] }
  | { reason: 'taint'; byDesign: false; taint: string };

export interface NodeVerdict {
  node: string;
  exclusion?: NodeExclusion;
}

/** The placement the pending pod (or else the VMI, or else the VM template) asks for. */
export interface Placement {
  nodeSelector: Record<string, string>;
  requiredTerms: Requirement[][];
  tolerations: Toleration[];
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

export const placementOf = (ctx: RuleContext, pod?: Pod): Placement => {
  const specs = [
    asRecord(pod?.spec),
    asRecord(ctx.snapshot.vmi?.spec),
    asRecord(ctx.vm.spec?.template?.spec),
  ];
  const first = <T>(read: (s: Record<string, unknown>) => T | undefined): T | undefined =>
    specs.map(read).find((v) => v !== undefined);
  const nodeSelector = first((s) => s.nodeSelector as Record<string, string> | undefined) ?? {};
  const terms =
    first(
      (s) =>
        asRecord(
          asRecord(asRecord(s.affinity).nodeAffinity)
            .requiredDuringSchedulingIgnoredDuringExecution,
        ).nodeSelectorTerms as { matchExpressions?: Requirement[] }[] | undefined,
    ) ?? [];
  const tolerations = first((s) => s.tolerations as Toleration[] | undefined) ?? [];
  return {
    nodeSelector,
    requiredTerms: terms.map((t) => t.matchExpressions ?? []).filter((t) => t.length > 0),
    tolerations,
  };
};

const tolerates = (tolerations: Toleration[], taint: Taint): boolean =>
  tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });

const matchesRequirement = (labels: Record<string, string>, r: Requirement): boolean => {
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(r.values?.[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(r.values?.[0]);
    default:
      return true;
  }
};

/** Judge one node the way the placement filters do (taints before affinity, as upstream). */
export const judgeNode = (node: Node, placement: Placement): NodeVerdict => {
  const name = node.metadata?.name ?? '';
  const labels = node.metadata?.labels ?? {};
  const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
  if (node.spec?.unschedulable && !tolerates(placement.tolerations, unschedulableTaint))
    return { node: name, exclusion: { reason: 'cordoned', byDesign: true } };
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (tolerates(placement.tolerations, taint)) continue;
    if (CONTROL_PLANE_TAINTS.has(taint.key))
      return {
        node: name,
        exclusion: { reason: 'control-plane', byDesign: true, taint: taint.key },
      };
    if (NODE_HEALTH_TAINTS.has(taint.key))
      return { node: name, exclusion: { reason: 'unhealthy', byDesign: true, taint: taint.key } };
    return {
      node: name,
      exclusion: {
        reason: 'taint',
        byDesign: false,
        taint: `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`,
      },
    };
  }
  const wanted = selectorMismatch(labels, placement);
  if (wanted.length > 0)
    return { node: name, exclusion: { reason: 'selector', byDesign: false, labels: wanted } };
  return { node: name };
};

const requirementText = (r: Requirement): string =>
  `${r.key} ${r.operator} ${(r.values ?? []).join('|')}`.trim();

/** What the node lacks of the placement's nodeSelector and required node affinity (none: it matches). */
const selectorMismatch = (
  labels: Record<string, string>,
  placement: Placement,
  ignore: (key: string) => boolean = () => false,
): string[] => {
  const missing = Object.entries(placement.nodeSelector)
    .filter(([k, v]) => !ignore(k) && labels[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
  const affinityOk =
    placement.requiredTerms.length === 0 ||
    placement.requiredTerms.some((term) => term.every((r) => matchesRequirement(labels, r)));
  return [...missing, ...(affinityOk ? [] : placement.requiredTerms.flat().map(requirementText))];
};

/**
 * The `key=value` nodeSelector entries of a migration target pod that no schedulable node other
 * than the source carries: labels KubeVirt adds from what the VMI booted with (a TSC frequency, a
 * CPU model or feature, a host model) that no other node advertises. Empty without the full
 * node list.
 */
export const targetLabelsNoNodeHas = (ctx: RuleContext, pod: Pod): string[] => {
  if (!ctx.snapshot.nodesListed || ctx.snapshot.nodes.length === 0) return [];
  const source = ctx.snapshot.vmi?.status?.nodeName;
  const nodes = ctx.snapshot.nodes.filter(
    (n) => !n.spec?.unschedulable && n.metadata?.name !== source,
  );
  return Object.entries(placementOf(ctx, pod).nodeSelector)
    .filter(([k, v]) => !nodes.some((n) => n.metadata?.labels?.[k] === v))
    .map(([k, v]) => `${k}=${v}`);
};

/**
 * virt-controller adds kubevirt.io/schedulable=true to every launcher's nodeSelector and
 * virt-handler removes the label from a node where it is not ready: a node-health signal, not
 * part of the VM's own selection.
 */
const KUBEVIRT_SCHEDULABLE = 'kubevirt.io/schedulable';

// ---------------------------------------------------------------------------------------------
// The verdict

export interface SchedulingAnalysis {
  message: string;
  parsed: ParsedFitError;
  /** Evidence of the scheduling failure: the pod/VMI condition and FailedScheduling events. */
  evidence: Evidence[];
  /** Per-node verdicts when the full node list was read. */
  nodes?: NodeVerdict[];
  candidates?: string[];
  /** Nodes excluded by design (control-plane, cordoned, unhealthy), from the node list. */
  byDesign: number;
  /** Placement exclusions that are not by design (selector/affinity mismatch, custom taints). */
  constraintCount: number;
  /** The category that blocks the nodes the VM could use. */
  decisive: RootCauseCategory;
  /** The reasons of that category, most nodes first. */
  decisiveReasons: FitReason[];
  /** CPU model/feature labels the VM asks for (KubeVirt node-labeller labels). */
  cpuLabels: string[];
  placement: Placement;
  /**
   * A claim of the VM tied to one node (volume.kubernetes.io/selected-node, set when a
   * WaitForFirstConsumer claim is provisioned, e.g. local or LVM storage) whose node is excluded
   * as unhealthy or cordoned, while the others report a volume node affinity conflict: the VM can
   * run nowhere else.
   */
  pinnedTo?: {
    node: string;
    claim: string;
    exclusion: Extract<NodeExclusion, { reason: 'unhealthy' | 'cordoned' }>;
  };
  /**
   * The VM's own nodeSelector/required node affinity admits only nodes that are unhealthy
   * (node-health taint) or cordoned: the placement is the owner's choice, the sick node the cause.
   */
  pinnedBySelection?: {
    /** The VM's selection, e.g. "kubernetes.io/hostname=worker-3". */
    selection: string[];
    nodes: { node: string; exclusion: SickExclusion }[];
  };
}

export type SickExclusion = Extract<NodeExclusion, { reason: 'unhealthy' | 'cordoned' }>;

const CPU_LABEL =
  /^(cpu-model|cpu-feature|host-model-cpu|host-model-required-features|cpu-model-migration|cpu-vendor)\.node\.kubevirt\.io\//;

const schedulingSignals = (
  ctx: RuleContext,
): { message: string; evidence: Evidence; pod?: Pod }[] => {
  const out: { message: string; evidence: Evidence; pod?: Pod }[] = [];
  const pod =
    ctx.pods.find((p) => !p.spec?.nodeName) ??
    (ctx.pods[0]?.status?.phase === 'Pending' ? ctx.pods[0] : undefined);
  const podCondition = findCondition(pod, 'PodScheduled');
  if (pod && podCondition?.status === 'False' && podCondition.message)
    out.push({
      message: podCondition.message,
      evidence: conditionEvidence(pod, 'Pod', podCondition),
      pod,
    });
  const vmiCondition = findCondition(ctx.snapshot.vmi, 'PodScheduled');
  if (ctx.snapshot.vmi && vmiCondition?.status === 'False' && vmiCondition.message)
    out.push({
      message: vmiCondition.message,
      evidence: conditionEvidence(ctx.snapshot.vmi, 'VirtualMachineInstance', vmiCondition),
      pod,
    });
  const pending = ctx.pods.filter((p) => !p.spec?.nodeName || p.status?.phase === 'Pending');
  const names = new Set(pending.map((p) => p.metadata?.name));
  for (const e of eventsFor(ctx.snapshot, 'Pod')
    .filter((ev) => ev.reason === 'FailedScheduling' && names.has(ev.involvedObject?.name))
    .slice(0, 2))
    out.push({
      message: e.message ?? '',
      evidence: eventEvidence(e),
      pod: pending.find((p) => p.metadata?.name === e.involvedObject?.name),
    });
  return out;
};

const cache = new WeakMap<object, SchedulingAnalysis | null>();

/** Analyse the scheduling failure of the VM's launcher pod once per snapshot. */
export const analyzeScheduling = (ctx: RuleContext): SchedulingAnalysis | undefined => {
  if (cache.has(ctx.snapshot)) return cache.get(ctx.snapshot) ?? undefined;
  const result = analyze(ctx);
  cache.set(ctx.snapshot, result ?? null);
  return result;
};

const analyze = (ctx: RuleContext): SchedulingAnalysis | undefined => {
  const signals = schedulingSignals(ctx);
  if (signals.length === 0) return undefined;
  // The most detailed message decides (events carry node counts, conditions may not).
  const primary = [...signals].sort(
    (a, b) => parseFitError(b.message).reasons.length - parseFitError(a.message).reasons.length,
  )[0];
  // A device a secondary network's NAD requests (k8s.v1.cni.cncf.io/resourceName: SR-IOV VFs,
  // bridge-marker bridges) is the network's resource, whatever its name.
  const netResources = new Set(
    ctx.snapshot.nads
      .map((n) => n.metadata?.annotations?.['k8s.v1.cni.cncf.io/resourceName'])
      .filter((r): r is string => !!r),
  );
  const raw = parseFitError(primary.message);
  const parsed: ParsedFitError = {
    ...raw,
    reasons: raw.reasons.map((r) =>
      r.resource && netResources.has(r.resource) ? { ...r, category: 'NetworkAttachment' } : r,
    ),
  };
  const placement = placementOf(ctx, primary.pod);
  const cpuLabels = [
    ...Object.keys(placement.nodeSelector),
    ...placement.requiredTerms.flat().map((r) => r.key),
  ].filter((k) => CPU_LABEL.test(k));

  let nodes: NodeVerdict[] | undefined;
  if (ctx.snapshot.nodesListed && ctx.snapshot.nodes.length > 0)
    nodes = ctx.snapshot.nodes.map((n) => judgeNode(n, placement));
  // Exclusions by design: cordons, and taints on control-plane or sick nodes. A taint the message
  // names decides by its key; an unnamed one ("untolerated taint(s)") by the node list.
  let taintedByDesign = (nodes ?? []).filter(
    (n) => n.exclusion?.reason === 'control-plane' || n.exclusion?.reason === 'unhealthy',
  ).length;
  let byDesign = 0;
  for (const r of parsed.reasons) {
    if (r.stage !== 'placement') continue;
    if (/were unschedulable/i.test(r.text)) {
      byDesign += r.count;
    } else if (/taint/i.test(r.text)) {
      const named = /\{\s*([^:}\s]+)\s*:/.exec(r.text)?.[1];
      if (named) {
        if (CONTROL_PLANE_TAINTS.has(named) || NODE_HEALTH_TAINTS.has(named)) byDesign += r.count;
      } else {
        const n = Math.min(r.count, taintedByDesign);
        byDesign += n;
        taintedByDesign -= n;
      }
    }
  }
  const placementCount = parsed.reasons
    .filter((r) => r.stage === 'placement')
    .reduce((n, r) => n + r.count, 0);
  const constraintCount = Math.max(0, placementCount - byDesign);

  // Fit reasons grouped by category; a node may report two resources, count nodes by the max.
  const fitByCategory = new Map<RootCauseCategory, FitReason[]>();
  // Unknown clauses (a PostFilter note such as DRA's "no new claims to deallocate") never decide.
  for (const r of parsed.reasons.filter((x) => x.stage === 'fit' && x.category !== 'Unknown'))
    fitByCategory.set(r.category, [...(fitByCategory.get(r.category) ?? []), r]);
  const nodesOf = (rs: FitReason[]) => Math.max(0, ...rs.map((r) => r.count));
  const ranked = [...fitByCategory.entries()].sort((a, b) => nodesOf(b[1]) - nodesOf(a[1]));
  const top = ranked[0];
  const placementReasons = parsed.reasons.filter((r) => r.stage === 'placement');

  const pinnedTo = pinnedToExcludedNode(ctx, parsed, nodes);
  const pinnedBySelection = pinnedTo ? undefined : selectionOnlySick(ctx, placement, nodes);
  let decisive: RootCauseCategory;
  let decisiveReasons: FitReason[];
  // Nodes the VM's own nodeSelector/affinity excludes are the owner's choice: when
  // nodes remain and a fit reason blocks all of them, it is the cause (issue #11: "name the reason
  // that blocks *those* nodes"). Untolerated custom taints still compete as constraints.
  const left = nodes?.filter((n) => !n.exclusion).length ?? 0;
  const bySelector = nodes?.filter((n) => n.exclusion?.reason === 'selector').length ?? 0;
  const coversCandidates =
    !!top && left > 0 && nodesOf(top[1]) >= left && nodesOf(top[1]) >= constraintCount - bySelector;
  if (pinnedBySelection) {
    decisive = 'NodeProblem';
    const sick = pinnedBySelection.nodes.map((n) => n.exclusion);
    decisiveReasons = placementReasons.filter((r) =>
      sick.some((e) =>
        e.reason === 'unhealthy' ? r.text.includes(e.taint) : /unschedulable/i.test(r.text),
      ),
    );
  } else if (
    !pinnedTo &&
    top &&
    (coversCandidates || nodesOf(top[1]) >= constraintCount || placementReasons.length === 0)
  ) {
    decisive = top[0];
    decisiveReasons = [...top[1]].sort((a, b) => b.count - a.count);
  } else if (pinnedTo) {
    decisive = 'NodeProblem';
    const { exclusion } = pinnedTo;
    decisiveReasons = placementReasons.filter((r) =>
      exclusion.reason === 'unhealthy'
        ? r.text.includes(exclusion.taint)
        : /unschedulable/i.test(r.text),
    );
  } else if (left === 0 && handlerDown(nodes).length > 0) {
    // The only nodes the VM's own selection accepts lack kubevirt.io/schedulable=true, which
    // virt-handler removes when it is not ready there: a node problem, not the owner's placement.
    decisive = 'NodeProblem';
    decisiveReasons = [...placementReasons].sort((a, b) => b.count - a.count);
  } else {
    decisive = 'SchedulingConstraint';
    decisiveReasons = [...placementReasons].sort((a, b) => b.count - a.count);
  }
  return {
    message: primary.message,
    parsed,
    evidence: signals.map((s) => s.evidence),
    ...(nodes ? { nodes, candidates: nodes.filter((n) => !n.exclusion).map((n) => n.node) } : {}),
    byDesign,
    constraintCount,
    decisive,
    decisiveReasons,
    cpuLabels,
    placement,
    ...(pinnedTo ? { pinnedTo } : {}),
    ...(pinnedBySelection ? { pinnedBySelection } : {}),
  };
};

/**
 * The nodes the VM's own selection admits (labels only: taints and cordons aside), when every one
 * of them is excluded as unhealthy or cordoned. Undefined when the VM selects no node in
 * particular, when its selection matches no node (a constraint problem), or when a selected node
 * is usable or excluded for another reason.
 */
const selectionOnlySick = (
  ctx: RuleContext,
  placement: Placement,
  verdicts: NodeVerdict[] | undefined,
): SchedulingAnalysis['pinnedBySelection'] => {
  if (!verdicts) return undefined;
  const own = (key: string) => key === KUBEVIRT_SCHEDULABLE;
  const selection = [
    ...Object.entries(placement.nodeSelector)
      .filter(([k]) => !own(k))
      .map(([k, v]) => `${k}=${v}`),
    ...placement.requiredTerms.flat().map(requirementText),
  ];
  if (selection.length === 0) return undefined;
  const selected = ctx.snapshot.nodes.filter(
    (n) => selectorMismatch(n.metadata?.labels ?? {}, placement, own).length === 0,
  );
  if (selected.length === 0) return undefined;
  const sick: { node: string; exclusion: SickExclusion }[] = [];
  for (const n of selected) {
    const exclusion = verdicts.find((v) => v.node === n.metadata?.name)?.exclusion;
    if (!exclusion || (exclusion.reason !== 'unhealthy' && exclusion.reason !== 'cordoned'))
      return undefined;
    sick.push({ node: n.metadata?.name ?? '', exclusion });
  }
  return { selection, nodes: sick };
};

/** kube-scheduler's annotation on a claim provisioned for the node its first consumer got. */
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

const pinnedToExcludedNode = (
  ctx: RuleContext,
  parsed: ParsedFitError,
  nodes: NodeVerdict[] | undefined,
): SchedulingAnalysis['pinnedTo'] => {
  if (!nodes || !parsed.reasons.some((r) => /volume node affinity conflict/i.test(r.text)))
    return undefined;
  const claims = new Set(
    ctx.refs.filter((r) => r.kind === 'PersistentVolumeClaim').map((r) => r.name),
  );
  for (const pvc of ctx.snapshot.pvcs) {
    const node = pvc.metadata?.annotations?.[SELECTED_NODE];
    if (!node || !claims.has(pvc.metadata?.name ?? '')) continue;
    const exclusion = nodes.find((n) => n.node === node)?.exclusion;
    if (exclusion && (exclusion.reason === 'unhealthy' || exclusion.reason === 'cordoned'))
      return { node, claim: pvc.metadata?.name ?? '', exclusion };
  }
  return undefined;
};

/** Nodes excluded only by KubeVirt's kubevirt.io/schedulable=true selector (virt-handler not ready). */
export const handlerDown = (verdicts: NodeVerdict[] | undefined): string[] =>
  (verdicts ?? [])
    .filter(
      (n) =>
        n.exclusion?.reason === 'selector' &&
        n.exclusion.labels.length === 1 &&
        n.exclusion.labels[0] === 'kubevirt.io/schedulable=true',
    )
    .map((n) => n.node);

const nodes = (count: number): Message =>
  count === 1 ? msg('{{count}} node', { count }) : msg('{{count}} nodes', { count });

/** "3 of the 4 nodes the VM could use (w1, w2, w3)" or "3 nodes". */
export const candidateText = (a: SchedulingAnalysis, count: number): Message => {
  if (!a.candidates) return nodes(count);
  const names = `${a.candidates.slice(0, 5).join(', ')}${a.candidates.length > 5 ? ', …' : ''}`;
  const total = nodes(a.candidates.length);
  return a.candidates.length > 0
    ? msg('{{count}} of the {{total}} the VM could use ({{names}})', { count, total, names })
    : msg('{{count}} of the {{total}} the VM could use', { count, total });
};

/** "The other nodes are excluded on purpose: 3 control-plane, 1 cordoned." */
export const exclusionsText = (a: SchedulingAnalysis): Message | undefined => {
  if (!a.nodes) return undefined;
  const counts = new Map<string, { label: Message; count: number }>();
  for (const n of a.nodes) {
    if (!n.exclusion) continue;
    const label =
      n.exclusion.reason === 'control-plane'
        ? msg('control-plane (untolerated taint)')
        : n.exclusion.reason === 'cordoned'
          ? msg('cordoned')
          : n.exclusion.reason === 'unhealthy'
            ? msg('not healthy ({{taint}})', { taint: n.exclusion.taint })
            : n.exclusion.reason === 'selector'
              ? msg("not matching the VM's node selector/affinity ({{labels}})", {
                  labels: n.exclusion.labels.join(', '),
                })
              : msg('with the untolerated taint {{taint}}', { taint: n.exclusion.taint });
    const key = JSON.stringify(label);
    const entry = counts.get(key) ?? { label, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  if (counts.size === 0) return undefined;
  const list = [...counts.values()].map(({ label, count }) =>
    msg('{{count}} {{label}}', { count, label }),
  );
  return msg('Excluded nodes: {{list}}.', { list: joinMessages(list, ', ') });
};

/**
 * The scheduling reasons of one category (for the storage and network rules): their text with
 * node counts, whether they are the decisive blocker, and the scheduling evidence.
 */
export const schedulingBlock = (
  ctx: RuleContext,
  category: RootCauseCategory,
): { text: Message; decisive: boolean; evidence: Evidence[]; reasons: FitReason[] } | undefined => {
  const a = analyzeScheduling(ctx);
  const reasons = a?.parsed.reasons.filter((r) => r.stage === 'fit' && r.category === category);
  if (!a || !reasons || reasons.length === 0) return undefined;
  const count = Math.max(...reasons.map((r) => r.count));
  return {
    text: msg('{{reasons}} on {{nodes}}', {
      reasons: [...new Set(reasons.map((r) => r.text))].join(', '),
      nodes: candidateText(a, count),
    }),
    decisive: a.decisive === category,
    evidence: a.evidence,
    reasons,
  };
};
