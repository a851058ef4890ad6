import type { LightspeedRequest, OLSAttachment, QueryMode } from '../types';
import { OLS_LIMITS } from './constants';
import { OlsError } from './errors';

/** The subset of OLS `LLMRequest` this client sends; OLS answers 422 to any field it does not know. */
export interface OlsQueryBody {
  query: string;
  media_type: 'application/json';
  attachments?: OLSAttachment[];
  conversation_id?: string;
  mode?: QueryMode;
  mcp_headers?: Record<string, Record<string, string>>;
}

export interface BuildQueryBodyOptions {
  /** True only when the deployed OLS is known to accept `mode` / `mcp_headers` (OLS >= 1.0.10). */
  supportsMode: boolean;
  conversationId?: string;
  /** Client-provided MCP headers, `{serverName: {header: value}}`; sent only with `supportsMode`. */
  mcpHeaders?: Record<string, Record<string, string>>;
}

export interface SizeLimits {
  maxQueryChars: number;
  maxAttachmentChars: number;
  maxAttachments: number;
}

/**
 * Rejects what OLS would reject anyway (422/413) before anything leaves the browser.
 * Limits may be lowered by the admin's runtime config, never raised above OLS's own.
 */
export const checkRequestSize = (
  request: Pick<LightspeedRequest, 'query' | 'attachments'>,
  limits: Partial<SizeLimits> = {},
): void => {
  const maxQuery = Math.min(limits.maxQueryChars ?? Infinity, OLS_LIMITS.maxQueryChars);
  const maxAttachment = Math.min(
    limits.maxAttachmentChars ?? Infinity,
    OLS_LIMITS.maxAttachmentChars,
  );
  const maxAttachments = Math.min(limits.maxAttachments ?? Infinity, OLS_LIMITS.maxAttachments);
  if (request.query.length > maxQuery) {
    throw new OlsError('too-large', {
      detail: `The query has ${request.query.length} characters; the limit is ${maxQuery}.`,
    });
  }
  const attachments = request.attachments ?? [];
  if (attachments.length > maxAttachments) {
    throw new OlsError('too-large', {
      detail: `${attachments.length} attachments; the limit is ${maxAttachments}.`,
    });
  }
  attachments.forEach((attachment, index) => {
    if (attachment.content.length > maxAttachment) {
      throw new OlsError('too-large', {
        detail: `Attachment ${index + 1} (${attachment.attachment_type}) has ${attachment.content.length} characters; the limit is ${maxAttachment}.`,
      });
    }
  });
};

/** Copies only the three wire fields, so extra properties on a caller's object never reach OLS. */
const toWireAttachment = ({
  attachment_type,
  content_type,
  content,
}: OLSAttachment): OLSAttachment => ({ attachment_type, content_type, content });

/**
 * The JSON body of POST /v1/query and /v1/streaming_query. Throws `OlsError('too-large')` when the
 * request exceeds OLS's limits, so no request is made.
 */
export const buildQueryBody = (
  request: LightspeedRequest,
  options: BuildQueryBodyOptions,
  limits?: Partial<SizeLimits>,
): OlsQueryBody => {
  checkRequestSize(request, limits);
  const body: OlsQueryBody = { query: request.query, media_type: 'application/json' };
  if (request.attachments?.length) body.attachments = request.attachments.map(toWireAttachment);
  if (options.conversationId) body.conversation_id = options.conversationId;
  if (options.supportsMode) {
    if (request.mode) body.mode = request.mode;
    if (options.mcpHeaders && Object.keys(options.mcpHeaders).length > 0) {
      body.mcp_headers = options.mcpHeaders;
    }
  }
  return body;
};

export interface McpToolCallBody {
  server_name: string;
  tool_name: string;
  arguments: Record<string, unknown>;
}

/** The JSON body of POST /v1/mcp-apps/tools/call (`MCPAppToolCallRequest`). */
export const buildToolCallBody = (params: {
  serverName: string;
  toolName: string;
  args?: Record<string, unknown>;
}): McpToolCallBody => ({
  server_name: params.serverName,
  tool_name: params.toolName,
  arguments: params.args ?? {},
});
