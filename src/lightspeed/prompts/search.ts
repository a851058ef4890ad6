import { CNV_MCP_TOOLS } from '../../kubevirt/mcpTools';
import type { LightspeedRequest } from '../types';
import { configurationAttachment } from './attachments';
import { CITE_RULES, dataRulesSection, safeServerName, toolCallSections } from './common';
import { renderQuery } from './render';
import type { PromptSection } from './render';
import { cleanUserText } from './sanitize';
import type { PromptOptions, SearchPromptInput } from './types';

/** Natural-language VM search. */
export const buildSearchPrompt = (
  input: SearchPromptInput,
  options: PromptOptions,
): LightspeedRequest => {
  const userText = cleanUserText(input.userText);
  const namespace = input.namespace ? cleanUserText(input.namespace, 253) : undefined;
  const criteriaSections: PromptSection[] = input.criteria
    ? [
        {
          text: 'The console parsed the request into these filters; prefer them where your own reading differs:',
        },
        { label: 'cluster-data', data: JSON.stringify(input.criteria, null, 2), cap: 4000 },
      ]
    : [];
  const request: PromptSection[] = [
    { text: 'Find the OpenShift Virtualization virtual machines that match the request below.' },
    { label: 'user-text', data: userText, cap: 1200 },
  ];

  if (options.capability === 'mcp') {
    const args = { query: userText, ...(namespace ? { namespaces: [namespace] } : {}) };
    const sections: PromptSection[] = [
      ...request,
      ...toolCallSections('', CNV_MCP_TOOLS.search, args, safeServerName(options.serverName)),
      ...criteriaSections,
      {
        text:
          'Answer with the matching virtual machines (namespace, name, status) and how many matched. ' +
          'If the tool reports an error or no match, say so plainly and suggest a broader search. ' +
          CITE_RULES,
      },
      dataRulesSection,
    ];
    return {
      query: renderQuery(sections, options.maxQueryChars),
      expectedTools: [CNV_MCP_TOOLS.search],
    };
  }

  const sections: PromptSection[] = [
    ...request,
    ...(namespace
      ? [
          { text: 'The user is browsing this namespace:' },
          { label: 'cluster-data' as const, data: namespace, cap: 300 },
        ]
      : []),
    ...criteriaSections,
    {
      text:
        'Live cluster data is not available. Explain how to find these virtual machines: the ' +
        'Virtualization > VirtualMachines page filters, and the equivalent `oc get vm` command with ' +
        'label or field selectors and `-A` or `-n` as needed.',
    },
    dataRulesSection,
  ];
  return {
    query: renderQuery(sections, options.maxQueryChars),
    ...(input.criteria ? { attachments: [configurationAttachment(input.criteria)] } : {}),
  };
};
