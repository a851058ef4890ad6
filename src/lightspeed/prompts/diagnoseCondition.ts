import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import { redactText } from '../../kubevirt/redaction';
import type { LightspeedRequest, OLSAttachment } from '../types';
import { eventsAttachment, logAttachment, objectAttachment } from './attachments';
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
import type { DiagnoseConditionPromptInput, PromptOptions } from './types';

/** Each field is redacted on its own: a message holding a JSON document is parsed as one. */
const conditionText = ({
  type,
  status,
  reason,
  message,
}: DiagnoseConditionPromptInput['condition']): string =>
  [
    `type: ${redactText(type)}`,
    `status: ${redactText(status)}`,
    reason ? `reason: ${redactText(reason)}` : '',
    message ? `message: ${redactText(message)}` : '',
  ]
    .filter(Boolean)
    .join('\n');

/** "Why does my VM have this condition?" from the condition popover. */
export const buildDiagnoseConditionPrompt = (
  input: DiagnoseConditionPromptInput,
  options: PromptOptions,
): LightspeedRequest => {
  const ref = vmRefOf(input.vm);
  const context: PromptSection[] = [
    { text: 'The condition, as the cluster reports it:' },
    { label: 'cluster-data', data: conditionText(input.condition), cap: 6000 },
    ...findingsSections(input.findings),
  ];

  if (options.capability === 'mcp') {
    const server = safeServerName(options.serverName);
    const sections: PromptSection[] = [
      {
        text: 'Diagnose why an OpenShift Virtualization virtual machine reports the condition below.',
      },
      ...toolCallSections('1. ', CNV_MCP_TOOLS.diagnose, { ...ref }, server),
      {
        text:
          `2. If you need more detail, call \`${CNV_MCP_TOOLS.events}\` for recent events or ` +
          `\`${CNV_MCP_TOOLS.dependencies}\` for missing disks, Secrets, ConfigMaps or networks, ` +
          'with the same JSON arguments.',
      },
      ...peerToolSections(options.peerTools),
      ...context,
      { text: `${ANSWER_SHAPE} ${CITE_RULES}` },
      dataRulesSection,
    ];
    return {
      query: renderQuery(sections, options.maxQueryChars),
      expectedTools: [CNV_MCP_TOOLS.diagnose, CNV_MCP_TOOLS.events, CNV_MCP_TOOLS.dependencies],
    };
  }

  const attachments: OLSAttachment[] = [objectAttachment(input.vm)];
  if (input.vmi) attachments.push(objectAttachment(input.vmi));
  if (input.pod) attachments.push(objectAttachment(input.pod));
  if (input.events?.length) attachments.push(eventsAttachment(input.events));
  if (input.logs?.length) attachments.push(logAttachment(input.logs));
  const sections: PromptSection[] = [
    {
      text: 'Diagnose why an OpenShift Virtualization virtual machine reports the condition below.',
    },
    { text: STATIC_USE_ATTACHMENTS },
    { text: 'The virtual machine:' },
    vmIdentitySection(ref),
    ...context,
    { text: `${ANSWER_SHAPE} ${CITE_RULES}` },
    dataRulesSection,
  ];
  return { query: renderQuery(sections, options.maxQueryChars), attachments };
};
