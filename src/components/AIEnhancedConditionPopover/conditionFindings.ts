import type { Finding } from '../../kubevirt/diagnosis';
import type { Condition } from '../../kubevirt/types';

// Conditions whose True value is the bad one; for the rest, False is.
const TRUE_IS_BAD = new Set([
  'Failure',
  'Paused',
  'ReconcileError',
  'DiskPressure',
  'MemoryPressure',
]);

export const isConditionUnhealthy = (condition: Condition): boolean =>
  TRUE_IS_BAD.has(condition.type) || condition.type.endsWith('Pressure')
    ? condition.status === 'True'
    : condition.status === 'False';

/**
 * The local findings that explain a condition: those whose evidence cites the condition itself
 * (its type or reason), otherwise, for an unhealthy condition, every warning or critical finding.
 */
export const findingsForCondition = (condition: Condition, findings: Finding[] = []): Finding[] => {
  if (!isConditionUnhealthy(condition)) return [];
  // Condition evidence is written as `status.conditions[type=<Type>]` by the diagnosis engine.
  const cites = (finding: Finding) =>
    finding.evidence.some(
      (evidence) =>
        Boolean(evidence.fieldPath?.includes(`conditions[type=${condition.type}]`)) ||
        (Boolean(condition.reason) && evidence.event?.reason === condition.reason),
    );
  const cited = findings.filter(cites);
  return cited.length > 0 ? cited : findings.filter((finding) => finding.severity !== 'info');
};
