import { z } from 'zod';
import { ROOT_CAUSE_CATEGORIES } from '../../../src/kubevirt/diagnosis/model';
import { VM_HEALTH_VALUES, vmHealth } from '../../../src/kubevirt/health';
import { CNV_MCP_TOOLS } from '../../../src/kubevirt/mcpTools';
import {
  chipsForCriteria,
  isGlob,
  mergeCriteria,
  nameMatches,
  parseVmSearchQuery,
  type VmSearchCriteria,
} from '../../../src/kubevirt/search';
import {
  VM_PRINTABLE_STATUSES,
  statusGroup,
  vmPrintableStatus,
} from '../../../src/kubevirt/status';
import type {
  K8sObject,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from '../../../src/kubevirt/types';
import {
  formatBytes,
  formatOS,
  indexInstancetypes,
  vmEffectiveSize,
  vmInstancetypeRef,
  vmNode,
  vmOS,
  type InstancetypeIndex,
  type VmEntry,
} from '../../../src/kubevirt/vm';
import type { KubeRest } from '../k8s/rest';
import { INSTANCETYPE_RESOURCES, RESOURCES } from '../k8s/resources';
import { streamInScope, visibleNamespaces, type ScopeRequest } from '../k8s/scope';
import { defineTool } from './framework';
import { streamSearch, type PartialList } from './search/streamSearch';
import { DURATION_PATTERN, namespaceName, parseDuration } from './schemas';
import { cell } from './vmContext';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const LABELS_SHOWN = 5;
/** Namespace or node name, or a glob of one. */
const nameOrGlob = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9*?][a-z0-9*?.-]*$/, 'must be a name or a glob such as prod-*');

const input = z
  .object({
    query: z
      .string()
      .max(1000)
      .optional()
      .describe('Natural language, e.g. "failing windows VMs in prod-* created today"'),
    namespaces: z.array(nameOrGlob).max(100).optional().describe('Namespaces or globs (prod-*)'),
    statuses: z
      .array(z.enum(VM_PRINTABLE_STATUSES as unknown as [string, ...string[]]))
      .max(30)
      .optional()
      .describe('printableStatus values, e.g. Running, ErrorUnschedulable'),
    hasErrors: z
      .boolean()
      .optional()
      .describe(
        'true: only VMs with a problem (health error or attention, stuck included); false: only VMs without one',
      ),
    health: z
      .array(z.enum(VM_HEALTH_VALUES))
      .max(VM_HEALTH_VALUES.length)
      .optional()
      .describe('Health verdicts: healthy, attention, error, stopped, transitional (any of)'),
    categories: z
      .array(z.enum(ROOT_CAUSE_CATEGORIES))
      .max(ROOT_CAUSE_CATEGORIES.length)
      .optional()
      .describe('Root-cause categories of the health verdict, e.g. ImagePull, StorageProvisioning'),
    stuck: z
      .boolean()
      .optional()
      .describe('true: only VMs in a transitional status for more than 10 minutes'),
    createdWithin: z
      .string()
      .max(16)
      .regex(DURATION_PATTERN, 'must be a duration such as "30m", "1h" or "7d"')
      .optional(),
    labelSelector: z
      .string()
      .max(1000)
      .regex(/^[A-Za-z0-9._/=!,() -]*$/, 'must be a Kubernetes label selector')
      .optional()
      .describe('Kubernetes label selector, e.g. app=db,tier!=web (evaluated by the API server)'),
    nodes: z.array(nameOrGlob).max(100).optional(),
    nameContains: z.string().max(253).optional(),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIMIT)
      .optional()
      .describe(`Default ${DEFAULT_LIMIT}, max ${MAX_LIMIT}`),
  })
  .strict();

const vmSummary = z.object({
  name: z.string(),
  namespace: z.string(),
  status: z.string(),
  statusGroup: z.string(),
  node: z.string().optional(),
  created: z.string().optional(),
  os: z.string().optional(),
  cpu: z.number().optional(),
  memory: z.string().optional(),
  /** vmi, instancetype, domain; unknown: sized by an instancetype the caller cannot read. */
  sizeSource: z.string(),
  instancetype: z.string().optional(),
  health: z.enum(VM_HEALTH_VALUES),
  healthSummary: z.string(),
  category: z.string().optional(),
  stuck: z.boolean(),
  labels: z.record(z.string()),
});

const output = z.object({
  total: z.number(),
  returned: z.number(),
  vms: z.array(vmSummary),
  criteria: z.record(z.unknown()),
  labelSelector: z.string().optional(),
  chips: z.array(z.object({ id: z.string(), label: z.string() })),
  unrecognized: z.array(z.string()),
  /** Words of the query that set no filter, with the nearest known word where there is one. */
  notUnderstood: z
    .array(z.object({ word: z.string(), suggestion: z.string().optional() }))
    .optional(),
  /** The query was cut at this many characters; the rest was not read. */
  truncatedAt: z.number().optional(),
  namespacesSearched: z.array(z.string()).optional(),
  /**
   * Lists that ended before their last page (continue token expired: 410 Gone; a page too large
   * even one object at a time; a namespace deleted or made unreadable mid-way). `total` and `vms`
   * then cover only what was listed.
   */
  partial: z
    .array(
      z.object({
        list: z.enum(['VirtualMachine', 'VirtualMachineInstance']),
        reason: z.enum(['expired', 'too_large', 'namespace_gone']),
        listedBefore: z.number(),
        namespace: z.string().optional(),
      }),
    )
    .optional(),
});

const count = (n: number, one: string) =>
  `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** One sentence per incomplete list, e.g. "Partial result: the VM list expired after 12,500 VMs; …". */
export const partialLine = (p: PartialList): string => {
  const vmList = p.list === 'VirtualMachine';
  const what = vmList ? 'VM' : 'VMI';
  const where = p.namespace ? ` in namespace ${cell(p.namespace)}` : '';
  const consequence = vmList
    ? 'the total and the rows cover only the VMs listed before it ended'
    : 'VMs whose instance was not read were matched without it (no node, guest OS or running size)';
  const cause =
    p.reason === 'expired'
      ? `the ${what} list${where} expired (410 Gone) after ${count(p.listedBefore, what)}`
      : p.reason === 'too_large'
        ? `the ${what} list${where} sent a page too large to read, even one object per page, after ${count(p.listedBefore, what)}`
        : `namespace ${cell(p.namespace ?? '')} was deleted or became unreadable during the search, after ${count(p.listedBefore, what)}`;
  const retry = p.reason === 'too_large' ? '' : '; search again for a complete answer';
  return `Partial result: ${cause}; ${consequence}${retry}.`;
};

const explicitCriteria = (args: z.infer<typeof input>): VmSearchCriteria => ({
  namespaces: args.namespaces,
  statuses: args.statuses as VmSearchCriteria['statuses'],
  hasErrors: args.hasErrors,
  health: args.health,
  categories: args.categories,
  stuck: args.stuck,
  createdWithinMs: args.createdWithin ? parseDuration(args.createdWithin) : undefined,
  nodes: args.nodes,
  nameContains: args.nameContains || undefined,
});

const summarize = (entry: VmEntry, now: Date) => {
  const { vm, vmi } = entry;
  const status = vmPrintableStatus(vm);
  const os = vmOS(vm, vmi);
  const size = vmEffectiveSize(vm, vmi, entry.instancetypes);
  const verdict = vmHealth(entry, { now });
  return {
    name: vm.metadata?.name ?? '',
    namespace: vm.metadata?.namespace ?? '',
    status,
    statusGroup: statusGroup(status),
    node: vmNode({ vm, vmi }),
    created: vm.metadata?.creationTimestamp,
    os: os ? formatOS(os) : undefined,
    cpu: size.cpu,
    memory: size.memoryBytes !== undefined ? formatBytes(size.memoryBytes) : undefined,
    sizeSource: size.source,
    instancetype: size.instancetype,
    health: verdict.health,
    healthSummary: verdict.summary,
    category: verdict.category,
    stuck: verdict.stuck,
    labels: Object.fromEntries(
      Object.entries(vm.metadata?.labels ?? {})
        .filter(([key]) => !key.startsWith('kubevirt.io/') && !key.includes('kubemacpool'))
        .slice(0, LABELS_SHOWN),
    ),
  };
};

const renderSearch = (s: z.infer<typeof output>): string => {
  const lines = [
    `Found ${s.total} VM${s.total === 1 ? '' : 's'}` +
      (s.chips.length ? ` matching ${s.chips.map((c) => c.label).join(', ')}` : '') +
      (s.returned < s.total ? ` (first ${s.returned} shown)` : '') +
      '.',
  ];
  if (s.namespacesSearched) {
    lines.push(`Searched the namespaces you can access: ${s.namespacesSearched.length}.`);
  }
  for (const p of s.partial ?? []) lines.push(partialLine(p));
  if (s.notUnderstood?.length) {
    const words = s.notUnderstood.map(({ word, suggestion }) =>
      suggestion ? `${cell(word)} (did you mean ${cell(suggestion)}?)` : cell(word),
    );
    lines.push(`Not understood, so not used as a filter: ${words.join(', ')}.`);
  }
  if (s.truncatedAt !== undefined) {
    lines.push(`Only the first ${s.truncatedAt} characters of the query were read.`);
  }
  if (s.vms.length) {
    lines.push(
      '',
      '| namespace | name | status | health | node | os | cpu | memory |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const vm of s.vms) {
      const health = [vm.health, vm.stuck ? 'stuck' : '', vm.category ?? '']
        .filter(Boolean)
        .join(', ');
      // "?": sized by an instancetype the caller cannot read.
      const unknown = vm.sizeSource === 'unknown' ? '?' : '';
      lines.push(
        `| ${cell(vm.namespace)} | ${cell(vm.name)} | ${vm.status} | ${health} | ${cell(vm.node ?? '')} | ${cell(vm.os ?? '')} | ${vm.cpu ?? unknown} | ${vm.memory ?? unknown} |`,
      );
    }
    if (s.vms.some((vm) => vm.sizeSource === 'unknown')) {
      lines.push('', '?: sized by an instancetype you cannot read.');
    }
  }
  return lines.join('\n');
};

const VMI_READ_CONCURRENCY = 10;

/**
 * VMI migrations of the searched namespaces, for the health verdict. Optional: a caller who cannot
 * list them, or a list cut short, gives verdicts without them (undefined), never a failed search.
 */
const listMigrations = async (
  rest: KubeRest,
  scope: ScopeRequest,
): Promise<VirtualMachineInstanceMigration[] | undefined> => {
  const migrations: VirtualMachineInstanceMigration[] = [];
  try {
    const { incomplete } = await streamInScope(
      rest,
      [
        {
          res: RESOURCES.migration,
          visit: (m: VirtualMachineInstanceMigration) => migrations.push(m),
        },
      ],
      scope,
    );
    return incomplete.length ? undefined : migrations;
  } catch {
    return undefined;
  }
};

/**
 * The cluster instancetypes (one cluster-wide list), only when some VM is sized by one and has no
 * running VMI to read. A 403 leaves those sizes unknown (`sizeSource: "unknown"`). Namespaced
 * instancetypes are not listed: a VM sized by one reports its size once running.
 */
const listInstancetypes = async (
  rest: KubeRest,
  entries: readonly VmEntry[],
): Promise<InstancetypeIndex | undefined> => {
  const needed = entries.some(
    ({ vm, vmi }) =>
      vmi?.status?.phase !== 'Running' &&
      vmInstancetypeRef(vm)?.kind === 'virtualmachineclusterinstancetype',
  );
  return needed ? listClusterInstancetypes(rest) : undefined;
};

/** The cluster instancetypes indexed; undefined when they cannot be read. */
const listClusterInstancetypes = async (rest: KubeRest): Promise<InstancetypeIndex | undefined> => {
  try {
    return indexInstancetypes(
      await rest.list<K8sObject>(INSTANCETYPE_RESOURCES.VirtualMachineClusterInstancetype, {}),
    );
  } catch {
    return undefined;
  }
};

/** Up to this many namespaces among the rows shown, VMIs are listed per namespace; beyond, once cluster-wide. */
const VMI_NAMESPACED_LIST_MAX = 5;

/**
 * Reads the VMIs of the shown VMs that may have one by list, not one GET per row: per namespace
 * when the rows span few namespaces, else one cluster-wide list (per namespace again when that is
 * not allowed). Only the VMIs of shown rows are kept while the pages stream by. A VM without a
 * readable VMI simply has no node.
 */
const attachVmis = async (
  rest: KubeRest,
  entries: { vm: VirtualMachine; vmi?: VirtualMachineInstance }[],
): Promise<void> => {
  const wanted = new Map<string, { vm: VirtualMachine; vmi?: VirtualMachineInstance }>();
  for (const entry of entries) {
    const { namespace, name } = entry.vm.metadata ?? {};
    if (!namespace || !name || entry.vm.status?.printableStatus === 'Stopped') continue;
    wanted.set(`${namespace}/${name}`, entry);
  }
  if (wanted.size === 0) return;
  const keep = (vmi: VirtualMachineInstance) => {
    const entry = wanted.get(`${vmi.metadata?.namespace}/${vmi.metadata?.name}`);
    if (entry) entry.vmi = vmi;
  };
  const namespaces = [...new Set([...wanted.keys()].map((key) => key.split('/')[0]))];
  const listNamespace = async (namespace: string) => {
    try {
      await rest.forEachItem<VirtualMachineInstance>(
        RESOURCES.virtualMachineInstance,
        { namespace },
        keep,
      );
    } catch {
      // Not allowed or failing: the rows are still right, only without the node.
    }
  };
  if (namespaces.length > VMI_NAMESPACED_LIST_MAX) {
    try {
      await rest.forEachItem<VirtualMachineInstance>(RESOURCES.virtualMachineInstance, {}, keep);
      return;
    } catch {
      for (const entry of wanted.values()) entry.vmi = undefined;
    }
  }
  for (let i = 0; i < namespaces.length; i += VMI_READ_CONCURRENCY) {
    await Promise.all(namespaces.slice(i, i + VMI_READ_CONCURRENCY).map(listNamespace));
  }
};

/**
 * The query as the search page reads it. Words the parser does not know may be namespace names
 * ("payments vms that are running"): then, and only then, one list of the namespaces the caller
 * sees lets it tell a namespace from a typo, as the page does with the console's projects.
 */
const parseQuery = async (query: string, rest: KubeRest, now: Date) => {
  const first = parseVmSearchQuery(query, { now });
  if (first.unrecognized.length === 0) return first;
  const namespaces = await visibleNamespaces(rest).catch(() => []);
  return namespaces.length > 0 ? parseVmSearchQuery(query, { now, namespaces }) : first;
};

export const searchVirtualMachinesTool = defineTool({
  name: CNV_MCP_TOOLS.search,
  title: 'Virtual Machines: Search',
  description:
    'Find OpenShift Virtualization VirtualMachines the user can see. `query` is natural language ' +
    '("running windows VMs in prod-* created in the last 7 days", "VMs with errors on node worker-1", ' +
    '"labeled app=db with more than 4 cpus"); explicit fields (namespaces, statuses, hasErrors, ' +
    'createdWithin, labelSelector, nodes, nameContains, health, categories, stuck) are combined with it. ' +
    'Returns the matching VMs (status, health verdict with root-cause category, node, OS, effective ' +
    'vCPU and memory, instancetypes included) and the criteria understood. Read-only.',
  input,
  output,
  run: async (args, { rest, now }) => {
    const parsed = args.query
      ? await parseQuery(args.query, rest, now)
      : { criteria: {}, chips: [], unrecognized: [] };
    const criteria = mergeCriteria(parsed.criteria, explicitCriteria(args));
    const namespaces = criteria.namespaces ?? [];
    const exactNamespaces =
      namespaces.length > 0 &&
      namespaces.every((ns) => !isGlob(ns) && namespaceName.safeParse(ns).success);
    // VMIs matter for matching through the node, the guest-reported OS, the health verdict and the
    // effective size. Otherwise list the VMs alone and read the VMIs of the rows shown: on a large
    // cluster that skips a second full list of every running VMI.
    const matchNeedsHealth =
      criteria.hasErrors !== undefined ||
      Boolean(criteria.health?.length || criteria.categories?.length) ||
      criteria.stuck !== undefined;
    const matchNeedsSize = [
      criteria.minCpu,
      criteria.maxCpu,
      criteria.minMemoryBytes,
      criteria.maxMemoryBytes,
    ].some((bound) => bound !== undefined);
    const matchNeedsVmis = Boolean(
      criteria.nodes?.length || criteria.os?.length || matchNeedsHealth || matchNeedsSize,
    );
    const scope = {
      namespaces: exactNamespaces ? namespaces : undefined,
      namespaceFilter: namespaces.length
        ? (ns: string) => namespaces.some((pattern) => nameMatches(pattern, ns))
        : undefined,
    };
    const limit = args.limit ?? DEFAULT_LIMIT;
    // Sizes of stopped instancetype VMs: before matching when a size filter needs them (one
    // cluster list, read while the VMIs stream), else for the rows shown; one list per call at most.
    const [migrations, sizeIndex] = await Promise.all([
      listMigrations(rest, scope),
      matchNeedsSize ? listClusterInstancetypes(rest) : undefined,
    ]);
    const streamed = await streamSearch(rest, {
      criteria,
      now,
      limit,
      scope: { ...scope, labelSelector: args.labelSelector },
      withVmis: matchNeedsVmis,
      migrations,
      instancetypes: sizeIndex,
    });
    const { namespacesSearched } = streamed;
    let page = streamed.page;
    if (!matchNeedsVmis) await attachVmis(rest, page);
    if (!matchNeedsSize) {
      const instancetypes = await listInstancetypes(rest, page);
      if (instancetypes) page = page.map((entry) => ({ ...entry, instancetypes }));
    }
    const shown = page.map((entry) => summarize(entry, now));
    const chips = chipsForCriteria(criteria).map(({ id, label }) => ({ id, label }));
    if (args.labelSelector)
      chips.push({
        id: `labelSelector:${args.labelSelector}`,
        label: `labels ${args.labelSelector}`,
      });

    return {
      structured: {
        total: streamed.total,
        returned: shown.length,
        vms: shown,
        criteria: criteria as Record<string, unknown>,
        labelSelector: args.labelSelector,
        chips,
        unrecognized: parsed.unrecognized,
        ...('notUnderstood' in parsed && parsed.notUnderstood?.length
          ? { notUnderstood: parsed.notUnderstood }
          : {}),
        ...('truncatedAt' in parsed && parsed.truncatedAt !== undefined
          ? { truncatedAt: parsed.truncatedAt }
          : {}),
        namespacesSearched,
        ...(streamed.partial.length ? { partial: streamed.partial } : {}),
      },
      render: renderSearch,
    };
  },
});
