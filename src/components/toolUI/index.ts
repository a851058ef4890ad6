/** `ols.tool-ui` renderers (exposed module `toolUI`), one per cnv-mcp-server tool. */
export { SearchResultToolUI } from './SearchResultToolUI';
export { DiagnosisToolUI } from './DiagnosisToolUI';
export {
  DependenciesToolUI,
  EventsToolUI,
  ExplainStatusToolUI,
  SuggestFixToolUI,
} from './SimpleToolUIs';
export type { OLSTool, ToolUIProps } from './types';
