/**
 * The cnv-mcp-server tool names and the ids of their chat renderers (`_meta.olsUi.id`).
 * Prompts name these tools, the server registers them, and ols.tool-ui extensions render them:
 * one list keeps the three in step.
 */
export const CNV_MCP_TOOLS = {
  search: 'search_virtual_machines',
  diagnose: 'diagnose_vm_error',
  explain: 'explain_vm_status',
  dependencies: 'check_vm_dependencies',
  events: 'get_vm_events',
  suggestFix: 'suggest_vm_fix',
} as const;

export type CnvMcpToolName = (typeof CNV_MCP_TOOLS)[keyof typeof CNV_MCP_TOOLS];

export const ALL_CNV_MCP_TOOLS: readonly CnvMcpToolName[] = Object.values(CNV_MCP_TOOLS);

/** Default name under which admins register the server in OLSConfig spec.mcpServers. */
export const DEFAULT_MCP_SERVER_NAME = 'cnv-mcp-server';

export const olsUiId = (tool: CnvMcpToolName): string => `cnv-mcp/${tool}`;
