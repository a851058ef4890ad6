import { z } from 'zod';
import { foldEvents } from '../../../src/kubevirt/diagnosis';
import { CNV_MCP_TOOLS } from '../../../src/kubevirt/mcpTools';
import { defineTool } from './framework';
import { namespaceName, parseDuration, vmName } from './schemas';
import { cell, loadVmContext } from './vmContext';

const input = z
  .object({
    namespace: namespaceName,
    name: vmName,
    since: z
      .string()
      .max(40)
      .refine(
        (v) => parseDuration(v) !== undefined || !Number.isNaN(Date.parse(v)),
        'must be a duration such as "30m", "1h", "7d" or an ISO time',
      )
      .optional()
      .describe('Only events seen within this duration ("1h") or since this ISO time'),
    warningsOnly: z.boolean().optional().describe('Only Warning events'),
  })
  .strict();

const output = z.object({
  vm: z.object({ name: z.string(), namespace: z.string() }),
  total: z.number(),
  events: z.array(
    z.object({
      type: z.string(),
      reason: z.string(),
      message: z.string(),
      involvedObject: z.object({
        kind: z.string(),
        name: z.string(),
        namespace: z.string().optional(),
      }),
      count: z.number(),
      firstTimestamp: z.string().optional(),
      lastTimestamp: z.string().optional(),
    }),
  ),
});

const MAX_EVENTS = 100;

const renderEvents = ({ vm, total, events }: z.infer<typeof output>): string =>
  [
    `## Events of ${vm.namespace}/${vm.name}: ${total}${total > events.length ? ` (newest ${events.length} shown)` : ''}`,
    ...(events.length
      ? ['| last seen | type | object | reason | count | message |', '|---|---|---|---|---|---|']
      : ['No events.']),
    ...events.map(
      (e) =>
        `| ${e.lastTimestamp ?? ''} | ${e.type} | ${e.involvedObject.kind}/${cell(e.involvedObject.name)} | ${cell(e.reason)} | ${e.count} | ${cell(e.message)} |`,
    ),
  ].join('\n');

export const getVmEventsTool = defineTool({
  name: CNV_MCP_TOOLS.events,
  title: 'Virtual Machine: Events',
  description:
    'Kubernetes events of an OpenShift Virtualization VirtualMachine and everything it runs on: the VM, ' +
    'its VMI, virt-launcher pods, PVCs and DataVolumes. Newest first, repeats folded with a count. ' +
    'Optional `since` ("1h", "30m", "7d" or an ISO time) and `warningsOnly`. Read-only.',
  input,
  output,
  run: async ({ namespace, name, since, warningsOnly }, env) => {
    const { snapshot } = await loadVmContext(env, namespace, name);
    const sinceDate =
      since === undefined
        ? undefined
        : new Date(
            parseDuration(since) !== undefined
              ? env.now.getTime() - (parseDuration(since) ?? 0)
              : Date.parse(since),
          );
    const folded = foldEvents(snapshot.events, { since: sinceDate, warningsOnly });
    const events = folded.slice(0, MAX_EVENTS);
    return {
      structured: { vm: { name, namespace }, total: folded.length, events },
      render: renderEvents,
    };
  },
});
