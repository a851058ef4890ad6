/** Where the console proxies OLS (lightspeed-console's ConsolePlugin proxy alias `ols`, user token). */
export const OLS_BASE_URL = '/api/proxy/plugin/lightspeed-console-plugin/ols';

export const OLS_ENDPOINTS = {
  streamingQuery: `${OLS_BASE_URL}/v1/streaming_query`,
  query: `${OLS_BASE_URL}/v1/query`,
  readiness: `${OLS_BASE_URL}/readiness`,
  mcpToolCall: `${OLS_BASE_URL}/v1/mcp-apps/tools/call`,
  toolApprovalDecision: `${OLS_BASE_URL}/v1/tool-approvals/decision`,
} as const;

/** Limits OLS enforces (LLMRequest.query max_length, Attachment.content max_length, attachments max). */
export const OLS_LIMITS = {
  maxQueryChars: 32_000,
  maxAttachmentChars: 100_000,
  maxAttachments: 10,
} as const;

/** An answer that takes longer than this is abandoned with a `timeout` error. */
export const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

/** Tool calls (and the capability probe) are cheap; they should not hang the UI. */
export const DEFAULT_TOOL_CALL_TIMEOUT_MS = 30_000;

/** Served by OLS (FastAPI) without authentication; read once per session to learn its features. */
export const OLS_OPENAPI_URL = `${OLS_BASE_URL}/openapi.json`;
/** lightspeed-console asks this first; 401/403 mean the user may not use Lightspeed at all. */
export const OLS_AUTHORIZED_URL = `${OLS_BASE_URL}/authorized`;
