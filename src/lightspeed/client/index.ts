export { OLS_BASE_URL, OLS_ENDPOINTS, OLS_LIMITS, DEFAULT_QUERY_TIMEOUT_MS } from './constants';
export { OlsError, isOlsError, isRetryable, type OlsErrorKind } from './errors';
export { describeOlsError, type OlsErrorDescription, type TranslateFn } from './describeError';
export {
  buildQueryBody,
  buildToolCallBody,
  checkRequestSize,
  type BuildQueryBodyOptions,
  type McpToolCallBody,
  type OlsQueryBody,
  type SizeLimits,
} from './requestBody';
export { createOlsStreamParser, type OlsStreamParser } from './streamParser';
export type { OlsStreamEvent, OlsStreamEventName } from './streamEvents';
export {
  emptyQueryResult,
  fromLLMResponse,
  reduceOlsEvent,
  reduceOlsEvents,
} from './resultReducer';
export { streamQuery, type StreamQueryOptions } from './streamQuery';
export {
  callMcpTool,
  mcpResultText,
  type CallMcpToolParams,
  type McpContentBlock,
  type McpToolCallResult,
} from './callMcpTool';
export { checkOlsReadiness, type OlsReadiness } from './readiness';
