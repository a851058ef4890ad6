import type { LabelRequirement, OsCriterion, SearchChip } from '../../kubevirt/search';
import type { VmSearchCriteria } from '../../kubevirt/search/criteria';
import type { VmPrintableStatus } from '../../kubevirt/status';
import { statusesInGroup, VM_PRINTABLE_STATUSES } from '../../kubevirt/status';
import type { VirtualMachine } from '../../kubevirt/types';
import { kubevirtListOsName } from './kubevirtListOs';

/**
 * Deep link into kubevirt-plugin's own VM list (kubevirt-ui/kubevirt-plugin release-4.22):
 * `src/views/search/hooks/useNavigateToSearchResults.ts` (route), `list/hooks/useFiltersFromURL.ts`
 * (`name`, `labels` bare, every other VirtualMachineRowFilterType as `rowFilter-<type>`, values split
 * on `,`), and `list/utils/filters/`: status (any printableStatus, `Error` for its error set), os
 * (`OS_NAME_LABELS`: RHEL, Fedora, CentOS, Windows, Other), cpu `"<NumberOperator> N"` and memory
 * `"<NumberOperator> N <unit>B"` (first value only), dateCreatedFrom/To (string-compared with
 * `metadata.creationTimestamp`). A criterion is carried only when the list then shows the same VMs
 * (never fewer); the rest is reported chip by chip.
 */
export const KUBEVIRT_VM_SEARCH_PATH = '/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine/search';

const ROW_FILTER = 'rowFilter-';

const isGlob = (value: string) => /[*?]/.test(value);
const allExact = (values?: string[]) => (values ?? []).every((value) => !isGlob(value));

/** kubevirt-plugin's OS filter ids per OS family; families it files under "Other" do not map. */
const KUBEVIRT_OS_NAME: Partial<Record<OsCriterion['family'], string>> = {
  rhel: 'RHEL',
  fedora: 'Fedora',
  centos: 'CentOS',
  windows: 'Windows',
};

const osMaps = (os: OsCriterion) => os.version === undefined && KUBEVIRT_OS_NAME[os.family];

/**
 * Its OS filter reads fewer sources than ours (no template name, no guest agent): the OS is carried
 * only when every VM our table lists is filed by the list under one of the requested names.
 * Without the listed VMs, it is not carried.
 */
const osCarried = (criteria: VmSearchCriteria, listed?: readonly VirtualMachine[]): boolean => {
  const os = criteria.os ?? [];
  if (!os.every(osMaps) || !listed) return false;
  const names = new Set(os.map((item) => KUBEVIRT_OS_NAME[item.family]));
  return listed.every((vm) => {
    const name = kubevirtListOsName(vm);
    return name !== undefined && names.has(name);
  });
};

const labelMaps = (label: LabelRequirement) =>
  label.operator === 'equals' && label.value !== undefined;

/** Its memory filter multiplies by the unit (Ki, Mi, Gi, Ti); an exact one is needed. */
const memoryValue = (bytes: number): string | undefined => {
  const units: [string, number][] = [
    ['TiB', 1024 ** 4],
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ];
  const unit = units.find(([, size]) => bytes > 0 && bytes % size === 0);
  return unit ? `${bytes / unit[1]} ${unit[0]}` : undefined;
};

/** `creationTimestamp` format (RFC 3339, seconds), so the list's string comparison is a time one. */
const timestamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The statuses a VM may have under every status criterion at once, or undefined for "any". */
const allowedStatuses = (criteria: VmSearchCriteria): VmPrintableStatus[] | undefined => {
  const listed = [
    ...(criteria.statuses ?? []),
    ...(criteria.statusGroups ?? []).flatMap(statusesInGroup),
  ];
  // `hasErrors` is the health verdict (src/kubevirt/health), not a status set: a VM stuck Starting on
  // a missing Secret has a problem. The list cannot say that, so it is reported, never narrowed to.
  const allowed = new Set<VmPrintableStatus>(listed.length > 0 ? listed : VM_PRINTABLE_STATUSES);
  for (const excluded of criteria.excludeStatuses ?? []) allowed.delete(excluded);
  if (allowed.size === VM_PRINTABLE_STATUSES.length) return undefined;
  return VM_PRINTABLE_STATUSES.filter((status) => allowed.has(status));
};

/** Fields the list carries whole, with the parameters that carry them. */
const carried = (
  criteria: VmSearchCriteria,
  now: Date,
  listed?: readonly VirtualMachine[],
): [string, string][] => {
  const params: [string, string][] = [];
  if (criteria.nameContains && !isGlob(criteria.nameContains))
    params.push(['name', criteria.nameContains]);
  const labels = (criteria.labels ?? []).filter(labelMaps).map((l) => `${l.key}=${l.value}`);
  if (labels.length > 0) params.push(['labels', labels.join(',')]);
  if (criteria.namespaces?.length && allExact(criteria.namespaces))
    params.push([`${ROW_FILTER}project`, criteria.namespaces.join(',')]);
  if (criteria.nodes?.length && allExact(criteria.nodes))
    params.push([`${ROW_FILTER}node`, criteria.nodes.join(',')]);
  const statuses = allowedStatuses(criteria);
  // An empty set is a contradiction the list cannot express ("nothing"): leave it to our table.
  if (statuses?.length) params.push([`${ROW_FILTER}status`, statuses.join(',')]);
  if (criteria.os?.length && osCarried(criteria, listed))
    params.push([
      `${ROW_FILTER}os`,
      criteria.os.map((os) => KUBEVIRT_OS_NAME[os.family]).join(','),
    ]);
  // One comparison per filter: the lower bound when both are set (the upper one is reported).
  if (criteria.minCpu !== undefined)
    params.push([`${ROW_FILTER}cpu`, `GreaterOrEquals ${criteria.minCpu}`]);
  else if (criteria.maxCpu !== undefined)
    params.push([`${ROW_FILTER}cpu`, `LessOrEquals ${criteria.maxCpu}`]);
  const minMemory =
    criteria.minMemoryBytes !== undefined ? memoryValue(criteria.minMemoryBytes) : undefined;
  const maxMemory =
    criteria.maxMemoryBytes !== undefined ? memoryValue(criteria.maxMemoryBytes) : undefined;
  if (minMemory) params.push([`${ROW_FILTER}memory`, `GreaterOrEquals ${minMemory}`]);
  else if (maxMemory && criteria.minMemoryBytes === undefined)
    params.push([`${ROW_FILTER}memory`, `LessOrEquals ${maxMemory}`]);
  const from = [
    criteria.createdSince ? Date.parse(criteria.createdSince) : NaN,
    criteria.createdWithinMs !== undefined ? now.getTime() - criteria.createdWithinMs : NaN,
  ].filter(Number.isFinite);
  if (from.length > 0) params.push([`${ROW_FILTER}dateCreatedFrom`, timestamp(Math.max(...from))]);
  if (criteria.createdBeforeMs !== undefined)
    params.push([
      `${ROW_FILTER}dateCreatedTo`,
      timestamp(now.getTime() - criteria.createdBeforeMs),
    ]);
  return params;
};

/** `listed`: the VMs our table shows for these criteria (decides whether the OS can be carried). */
export const kubevirtListSearchParams = (
  criteria: VmSearchCriteria,
  now: Date = new Date(),
  listed?: readonly VirtualMachine[],
): URLSearchParams => new URLSearchParams(carried(criteria, now, listed));

export const kubevirtListSearchHref = (
  criteria: VmSearchCriteria,
  now: Date = new Date(),
  listed?: readonly VirtualMachine[],
): string => {
  const query = kubevirtListSearchParams(criteria, now, listed).toString();
  return query ? `${KUBEVIRT_VM_SEARCH_PATH}?${query}` : KUBEVIRT_VM_SEARCH_PATH;
};

/** Whether the link carries this chip (so the list filters by it as our table does). */
const chipCarried = (
  chip: SearchChip,
  criteria: VmSearchCriteria,
  listed?: readonly VirtualMachine[],
): boolean => {
  switch (chip.field) {
    case 'nameContains':
      return !isGlob(String(chip.value));
    case 'labels':
      return labelMaps(chip.value as LabelRequirement);
    case 'namespaces':
      return allExact(criteria.namespaces);
    case 'nodes':
      return allExact(criteria.nodes);
    case 'statuses':
    case 'statusGroups':
    case 'excludeStatuses':
      return Boolean(allowedStatuses(criteria)?.length);
    case 'os':
      return osCarried(criteria, listed);
    case 'minCpu':
      return true;
    case 'maxCpu':
      return criteria.minCpu === undefined;
    case 'minMemoryBytes':
      return memoryValue(criteria.minMemoryBytes ?? 0) !== undefined;
    case 'maxMemoryBytes':
      return (
        criteria.minMemoryBytes === undefined &&
        memoryValue(criteria.maxMemoryBytes ?? 0) !== undefined
      );
    case 'createdSince':
    case 'createdWithinMs':
    case 'createdBeforeMs':
      return true;
    default:
      // statusChangedWithinMs, free text: the list has no such filter.
      return false;
  }
};

/** The chips the kubevirt-plugin link cannot carry: the list will show more VMs than our table. */
export const uncarriedChips = (
  chips: SearchChip[],
  criteria: VmSearchCriteria,
  listed?: readonly VirtualMachine[],
): SearchChip[] => chips.filter((chip) => !chipCarried(chip, criteria, listed));
