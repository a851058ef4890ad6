/**
 * Events of OLS `POST /v1/streaming_query` with `media_type: application/json`
 * (ols/app/endpoints/streaming_ols.py): one `data: {"event": ..., "data": {...}}` line per event.
 */

export interface OlsRawToolCall {
  id?: string;
  name?: string;
  args?: Record<string, unknown>;
  type?: string;
  server_name?: string;
  tool_meta?: unknown;
}

export interface OlsRawToolResult {
  id?: string;
  name?: string;
  status?: string;
  content?: unknown;
  type?: string;
  round?: number;
  structured_content?: unknown;
  server_name?: string;
  tool_meta?: { olsUi?: { id?: string } } & Record<string, unknown>;
}

/**
 * `ApprovalRequiredPayload` (ols/src/tools/tools.py): OLS holds the tool call until
 * `POST /v1/tool-approvals/decision` or its approval timeout. No tool call id and no server name:
 * `tool_annotation` is the tool's metadata normalised by `normalize_tool_annotation` (its MCP
 * annotations, or, for a tool without any, the whole metadata including `mcp_server`).
 */
export interface OlsRawApprovalRequired {
  approval_id?: string;
  tool_name?: string;
  tool_description?: string;
  tool_args?: Record<string, unknown>;
  tool_annotation?: Record<string, unknown>;
}

export interface OlsRawReferencedDocument {
  doc_url?: string;
  doc_title?: string;
}

export type OlsStreamEvent =
  | { event: 'start'; data: { conversation_id?: string } }
  | { event: 'token'; data: { id?: number; token?: string } }
  | { event: 'reasoning'; data: { id?: number; reasoning?: string } }
  | { event: 'tool_call'; data: OlsRawToolCall }
  | { event: 'tool_result'; data: OlsRawToolResult }
  | { event: 'approval_required'; data: OlsRawApprovalRequired }
  | {
      event: 'skill_selected';
      data: { name?: string; confidence?: number; skipped?: boolean; reason?: string };
    }
  | {
      event: 'end';
      data: {
        referenced_documents?: OlsRawReferencedDocument[];
        truncated?: boolean;
        input_tokens?: number;
        output_tokens?: number;
        reasoning_tokens?: number;
      };
      /** OLS puts `available_quotas` next to `event`/`data`, not inside `data`. */
      availableQuotas?: Record<string, number>;
    }
  | { event: 'error'; data: { response?: string; cause?: string; status_code?: number } }
  /** A `data:` line that is not a JSON event object; the stream can no longer be trusted. */
  | { event: 'malformed'; raw: string };

export type OlsStreamEventName = OlsStreamEvent['event'];

export const KNOWN_STREAM_EVENTS: ReadonlySet<string> = new Set([
  'start',
  'token',
  'reasoning',
  'tool_call',
  'tool_result',
  'approval_required',
  'skill_selected',
  'end',
  'error',
]);
