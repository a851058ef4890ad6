import { z } from 'zod';
import { CNV_MCP_TOOLS } from '../../../src/kubevirt/mcpTools';
import { defineTool } from './framework';
import { vmRefInput } from './schemas';
import { cell, loadVmContext } from './vmContext';

const evidence = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  fieldPath: z.string().optional(),
  value: z.string().optional(),
  event: z
    .object({
      reason: z.string(),
      message: z.string(),
      count: z.number(),
      lastTimestamp: z.string().optional(),
      type: z.string().optional(),
    })
    .optional(),
});

export const findingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  category: z.string(),
  /** cause, symptom or transition: how the finding ranks (src/kubevirt/diagnosis/README.md). */
  role: z.enum(['cause', 'symptom', 'transition']).optional(),
  message: z.string(),
  evidence: z.array(evidence),
});

export const suggestionSchema = z.object({
  title: z.string(),
  description: z.string(),
  commands: z.array(z.string()),
  risk: z.enum(['low', 'medium', 'high']),
  ruleId: z.string(),
  /** Stable id of the suggestion kind (`<ruleId>/<step>`), for clients that map kinds to actions. */
  id: z.string().optional(),
});

export const rootCauseSchema = z
  .object({ category: z.string(), summary: z.string(), ruleId: z.string() })
  .nullable();

const output = z.object({
  vm: z.object({ name: z.string(), namespace: z.string(), printableStatus: z.string() }),
  healthy: z.boolean(),
  rootCause: rootCauseSchema,
  findings: z.array(findingSchema),
  checks: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      /** notVerified: the check's inputs could not be read; neither passed nor failed. */
      status: z.enum(['passed', 'failed', 'notVerified']).optional(),
      message: z.string(),
    }),
  ),
  suggestions: z.array(suggestionSchema),
});

/** Markdown summary of a (redacted) diagnosis. */
const renderDiagnosis = (d: z.infer<typeof output>): string => {
  const lines = [
    `## ${d.vm.namespace}/${d.vm.name}: ${d.vm.printableStatus}`,
    d.rootCause
      ? `**Root cause (${d.rootCause.category}, rule ${d.rootCause.ruleId}):** ${d.rootCause.summary}`
      : d.healthy
        ? 'No problem found: the VM is healthy.'
        : 'No root cause identified.',
  ];
  if (d.findings.length) {
    lines.push('', '| severity | rule | finding |', '|---|---|---|');
    for (const f of d.findings) {
      lines.push(`| ${f.severity} | ${cell(f.ruleId)} | ${cell(f.message)} |`);
    }
  }
  const notVerified = d.checks.filter((c) => c.status === 'notVerified');
  const passed = d.checks.filter((c) => c.passed);
  lines.push(
    '',
    `Checks: ${passed.length}/${d.checks.length} passed${notVerified.length ? `, ${notVerified.length} not verified` : ''}.`,
  );
  for (const c of notVerified) lines.push(`- Not verified: ${c.name} — ${c.message}`);
  for (const s of d.suggestions.slice(0, 3)) {
    lines.push(
      `- Fix (${s.risk} risk): ${s.title}${s.commands[0] ? ` — \`${s.commands[0]}\`` : ''}`,
    );
  }
  return lines.join('\n');
};

export const diagnoseVmErrorTool = defineTool({
  name: CNV_MCP_TOOLS.diagnose,
  title: 'Virtual Machine: Diagnose error',
  description:
    'Diagnose why an OpenShift Virtualization VirtualMachine is failing, not starting, stuck or unhealthy. ' +
    'Reads the VM, its VMI, virt-launcher pods, PVCs, DataVolumes, events, nodes, referenced ' +
    'Secrets/ConfigMaps (metadata only), NetworkAttachmentDefinitions, StorageClasses, migrations and a ' +
    "bounded, redacted tail of the launcher's compute log, and runs deterministic rules. Returns the root cause (category, summary, ruleId), findings with " +
    'evidence, the checks that passed or failed, and suggested fixes. Use this FIRST for a failing VM; ' +
    'cite the ruleIds you rely on. Read-only.',
  input: vmRefInput,
  output,
  run: async ({ namespace, name }, env) => {
    const { diagnosis } = await loadVmContext(env, namespace, name);
    const structured = {
      ...diagnosis,
      checks: diagnosis.checks.map(({ name: check, passed, status, message }) => ({
        name: check,
        passed,
        ...(status ? { status } : {}),
        message,
      })),
    };
    return { structured, render: renderDiagnosis };
  },
});
