import { buildContext, type Presence, type RuleContext } from './context';
import { asMessage, joinMessages, msg, renderMessage, type Message } from './messages';
import type {
  Check,
  Diagnosis,
  Finding,
  FindingRole,
  K8sObject,
  RootCause,
  VmSnapshot,
} from './model';
import { DIAGNOSIS_RULES } from './rules/registry';
import type { DiagnosisRule } from './rules/rule';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;
const ROLE_ORDER: Record<FindingRole, number> = { cause: 0, symptom: 1, transition: 2 };

/** Findings that describe the VM's (or a claim's) state rather than why it is in it. */
const SYMPTOM_RULES = new Set(['vm.error-status', 'vm.stuck', 'vmi.failed', 'pvc.unbound']);
/** Normal states on the way to running: never a root cause. */
const TRANSITION_RULES = new Set([
  'dv.import-in-progress',
  'pvc.wait-for-first-consumer',
  'pvc.pending-population',
  'migration.in-progress',
]);

/**
 * Causes known only by their duration ("in progress for 2 hours without progress"): critical when
 * nothing more specific explains the VM, otherwise a warning beside the specific cause.
 */
const FALLBACK_CAUSES = new Set(['dv.stuck']);

export const roleOf = (f: Finding): FindingRole =>
  f.role ??
  (TRANSITION_RULES.has(f.ruleId)
    ? 'transition'
    : SYMPTOM_RULES.has(f.ruleId)
      ? 'symptom'
      : 'cause');

/**
 * Kinds each built-in check reads as a whole list; when the client could not list one of them
 * (`snapshot.unreadable`), a check that found nothing is "not verified", not passed.
 */
const DEFAULT_READS: Record<string, string[]> = {
  'secrets-configmaps': ['Secret', 'ConfigMap'],
  'network-attachments': ['NetworkAttachmentDefinition'],
  'volumes-exist': ['PersistentVolumeClaim', 'DataVolume'],
  'storage-provisioning': ['PersistentVolumeClaim', 'StorageClass'],
  'datavolume-import': ['DataVolume'],
  'image-pull': ['Pod'],
  'scheduling-resources': ['Pod'],
  'scheduling-constraints': ['Pod'],
  'node-health': ['Node'],
  migration: ['VirtualMachineInstanceMigration'],
  paused: ['VirtualMachineInstance'],
  'crash-loop': ['Pod'],
  'general-health': ['Event'],
};

const GENERAL_CHECK = 'general-health';

interface RuleRun {
  rule: DiagnosisRule;
  findings: Finding[];
  /** Why the rule's inputs could not be read, when they could not. */
  unread: Message[];
}

/**
 * Run every rule over the snapshot and rank the findings (README "Ranking"): the root cause is the
 * first critical *cause* in rule precedence order; a critical symptom (the VM status, a pending
 * claim) names it only when no cause was found, and then a warning-level cause that explains it
 * is preferred; transitions (an import in progress, a running migration) never do. A VM with no
 * critical finding is healthy (a deliberately stopped VM included).
 */
export interface DiagnoseOptions {
  /**
   * false: the root cause and findings only, no checks or suggestions (their texts are most of a
   * diagnosis' cost): what a health verdict over a whole fleet needs.
   */
  checksAndFixes?: boolean;
}

/**
 * The diagnosis without suggestions (their templates are most of the engine's code): what a fleet's
 * health verdicts need, so the search page does not load suggest.ts. diagnose.ts adds them.
 */
export const diagnoseVmCore = (
  snapshot: VmSnapshot,
  rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES,
  { checksAndFixes = true }: DiagnoseOptions = {},
): Diagnosis => {
  const ctx = buildContext(snapshot);
  const runs: RuleRun[] = rules.map((rule) => runRule(rule, ctx));
  const all = runs.flatMap((r) => r.findings.map((f) => ({ ...f, role: roleOf(f) })));

  const isSpecificCause = (f: Finding) =>
    f.severity === 'critical' && f.role === 'cause' && !FALLBACK_CAUSES.has(f.ruleId);
  if (all.some(isSpecificCause))
    for (const f of all)
      if (FALLBACK_CAUSES.has(f.ruleId) && f.severity === 'critical') f.severity = 'warning';

  // Transitions are informational; symptoms they account for are not problems either.
  const criticalCause = all.some((f) => f.severity === 'critical' && f.role === 'cause');
  const transitions = all.filter((f) => f.role === 'transition');
  for (const f of all) {
    if (f.role === 'transition' && f.severity !== 'info') f.severity = 'info';
    if (
      !criticalCause &&
      f.role === 'symptom' &&
      f.severity === 'critical' &&
      transitions.some((t) => explains(t, f))
    )
      f.severity = 'warning';
  }
  // Write the adjusted findings back into the runs (same order) for the checks.
  let cursor = 0;
  for (const run of runs) {
    run.findings = all.slice(cursor, cursor + run.findings.length);
    cursor += run.findings.length;
  }

  const top =
    all.find((f) => f.severity === 'critical' && f.role === 'cause') ??
    (all.some((f) => f.severity === 'critical' && f.role === 'symptom')
      ? (all.find((f) => f.severity === 'warning' && f.role === 'cause' && explainsStatus(f)) ??
        all.find((f) => f.severity === 'critical' && f.role === 'symptom'))
      : undefined);
  const rootCause: RootCause | null = top
    ? {
        category: top.category,
        summary: top.message,
        ...(top.text ? { text: top.text } : {}),
        ruleId: top.ruleId,
      }
    : null;

  const ordered = all
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        Number(b.f === top) - Number(a.f === top) ||
        SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
        ROLE_ORDER[a.f.role] - ROLE_ORDER[b.f.role] ||
        a.i - b.i,
    )
    .map(({ f }) => f);

  const diagnosis: Diagnosis = {
    vm: { name: ctx.name, namespace: ctx.namespace, printableStatus: ctx.printableStatus },
    healthy: rootCause === null,
    rootCause,
    findings: ordered,
    checks: checksAndFixes ? buildChecks(runs, snapshot, new Set(ctx.refs.map((r) => r.kind))) : [],
    suggestions: [],
  };
  return diagnosis;
};

const objectsOf = (f: Finding) => new Set(f.evidence.map((e) => `${e.kind}/${e.name}`));

/** A transition accounts for a symptom about the same object, or for a VM status in transit. */
const explains = (transition: Finding, symptom: Finding): boolean => {
  if (symptom.ruleId === 'vm.stuck') return true;
  const objects = objectsOf(transition);
  return [...objectsOf(symptom)].some((o) => objects.has(o) && !o.startsWith('VirtualMachine/'));
};

/** Warning-level causes that can explain a VM that does not start (not mere advisories). */
const explainsStatus = (f: Finding): boolean =>
  !['event.unrecognized-warning', 'node.kubevirt-unschedulable', 'migration.stuck'].includes(
    f.ruleId,
  ) && f.category !== 'Unknown';

/** Kinds read only for the objects the VM references: unreadable matters only when referenced. */
const REFERENCED_KINDS = new Set([
  'Secret',
  'ConfigMap',
  'NetworkAttachmentDefinition',
  'PersistentVolumeClaim',
  'DataVolume',
  'StorageClass',
]);

const buildChecks = (runs: RuleRun[], snapshot: VmSnapshot, refKinds: Set<string>): Check[] => {
  const problemsOf = (run: RuleRun) =>
    run.findings.filter((f) => f.severity !== 'info' && f.role !== 'transition');
  const failing = runs.filter((run) => run.rule.id !== GENERAL_CHECK && problemsOf(run).length > 0);
  return runs.map((run) => {
    const { rule } = run;
    const problems = problemsOf(run);
    const nameText = asMessage(rule.checkName);
    const base = { id: rule.id, name: renderMessage(nameText), nameText };
    if (problems.length > 0) {
      // The general check reports *unexplained* errors: a status another failing check explains
      // is not one.
      if (
        rule.id === GENERAL_CHECK &&
        failing.length > 0 &&
        problems.every((f) => f.role === 'symptom')
      ) {
        const names = failing.map((r) => asMessage(r.rule.checkName));
        return withText(
          {
            ...base,
            passed: true,
            status: 'passed' as const,
            explainedBy: failing.map((r) => r.rule.id),
          },
          msg('The VM status is explained by the failing check(s): {{checks}}.', {
            checks: joinMessages(names, '; '),
          }),
        );
      }
      return withText(
        { ...base, passed: false, status: 'failed' as const },
        joinMessages(problems.map((f) => f.text ?? asMessage(f.message))),
      );
    }
    const kinds = new Set([...(rule.reads ?? []), ...(DEFAULT_READS[rule.id] ?? [])]);
    const unreadable = (snapshot.unreadable ?? [])
      .filter((u) => kinds.has(u.kind) && (!REFERENCED_KINDS.has(u.kind) || refKinds.has(u.kind)))
      .map((u) =>
        u.message
          ? msg('{{kind}} list could not be read ({{reason}}: {{message}})', {
              kind: u.kind,
              reason: u.reason,
              message: u.message,
            })
          : msg('{{kind}} list could not be read ({{reason}})', { kind: u.kind, reason: u.reason }),
      );
    const seen = new Set<string>();
    const reasons = [...run.unread, ...unreadable].filter((m) => {
      const key = renderMessage(m);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (reasons.length > 0) {
      return withText(
        { ...base, passed: false, status: 'notVerified' as const },
        msg('{{reasons}}.', { reasons: joinMessages(reasons, '; ') }),
      );
    }
    return withText({ ...base, passed: true, status: 'passed' as const }, msg('OK'));
  });
};

/** Run one rule, recording the objects it asked for and could not read. */
const runRule = (rule: DiagnosisRule, ctx: RuleContext): RuleRun => {
  const unread: Message[] = [];
  const lookup = (kind: string, name: string, namespace?: string): Presence<K8sObject> => {
    const presence = ctx.lookup(kind, name, namespace);
    if (presence.state === 'forbidden' || presence.state === 'error') {
      const reason = presence.state === 'forbidden' ? 'Forbidden' : 'Error';
      unread.push(
        presence.message
          ? msg('{{kind}} "{{name}}" could not be read ({{reason}}: {{message}})', {
              kind,
              name,
              reason,
              message: presence.message,
            })
          : msg('{{kind}} "{{name}}" could not be read ({{reason}})', { kind, name, reason }),
      );
    }
    return presence;
  };
  const findings = safeEvaluate(rule, { ...ctx, lookup });
  unread.push(...(rule.unverified?.(ctx) ?? []));
  for (const f of findings)
    if (f.ruleId === 'engine.rule-error') unread.push(f.text ?? asMessage(f.message));
  return { rule, findings, unread };
};

/** A rule that throws on an unexpected object shape reports that instead of breaking diagnosis. */
const safeEvaluate = (rule: DiagnosisRule, ctx: RuleContext): Finding[] => {
  try {
    return rule.evaluate(ctx);
  } catch (error) {
    const text = msg('Check "{{check}}" could not run: {{error}}', {
      check: asMessage(rule.checkName),
      error: error instanceof Error ? error.message : String(error),
    });
    return [
      {
        ruleId: `engine.rule-error`,
        severity: 'info',
        category: rule.category,
        message: renderMessage(text),
        text,
        evidence: [],
      },
    ];
  }
};

/** A check with its message in English (`message`) and as a translatable Message (`text`). */
const withText = <C extends Omit<Check, 'message' | 'text'>>(check: C, text: Message) => ({
  ...check,
  message: renderMessage(text),
  text,
});
