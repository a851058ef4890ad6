export { bootSourcesToRead } from './bootSources';
export * from './model';
export { requiredObjects, parseNetworkName, refKey, type RelatedStorage } from './requiredObjects';
export {
  buildVmSnapshot,
  isLauncherPodOf,
  toReferenceOnly,
  type BuildSnapshotOptions,
} from './buildSnapshot';
export { diagnoseVm, type DiagnoseOptions } from './diagnose';
export { withoutMessages } from './english';
export {
  explainVmStatus,
  type VmStatusExplanation,
  type ExplainedCondition,
  type StatusExplanationGroup,
} from './explain';
export { checkDependencies, type DependencyStatus } from './dependencies';
export { foldEvents, type FoldedEvent, type FoldEventsOptions } from './events';
export { suggestFixes, shellQuote } from './suggest';
export { classifyEvent } from './eventPatterns';
export { DIAGNOSIS_RULES } from './rules/registry';
export type { DiagnosisRule } from './rules/rule';
export { parseSchedulingMessage } from './rules/scheduling';
export { parseFitError, type FitReason, type ParsedFitError } from './rules/candidateNodes';
export { roleOf } from './diagnose';
export { findShutdownCommand } from './rules/crashLoop';
export {
  launcherLogQuery,
  launcherLogTargets,
  unreadableLauncherLog,
  LAUNCHER_LOG_CONTAINERS,
  LAUNCHER_LOG_LIMITS,
} from './launcherLog';
