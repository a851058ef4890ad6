import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import { redactText } from '../../kubevirt/redaction';
import type { LightspeedRequest, OLSAttachment } from '../types';
import { errorAttachment, eventsAttachment, logAttachment, objectAttachment } from './attachments';
import {
  ANSWER_SHAPE,
  CITE_RULES,
  STATIC_USE_ATTACHMENTS,
  dataRulesSection,
  findingsSections,
  safeServerName,
  peerToolSections,
  toolCallSections,
  vmIdentitySection,
  vmRefOf,
} from './common';
import { renderQuery } from './render';
import type { PromptSection } from './render';
import type { PromptOptions, TroubleshootErrorPromptInput } from './types';

/**
 * "Troubleshoot with AI" on an error alert. Without a VM there is nothing to pass to a tool, so
 * the mcp variant then asks for no tool (and expects none) and sends the error as an attachment.
 */
export const buildTroubleshootErrorPrompt = (
  input: TroubleshootErrorPromptInput,
  options: PromptOptions,
): LightspeedRequest => {
  const errorSections: PromptSection[] = [
    { text: 'The error shown in the console (title, then message):' },
    {
      label: 'cluster-data',
      data: `${redactText(input.error.title)}\n\n${redactText(input.error.message)}`,
      cap: 8000,
    },
    ...findingsSections(input.findings),
  ];
  const intro: PromptSection = {
    text: 'Troubleshoot the OpenShift Virtualization error below: find its cause and how to fix it.',
  };

  if (options.capability === 'mcp' && input.vm) {
    const ref = vmRefOf(input.vm);
    const server = safeServerName(options.serverName);
    const sections: PromptSection[] = [
      intro,
      ...errorSections,
      ...toolCallSections('1. ', CNV_MCP_TOOLS.diagnose, { ...ref }, server),
      {
        text:
          `2. Then call \`${CNV_MCP_TOOLS.suggestFix}\` with the same JSON arguments for the ` +
          `remediation, and \`${CNV_MCP_TOOLS.events}\` if the events are needed.`,
      },
      ...peerToolSections(options.peerTools),
      { text: `${ANSWER_SHAPE} ${CITE_RULES}` },
      dataRulesSection,
    ];
    return {
      query: renderQuery(sections, options.maxQueryChars),
      mode: 'troubleshooting',
      expectedTools: [CNV_MCP_TOOLS.diagnose, CNV_MCP_TOOLS.suggestFix, CNV_MCP_TOOLS.events],
    };
  }

  const attachments: OLSAttachment[] = [errorAttachment(input.error.title, input.error.message)];
  if (input.vm) attachments.push(objectAttachment(input.vm));
  if (input.vmi) attachments.push(objectAttachment(input.vmi));
  if (input.events?.length) attachments.push(eventsAttachment(input.events));
  if (input.logs?.length) attachments.push(logAttachment(input.logs));
  const sections: PromptSection[] = [
    intro,
    { text: STATIC_USE_ATTACHMENTS },
    ...(input.vm ? [{ text: 'The virtual machine:' }, vmIdentitySection(vmRefOf(input.vm))] : []),
    ...errorSections,
    { text: `${ANSWER_SHAPE} ${CITE_RULES}` },
    dataRulesSection,
  ];
  return {
    query: renderQuery(sections, options.maxQueryChars),
    attachments,
    mode: 'troubleshooting',
  };
};
