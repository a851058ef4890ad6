import { z } from 'zod';
import { explainVmStatus } from '../../../src/kubevirt/diagnosis';
import { CNV_MCP_TOOLS } from '../../../src/kubevirt/mcpTools';
import { defineTool } from './framework';
import { vmRefInput } from './schemas';
import { rootCauseSchema } from './diagnoseVmError';
import { loadVmContext } from './vmContext';

const output = z.object({
  vm: z.object({ name: z.string(), namespace: z.string() }),
  status: z.string(),
  group: z.string(),
  meaning: z.string(),
  whatHappensNext: z.string(),
  nextSteps: z.array(z.string()),
  conditions: z.array(
    z.object({
      source: z.string(),
      type: z.string(),
      status: z.string(),
      reason: z.string().optional(),
      message: z.string().optional(),
      explanation: z.string(),
    }),
  ),
  rootCause: rootCauseSchema,
});

const renderExplanation = (e: z.infer<typeof output>): string => {
  const lines = [
    `## ${e.vm.namespace}/${e.vm.name}: ${e.status} (${e.group})`,
    e.meaning,
    `**Next:** ${e.whatHappensNext}`,
    ...e.conditions.map((c) => `- ${c.source} ${c.type}=${c.status}: ${c.explanation}`),
    ...e.nextSteps.map((step) => `- To do: ${step}`),
  ];
  if (e.rootCause) lines.push(`**Root cause (${e.rootCause.category}):** ${e.rootCause.summary}`);
  return lines.join('\n');
};

export const explainVmStatusTool = defineTool({
  name: CNV_MCP_TOOLS.explain,
  title: 'Virtual Machine: Explain status',
  description:
    "Explain an OpenShift Virtualization VirtualMachine's printableStatus and the VM and VMI conditions " +
    'in plain language, what KubeVirt normally does next from this state, and what to check. Read-only.',
  input: vmRefInput,
  output,
  run: async ({ namespace, name }, env) => {
    const { snapshot, diagnosis } = await loadVmContext(env, namespace, name);
    const explanation = explainVmStatus(snapshot);
    const structured = { vm: { name, namespace }, ...explanation, rootCause: diagnosis.rootCause };
    return { structured, render: renderExplanation };
  },
});
