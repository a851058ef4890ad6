import { diagnoseVmCore, type DiagnoseOptions } from './diagnoseCore';
import type { Diagnosis, VmSnapshot } from './model';
import { DIAGNOSIS_RULES } from './rules/registry';
import type { DiagnosisRule } from './rules/rule';
import { suggestFixes } from './suggest';

export { roleOf, type DiagnoseOptions } from './diagnoseCore';

/**
 * Run every rule over the snapshot, rank the findings, build the checks and the suggestions (see
 * diagnoseCore.ts and the README's "Ranking").
 */
export const diagnoseVm = (
  snapshot: VmSnapshot,
  rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES,
  options: DiagnoseOptions = {},
): Diagnosis => {
  const diagnosis = diagnoseVmCore(snapshot, rules, options);
  if (options.checksAndFixes !== false) diagnosis.suggestions = suggestFixes(diagnosis, snapshot);
  return diagnosis;
};
