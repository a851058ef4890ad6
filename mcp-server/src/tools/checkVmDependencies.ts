import { z } from 'zod';
import { checkDependencies } from '../../../src/kubevirt/diagnosis';
import { CNV_MCP_TOOLS } from '../../../src/kubevirt/mcpTools';
import { defineTool } from './framework';
import { vmRefInput } from './schemas';
import { cell, loadVmContext } from './vmContext';

const output = z.object({
  vm: z.object({ name: z.string(), namespace: z.string() }),
  allPresent: z.boolean(),
  dependencies: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      namespace: z.string().optional(),
      required: z.boolean(),
      present: z.union([z.boolean(), z.literal('forbidden'), z.literal('unknown')]),
      state: z.string(),
      message: z.string(),
      fieldPath: z.string(),
      purpose: z.string(),
    }),
  ),
});

const renderDependencies = ({ vm, allPresent, dependencies }: z.infer<typeof output>): string =>
  [
    `## Dependencies of ${vm.namespace}/${vm.name}: ${allPresent ? 'all present' : 'some missing'}`,
    '| kind | name | present | state | purpose |',
    '|---|---|---|---|---|',
    ...dependencies.map(
      (d) =>
        `| ${d.kind} | ${cell(d.namespace && d.namespace !== vm.namespace ? `${d.namespace}/${d.name}` : d.name)} | ${d.present} | ${cell(d.state)} | ${cell(d.purpose)} |`,
    ),
  ].join('\n');

export const checkVmDependenciesTool = defineTool({
  name: CNV_MCP_TOOLS.dependencies,
  title: 'Virtual Machine: Check dependencies',
  description:
    'List every object an OpenShift Virtualization VirtualMachine needs — PVCs, DataVolumes, ' +
    'Secrets and ConfigMaps (metadata only), NetworkAttachmentDefinitions, StorageClasses, ' +
    'instancetypes and preferences — whether each exists, and its state (Bound/Pending, import phase...). ' +
    'Read-only.',
  input: vmRefInput,
  output,
  run: async ({ namespace, name }, env) => {
    const { snapshot } = await loadVmContext(env, namespace, name);
    const dependencies = checkDependencies(snapshot);
    const allPresent = dependencies.every((d) => !d.required || d.present === true);
    return {
      structured: { vm: { name, namespace }, allPresent, dependencies },
      render: renderDependencies,
    };
  },
});
