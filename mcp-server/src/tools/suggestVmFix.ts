import { z } from 'zod';
import { CNV_MCP_TOOLS } from '../../../src/kubevirt/mcpTools';
import { defineTool } from './framework';
import { vmRefInput } from './schemas';
import { rootCauseSchema, suggestionSchema } from './diagnoseVmError';
import { loadVmContext } from './vmContext';

const output = z.object({
  vm: z.object({ name: z.string(), namespace: z.string(), printableStatus: z.string() }),
  rootCause: rootCauseSchema,
  suggestions: z.array(suggestionSchema),
  note: z.string(),
});

const NOTE = 'Nothing was executed. Review each command before running it yourself.';

const renderFixes = ({ vm, rootCause, suggestions, note }: z.infer<typeof output>): string => {
  const lines = [
    `## Fixes for ${vm.namespace}/${vm.name}` + (rootCause ? ` (${rootCause.category})` : ''),
    ...(suggestions.length ? [] : ['No fix needed: no problem was found.']),
  ];
  suggestions.forEach((s, i) => {
    lines.push(`${i + 1}. **${s.title}** (${s.risk} risk, rule ${s.ruleId}): ${s.description}`);
    for (const command of s.commands) lines.push(`   \`${command}\``);
  });
  lines.push('', note);
  return lines.join('\n');
};

export const suggestVmFixTool = defineTool({
  name: CNV_MCP_TOOLS.suggestFix,
  title: 'Virtual Machine: Suggest fix',
  description:
    'Suggest fixes for the diagnosed root cause of an OpenShift Virtualization VirtualMachine, with the ' +
    'exact oc / virtctl commands and the risk of each. Nothing is executed: the user runs them.',
  input: vmRefInput,
  output,
  run: async ({ namespace, name }, env) => {
    const { diagnosis } = await loadVmContext(env, namespace, name);

    return {
      structured: {
        vm: diagnosis.vm,
        rootCause: diagnosis.rootCause,
        suggestions: diagnosis.suggestions,
        note: NOTE,
      },
      render: renderFixes,
    };
  },
});
