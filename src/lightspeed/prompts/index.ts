export { buildSearchPrompt } from './search';
export { buildDiagnoseConditionPrompt } from './diagnoseCondition';
export { buildTroubleshootErrorPrompt } from './troubleshootError';
export { buildExplainStatusPrompt } from './explainStatus';
export { fence, DATA_RULES } from './fence';
export type { FenceLabel } from './fence';
export { MAX_USER_TEXT_CHARS, cleanUserText, sanitizeData } from './sanitize';
export type {
  DiagnoseConditionPromptInput,
  ExplainStatusPromptInput,
  PromptFinding,
  PromptOptions,
  SearchPromptInput,
  TroubleshootErrorPromptInput,
} from './types';
export { anonymizeRequest, collectPromptNames, createNameMasker, maskRequest } from './anonymize';
export type { MaskedName, NameMasker } from './anonymize';
