import type { OLSQueryResult, ReferencedDocument, ToolCall, ToolResult } from '../types';
import type {
  OlsRawApprovalRequired,
  OlsRawReferencedDocument,
  OlsRawToolCall,
  OlsRawToolResult,
  OlsStreamEvent,
} from './streamEvents';
import type { ToolApprovalRequest } from './toolApproval';

declare module '../types' {
  interface OLSQueryResult {
    /**
     * Tool calls OLS holds for the user's approval (`approval_required`), until the call's
     * `tool_result` (run, denied or timed out) or the end of the answer. Absent when none was asked.
     */
    pendingApprovals?: ToolApprovalRequest[];
  }
}

export const emptyQueryResult = (): OLSQueryResult => ({
  text: '',
  toolCalls: [],
  toolResults: [],
  referencedDocuments: [],
  truncated: false,
});

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const asOptionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** MCP tool output arrives as a string, or as content blocks; the UI wants text. */
const contentToText = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((block) => {
        const text = asRecord(block).text;
        return typeof text === 'string' ? text : '';
      })
      .filter(Boolean)
      .join('\n');
  }
  if (content === undefined || content === null) return '';
  return JSON.stringify(content);
};

export const toToolCall = (raw: OlsRawToolCall): ToolCall => ({
  id: asOptionalString(raw.id) ?? '',
  name: asOptionalString(raw.name) ?? '',
  args: asRecord(raw.args),
  ...(asOptionalString(raw.server_name) ? { serverName: raw.server_name } : {}),
});

export const toToolResult = (raw: OlsRawToolResult, calls: ToolCall[] = []): ToolResult => {
  const id = asOptionalString(raw.id) ?? '';
  // Some OLS versions omit `name` on results; the call with the same id has it.
  const name = asOptionalString(raw.name) ?? calls.find((call) => call.id === id)?.name ?? '';
  const olsUiId = asOptionalString(asRecord(asRecord(raw.tool_meta).olsUi).id);
  const serverName =
    asOptionalString(raw.server_name) ?? calls.find((call) => call.id === id)?.serverName;
  return {
    id,
    name,
    status: asOptionalString(raw.status) ?? 'success',
    content: contentToText(raw.content),
    ...(raw.structured_content !== undefined && raw.structured_content !== null
      ? { structuredContent: raw.structured_content }
      : {}),
    ...(serverName ? { serverName } : {}),
    ...(olsUiId ? { olsUiId } : {}),
  };
};

/** JSON with sorted keys, so arguments compare equal whatever order OLS serialised them in. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );

/**
 * An `approval_required` event → the approval to show, paired with the `tool_call` of the same name
 * and arguments that has no result and no approval yet. Null without an approval id (nothing to
 * decide).
 */
export const toToolApproval = (
  raw: OlsRawApprovalRequired,
  state: Pick<OLSQueryResult, 'toolCalls' | 'toolResults' | 'pendingApprovals'>,
): ToolApprovalRequest | null => {
  const approvalId = asOptionalString(raw.approval_id);
  if (!approvalId) return null;
  const toolName = asOptionalString(raw.tool_name) ?? '';
  const args = asRecord(raw.tool_args);
  const annotations = asRecord(raw.tool_annotation);
  const argsKey = stableJson(args);
  const call = state.toolCalls.find(
    (candidate) =>
      candidate.name === toolName &&
      stableJson(candidate.args) === argsKey &&
      !state.toolResults.some((result) => result.id === candidate.id) &&
      !(state.pendingApprovals ?? []).some((approval) => approval.toolCallId === candidate.id),
  );
  const description = asOptionalString(raw.tool_description);
  const serverName = call?.serverName ?? asOptionalString(annotations.mcp_server);
  return {
    approvalId,
    toolName,
    ...(description ? { description } : {}),
    args,
    ...(serverName ? { serverName } : {}),
    ...(call?.id ? { toolCallId: call.id } : {}),
    annotations,
  };
};

/** A tool result ends the wait of its call's approval (an unpaired approval: the first of that tool). */
const withoutResolvedApproval = (
  pending: ToolApprovalRequest[],
  result: ToolResult,
): ToolApprovalRequest[] => {
  let index = pending.findIndex((approval) => approval.toolCallId === result.id);
  if (index === -1) {
    index = pending.findIndex(
      (approval) => approval.toolCallId === undefined && approval.toolName === result.name,
    );
  }
  return index === -1 ? pending : pending.filter((_approval, i) => i !== index);
};

export const toReferencedDocuments = (raw: unknown): ReferencedDocument[] =>
  (Array.isArray(raw) ? raw : [])
    .map((doc: OlsRawReferencedDocument) => ({
      doc_url: asOptionalString(asRecord(doc).doc_url) ?? '',
      doc_title: asOptionalString(asRecord(doc).doc_title) ?? '',
    }))
    .filter((doc) => doc.doc_url.length > 0);

/** Folds one stream event into the answer so far. Pure; returns the same object when nothing changes. */
export const reduceOlsEvent = (state: OLSQueryResult, event: OlsStreamEvent): OLSQueryResult => {
  switch (event.event) {
    case 'start': {
      const conversationId = asOptionalString(event.data.conversation_id);
      return conversationId ? { ...state, conversationId } : state;
    }
    case 'token': {
      const token = typeof event.data.token === 'string' ? event.data.token : '';
      return token ? { ...state, text: state.text + token } : state;
    }
    case 'tool_call':
      return { ...state, toolCalls: [...state.toolCalls, toToolCall(event.data)] };
    case 'approval_required': {
      const approval = toToolApproval(event.data, state);
      const pending = state.pendingApprovals ?? [];
      if (!approval || pending.some((item) => item.approvalId === approval.approvalId)) {
        return state;
      }
      return { ...state, pendingApprovals: [...pending, approval] };
    }
    case 'tool_result': {
      const result = toToolResult(event.data, state.toolCalls);
      return {
        ...state,
        toolResults: [...state.toolResults, result],
        ...(state.pendingApprovals
          ? { pendingApprovals: withoutResolvedApproval(state.pendingApprovals, result) }
          : {}),
      };
    }
    case 'end': {
      const data = event.data;
      return {
        ...state,
        // Nothing can wait for the user once the answer is complete.
        ...(state.pendingApprovals ? { pendingApprovals: [] } : {}),
        referencedDocuments: toReferencedDocuments(data.referenced_documents),
        truncated: data.truncated === true,
        ...(asNumber(data.input_tokens) !== undefined ? { inputTokens: data.input_tokens } : {}),
        ...(asNumber(data.output_tokens) !== undefined ? { outputTokens: data.output_tokens } : {}),
      };
    }
    default:
      return state;
  }
};

/** Folds a whole event list (used by tests and by the non-streaming fallback's consumers). */
export const reduceOlsEvents = (events: OlsStreamEvent[]): OLSQueryResult =>
  events.reduce(reduceOlsEvent, emptyQueryResult());

/**
 * POST /v1/query answers with `LLMResponse`; returns null when the body is not one (caller reports
 * `malformed`).
 */
export const fromLLMResponse = (body: unknown): OLSQueryResult | null => {
  const record = asRecord(body);
  if (typeof record.response !== 'string') return null;
  const toolCalls = (Array.isArray(record.tool_calls) ? record.tool_calls : []).map((call) =>
    toToolCall(asRecord(call) as OlsRawToolCall),
  );
  const toolResults = (Array.isArray(record.tool_results) ? record.tool_results : []).map(
    (result) => toToolResult(asRecord(result) as OlsRawToolResult, toolCalls),
  );
  const conversationId = asOptionalString(record.conversation_id);
  const inputTokens = asNumber(record.input_tokens);
  const outputTokens = asNumber(record.output_tokens);
  return {
    ...(conversationId ? { conversationId } : {}),
    text: record.response,
    toolCalls,
    toolResults,
    referencedDocuments: toReferencedDocuments(record.referenced_documents),
    truncated: record.truncated === true,
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
  };
};
