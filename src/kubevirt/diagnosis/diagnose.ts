import { buildContext } from './context';
import type { Check, Diagnosis, Finding, RootCause, VmSnapshot } from './model';
import { DIAGNOSIS_RULES } from './rules/registry';
import type { DiagnosisRule } from './rules/rule';
import { suggestFixes } from './suggest';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/**
 * Run every rule over the snapshot. The root cause is the first critical finding in rule
 * precedence order; a VM with no critical finding is healthy (a deliberately stopped VM included).
 */
export const diagnoseVm = (
  snapshot: VmSnapshot,
  rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES,
): Diagnosis => {
  const ctx = buildContext(snapshot);
  const checks: Check[] = [];
  const findings: Finding[] = [];
  let rootCause: RootCause | null = null;

  for (const rule of rules) {
    const ruleFindings = safeEvaluate(rule, ctx);
    findings.push(...ruleFindings);
    const problems = ruleFindings.filter((f) => f.severity !== 'info');
    checks.push({
      id: rule.id,
      name: rule.checkName,
      passed: problems.length === 0,
      message: problems.length === 0 ? 'OK' : problems.map((f) => f.message).join(' '),
    });
    const critical = ruleFindings.find((f) => f.severity === 'critical');
    if (!rootCause && critical)
      rootCause = {
        category: critical.category,
        summary: critical.message,
        ruleId: critical.ruleId,
      };
  }

  // Stable order for display: the root-cause finding first, then by severity, keeping rule order.
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const aRoot =
        rootCause && a.f.ruleId === rootCause.ruleId && a.f.message === rootCause.summary ? -1 : 0;
      const bRoot =
        rootCause && b.f.ruleId === rootCause.ruleId && b.f.message === rootCause.summary ? -1 : 0;
      return (
        aRoot - bRoot || SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i
      );
    })
    .map(({ f }) => f);

  const diagnosis: Diagnosis = {
    vm: { name: ctx.name, namespace: ctx.namespace, printableStatus: ctx.printableStatus },
    healthy: rootCause === null,
    rootCause,
    findings: ordered,
    checks,
    suggestions: [],
  };
  diagnosis.suggestions = suggestFixes(diagnosis, snapshot);
  return diagnosis;
};

/** A rule that throws on an unexpected object shape reports that instead of breaking diagnosis. */
const safeEvaluate = (rule: DiagnosisRule, ctx: ReturnType<typeof buildContext>): Finding[] => {
  try {
    return rule.evaluate(ctx);
  } catch (error) {
    return [
      {
        ruleId: `engine.rule-error`,
        severity: 'info',
        category: rule.category,
        message: `Check "${rule.checkName}" could not run: ${error instanceof Error ? error.message : String(error)}`,
        evidence: [],
      },
    ];
  }
};
