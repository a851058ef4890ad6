/** lightspeed-console's `Tool` as passed to `ols.tool-ui` components (src/types.ts there). */
export interface OLSTool {
  name: string;
  args?: Record<string, unknown>;
  content?: string;
  status?: 'error' | 'success' | 'truncated' | string;
  structuredContent?: unknown;
  serverName?: string;
  olsToolUiID?: string;
}

export interface ToolUIProps {
  tool?: OLSTool;
}
