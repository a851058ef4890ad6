import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import { redactText } from '../../kubevirt/redaction';
import type { Condition } from '../../kubevirt/types';
import type { LightspeedRequest, OLSAttachment } from '../types';
import { objectAttachment } from './attachments';
import {
  CITE_RULES,
  STATIC_USE_ATTACHMENTS,
  dataRulesSection,
  safeServerName,
  peerToolSections,
  toolCallSections,
  vmIdentitySection,
  vmRefOf,
} from './common';
import { renderQuery } from './render';
import type { PromptSection } from './render';
import type { ExplainStatusPromptInput, PromptOptions } from './types';

/** One line per fact; each cluster string is redacted on its own before it is joined. */
const statusSummary = ({ vm, vmi }: ExplainStatusPromptInput): string => {
  const r = (value: unknown): string => redactText(String(value));
  const conditions = (list: Condition[] | undefined): string[] =>
    (list ?? []).map(
      (c) =>
        `  - ${r(c.type)}=${r(c.status)}${c.reason ? ` (${r(c.reason)})` : ''}${c.message ? `: ${r(c.message)}` : ''}`,
    );
  const runStrategy =
    vm.spec?.runStrategy ??
    (vm.spec?.running === undefined ? 'unset' : `running=${vm.spec.running}`);
  return [
    `printableStatus: ${r(vm.status?.printableStatus ?? 'unknown')}`,
    `runStrategy: ${r(runStrategy)}`,
    'vm conditions:',
    ...conditions(vm.status?.conditions),
    ...(vmi
      ? [
          `vmi phase: ${r(vmi.status?.phase ?? 'unknown')}`,
          `node: ${r(vmi.status?.nodeName ?? 'none')}`,
          'vmi conditions:',
          ...conditions(vmi.status?.conditions),
        ]
      : []),
  ].join('\n');
};

/** "What does this status mean?" for a VM. */
export const buildExplainStatusPrompt = (
  input: ExplainStatusPromptInput,
  options: PromptOptions,
): LightspeedRequest => {
  const ref = vmRefOf(input.vm);
  const summary: PromptSection[] = [
    { text: 'Status fields as the cluster reports them:' },
    { label: 'cluster-data', data: statusSummary(input), cap: 8000 },
  ];
  const ask: PromptSection = {
    text:
      'Answer in Markdown: what the status means, why the VM is in it, whether action is needed and ' +
      `which. ${CITE_RULES}`,
  };

  if (options.capability === 'mcp') {
    const sections: PromptSection[] = [
      { text: 'Explain the current status of an OpenShift Virtualization virtual machine.' },
      ...toolCallSections(
        '1. ',
        CNV_MCP_TOOLS.explain,
        { ...ref },
        safeServerName(options.serverName),
      ),
      {
        text: `2. If the status points to a problem, call \`${CNV_MCP_TOOLS.events}\` with the same JSON arguments.`,
      },
      ...peerToolSections(options.peerTools),
      ...summary,
      ask,
      dataRulesSection,
    ];
    return {
      query: renderQuery(sections, options.maxQueryChars),
      expectedTools: [CNV_MCP_TOOLS.explain, CNV_MCP_TOOLS.events],
    };
  }

  const attachments: OLSAttachment[] = [objectAttachment(input.vm)];
  if (input.vmi) attachments.push(objectAttachment(input.vmi));
  const sections: PromptSection[] = [
    { text: 'Explain the current status of an OpenShift Virtualization virtual machine.' },
    { text: STATIC_USE_ATTACHMENTS },
    { text: 'The virtual machine:' },
    vmIdentitySection(ref),
    ...summary,
    ask,
    dataRulesSection,
  ];
  return { query: renderQuery(sections, options.maxQueryChars), attachments };
};
