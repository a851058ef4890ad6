import type { RuleContext } from '../context';
import { renderMessage, type Message } from '../messages';
import type { Evidence, Finding, RootCauseCategory, Severity } from '../model';

/**
 * One failure domain (k8sgpt-analyzer style): a pure function from the snapshot to findings.
 * The registry lists rules in precedence order: the most specific, upstream cause first.
 */
export interface DiagnosisRule {
  /** Check id shown in `checks`, e.g. `image-pull`. */
  id: string;
  category: RootCauseCategory;
  /**
   * What the check verifies, as a short statement ("Disk images can be pulled"): a Message
   * (`msg('…')`) so the plugin can translate it; a plain string is shown as is.
   */
  checkName: string | Message;
  /**
   * Kinds the rule reads as whole lists (Pod, Event, Node, ...): when one of them is in
   * `snapshot.unreadable`, a check without findings is "not verified". Objects read through
   * `ctx.lookup` are tracked without being listed here.
   */
  reads?: string[];
  /**
   * Why inputs outside lists and lookups (e.g. a pod's log) could not be read: a check without
   * findings is then "not verified" with these reasons.
   */
  unverified?: (ctx: RuleContext) => Message[];
  evaluate: (ctx: RuleContext) => Finding[];
}

export const finding = (
  ruleId: string,
  severity: Severity,
  category: RootCauseCategory,
  message: string | Message,
  evidence: Evidence[],
): Finding =>
  typeof message === 'string'
    ? { ruleId, severity, category, message, evidence }
    : { ruleId, severity, category, message: renderMessage(message), text: message, evidence };

/** Drop evidence that repeats (same object, field and event). */
export const uniqueEvidence = (evidence: Evidence[]): Evidence[] => {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = JSON.stringify([
      e.kind,
      e.namespace,
      e.name,
      e.fieldPath,
      e.value,
      e.event?.reason,
      e.event?.message,
    ]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
