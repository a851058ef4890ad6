import { DEFAULT_TOOL_CALL_TIMEOUT_MS, OLS_ENDPOINTS } from './constants';
import { OlsError } from './errors';
import { createCallGuard, postJson, readJsonBody } from './http';
import { buildToolCallBody } from './requestBody';

/** One MCP content block (`{type: 'text', text}`, images, resources...). */
export type McpContentBlock = { type?: string; text?: string } & Record<string, unknown>;

/** `MCPAppToolCallResponse` of OLS, as on the wire. */
export interface McpToolCallResult {
  content: McpContentBlock[];
  structured_content?: Record<string, unknown> | null;
  is_error: boolean;
}

export interface CallMcpToolParams {
  serverName: string;
  toolName: string;
  args?: Record<string, unknown>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text blocks of a tool result joined, for display or for a prompt. */
export const mcpResultText = (result: McpToolCallResult): string =>
  result.content
    .map((block) => (typeof block.text === 'string' ? block.text : ''))
    .filter(Boolean)
    .join('\n');

/**
 * Calls one tool of an MCP server registered in OLS, with the user's token and without the LLM
 * (POST /v1/mcp-apps/tools/call). Rejects only with OlsError; 404/405 (server not registered, no MCP
 * servers configured, or an OLS without the route) is `mcp-unavailable`. A tool that ran and failed
 * resolves with `is_error: true`.
 */
export const callMcpTool = async ({
  serverName,
  toolName,
  args,
  signal,
  timeoutMs = DEFAULT_TOOL_CALL_TIMEOUT_MS,
}: CallMcpToolParams): Promise<McpToolCallResult> => {
  const guard = createCallGuard(signal, timeoutMs);
  try {
    const body = buildToolCallBody({ serverName, toolName, args });
    let response: Response;
    try {
      response = await postJson(OLS_ENDPOINTS.mcpToolCall, body, guard);
    } catch (error) {
      if (error instanceof OlsError && (error.status === 404 || error.status === 405)) {
        throw new OlsError('mcp-unavailable', {
          status: error.status,
          detail: error.detail,
          cause: error.cause,
        });
      }
      throw error;
    }
    const json = await readJsonBody(response, guard);
    if (!isRecord(json) || !Array.isArray(json.content)) {
      throw new OlsError('malformed', { detail: 'The tool call answer has no content list.' });
    }
    return {
      content: json.content.filter(isRecord) as McpContentBlock[],
      structured_content: isRecord(json.structured_content) ? json.structured_content : null,
      is_error: json.is_error === true,
    };
  } catch (error) {
    throw (
      guard.stopReason() ??
      (error instanceof OlsError
        ? error
        : new OlsError('malformed', { detail: error instanceof Error ? error.message : '' }))
    );
  } finally {
    guard.dispose();
  }
};
