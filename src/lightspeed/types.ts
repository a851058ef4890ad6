/** Types of the Lightspeed client layer, shared by the client, prompts, capabilities and components. */

/** OLS wire attachment (`Attachment` in the OLS OpenAPI document). */
export type OLSAttachmentType =
  'alert' | 'api object' | 'configuration' | 'error message' | 'event' | 'log' | 'stack trace';

export type OLSContentType =
  'text/plain' | 'application/json' | 'application/yaml' | 'application/xml';

export interface OLSAttachment {
  attachment_type: OLSAttachmentType;
  content_type: OLSContentType;
  content: string;
}

export type QueryMode = 'ask' | 'troubleshooting';

/** What a prompt builder produces and LightspeedCard sends. */
export interface LightspeedRequest {
  query: string;
  /**
   * Short, human-readable (translated) question the Lightspeed chat shows in place of `query`, which
   * is a machine prompt; never sent to OLS.
   */
  question?: string;
  attachments?: OLSAttachment[];
  /** Sent only when the server is known to accept `mode` (OLS >= 1.0.10). */
  mode?: QueryMode;
  /** cnv-mcp-server tools the prompt asks for; an answer that used none of them demotes to `static`. */
  expectedTools?: string[];
}

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  serverName?: string;
}

export interface ToolResult {
  id: string;
  name: string;
  status: 'success' | 'error' | 'truncated' | string;
  content: string;
  structuredContent?: unknown;
  serverName?: string;
  olsUiId?: string;
}

export interface ReferencedDocument {
  doc_url: string;
  doc_title: string;
}

export interface OLSQueryResult {
  conversationId?: string;
  text: string;
  toolCalls: ToolCall[];
  toolResults: ToolResult[];
  referencedDocuments: ReferencedDocument[];
  truncated: boolean;
  inputTokens?: number;
  outputTokens?: number;
}

export type AICapability = 'mcp' | 'static' | 'off';

/** plugin-config.json, served by the plugin's nginx from Helm values. */
export interface PluginRuntimeConfig {
  ai: {
    /** The admin's kill switch. */
    enabled: boolean;
    /** Name of cnv-mcp-server as registered in OLSConfig spec.mcpServers. */
    mcpServerName: string;
    /**
     * Mask names before prompts leave the console and restore them in answers (Helm
     * `ai.anonymizeNames`); implies static prompts. Absent: false.
     */
    anonymizeNames?: boolean;
  };
  limits: {
    maxQueryChars: number;
    maxAttachmentChars: number;
    requestTimeoutMs: number;
  };
}
