import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { olsUiId } from '../../../src/kubevirt/mcpTools';
import { runTool, type Caller, type RunnerDeps } from '../runtime/toolRunner';
import { checkVmDependenciesTool } from './checkVmDependencies';
import { diagnoseVmErrorTool } from './diagnoseVmError';
import { explainVmStatusTool } from './explainVmStatus';
import type { CnvTool } from './framework';
import { getVmEventsTool } from './getVmEvents';
import { searchVirtualMachinesTool } from './searchVirtualMachines';
import { suggestVmFixTool } from './suggestVmFix';

export const CNV_TOOLS: readonly CnvTool[] = [
  searchVirtualMachinesTool,
  diagnoseVmErrorTool,
  explainVmStatusTool,
  checkVmDependenciesTool,
  getVmEventsTool,
  suggestVmFixTool,
] as CnvTool[];

/** Registers every tool, all read-only, each rendered in the chat by the plugin's `olsUi` component. */
export const registerTools = (server: McpServer, caller: Caller, deps: RunnerDeps): void => {
  for (const tool of CNV_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: {
          title: tool.title,
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
        _meta: { olsUi: { id: olsUiId(tool.name) } },
      },
      (args: unknown) => runTool(tool, args, caller, deps),
    );
  }
};
