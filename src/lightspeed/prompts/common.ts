import { redactText } from '../../kubevirt/redaction';
import type { K8sObject } from '../../kubevirt/types';
import { CNV_MCP_TOOLS, DEFAULT_MCP_SERVER_NAME } from '../../kubevirt/mcpTools';
import type { CnvMcpToolName } from '../../kubevirt/mcpTools';
import { DATA_RULES } from './fence';
import type { PromptSection } from './render';
import { OPENSHIFT_MCP_TOOLS } from '../capabilities/openshiftMcpTools';
import type { PeerToolOptions, PromptFinding } from './types';

export { CNV_MCP_TOOLS };

/** Server names come from admin config; anything unusual falls back to the default name. */
export const safeServerName = (name?: string): string =>
  name && /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name) ? name : DEFAULT_MCP_SERVER_NAME;

export interface VmRef {
  namespace: string;
  name: string;
}

export const vmRefOf = (obj: K8sObject): VmRef => ({
  namespace: redactText(obj.metadata?.namespace ?? ''),
  name: redactText(obj.metadata?.name ?? ''),
});

/** "Call tool X of server S with exactly these JSON arguments" + the arguments in a json fence. */
export const toolCallSections = (
  step: string,
  tool: CnvMcpToolName,
  args: Record<string, unknown>,
  serverName: string,
): PromptSection[] => [
  {
    text: `${step}Call the \`${tool}\` tool of the MCP server \`${serverName}\` with exactly these JSON arguments:`,
  },
  { label: 'json', data: JSON.stringify(args), cap: 4000 },
];

const findingLine = (finding: PromptFinding): string =>
  `- [${redactText(finding.ruleId)}]${finding.severity ? ` ${redactText(finding.severity)}` : ''}: ${redactText(finding.message)}`;

/** The local rule engine's findings, as context the model must cite by rule id. */
export const findingsSections = (findings: PromptFinding[] | undefined): PromptSection[] =>
  findings && findings.length > 0
    ? [
        { text: "Findings of the console's rule engine (rule id, severity, message):" },
        { label: 'findings', data: findings.map(findingLine).join('\n'), cap: 6000 },
      ]
    : [];

export const CITE_RULES =
  'Cite in square brackets the rule ids (such as [vm.image-pull]) of the findings you rely on, ' +
  'whether they come from a tool result or from the findings listed here.';

export const STATIC_USE_ATTACHMENTS =
  'The related objects are attached as redacted YAML and text. Base the answer on the ' +
  'attachments and the blocks below; do not call tools.';

export const ANSWER_SHAPE =
  'Answer in Markdown: the cause in one or two sentences, then numbered steps to fix it with ' +
  'exact `oc` or `virtctl` commands, and what to check afterwards.';

export const dataRulesSection: PromptSection = { text: DATA_RULES };

/** `namespace`/`name` of a VM as a fenced block: names are cluster data too. */
export const vmIdentitySection = (ref: VmRef): PromptSection => ({
  label: 'cluster-data',
  data: `namespace: ${ref.namespace}\nname: ${ref.name}`,
  cap: 600,
});

export const uniqueTools = (tools: CnvMcpToolName[]): CnvMcpToolName[] => [...new Set(tools)];

/**
 * What openshift-mcp-server adds for this VM, only for the tools capability detection found:
 * guest agent data on demand, and start/stop/restart only when the user asks for it (OLS asks the
 * user to approve the call). Nothing when the server is not registered.
 */
export const peerToolSections = (peerTools: PeerToolOptions | undefined): PromptSection[] => {
  if (!peerTools || (!peerTools.guestInfo && !peerTools.lifecycle)) return [];
  const server = safeServerName(peerTools.serverName);
  const lines: string[] = [];
  if (peerTools.guestInfo) {
    lines.push(
      `- For the guest OS (agent, filesystems, users, network interfaces), call \`${OPENSHIFT_MCP_TOOLS.guestInfo}\` ` +
        `of the MCP server \`${server}\` with the same JSON arguments.`,
    );
  }
  if (peerTools.lifecycle) {
    lines.push(
      `- Only if the user asks to start, stop or restart the VM, call \`${OPENSHIFT_MCP_TOOLS.lifecycle}\` ` +
        `of the MCP server \`${server}\` with the same JSON arguments plus "action" ("start", "stop" ` +
        'or "restart"); the user approves it before it runs. Never call it on your own initiative.',
    );
  }
  return [{ text: `Other tools for this VM:\n${lines.join('\n')}` }];
};
