import type { VmSearchCriteria } from '../../kubevirt/search/criteria';

/** kubevirt-plugin's VM search route (src/views/search/hooks/useNavigateToSearchResults.ts). */
export const KUBEVIRT_VM_SEARCH_PATH = '/k8s/all-namespaces/kubevirt.io~v1~VirtualMachine/search';

// kubevirt-plugin (src/views/search/utils/constants.ts): `name`, `labels` and `ip` are read without
// a prefix; every other VirtualMachineRowFilterType value is read as `rowFilter-<type>`.
const ROW_FILTER = 'rowFilter-';

const isGlob = (value: string) => /[*?]/.test(value);

/**
 * The part of our criteria that kubevirt-plugin's VM list understands, as its query parameters.
 * Only exact values map (its project/node filters do not take globs); criteria it cannot express
 * (time windows, CPU/memory bounds, OS families, free text) are left out and reported by
 * `unmappedFields` so the UI can say the list will show more.
 */
export const kubevirtListSearchParams = (criteria: VmSearchCriteria): URLSearchParams => {
  const params = new URLSearchParams();
  if (criteria.nameContains && !isGlob(criteria.nameContains)) {
    params.set('name', criteria.nameContains);
  }
  const labels = (criteria.labels ?? [])
    .filter((label) => label.operator === 'equals' && label.value !== undefined)
    .map((label) => `${label.key}=${label.value}`);
  if (labels.length > 0) params.set('labels', labels.join(','));
  const namespaces = (criteria.namespaces ?? []).filter((ns) => !isGlob(ns));
  if (namespaces.length > 0) params.set(`${ROW_FILTER}project`, namespaces.join(','));
  if (criteria.statuses && criteria.statuses.length > 0) {
    params.set(`${ROW_FILTER}status`, criteria.statuses.join(','));
  }
  const nodes = (criteria.nodes ?? []).filter((node) => !isGlob(node));
  if (nodes.length > 0) params.set(`${ROW_FILTER}node`, nodes.join(','));
  return params;
};

export const kubevirtListSearchHref = (criteria: VmSearchCriteria): string => {
  const query = kubevirtListSearchParams(criteria).toString();
  return query ? `${KUBEVIRT_VM_SEARCH_PATH}?${query}` : KUBEVIRT_VM_SEARCH_PATH;
};

/** Criteria fields set in `criteria` that the kubevirt-plugin link cannot carry. */
export const unmappedFields = (criteria: VmSearchCriteria): string[] => {
  const mapped = new Set<string>();
  if (criteria.nameContains && !isGlob(criteria.nameContains)) mapped.add('nameContains');
  if ((criteria.labels ?? []).every((l) => l.operator === 'equals')) mapped.add('labels');
  if ((criteria.namespaces ?? []).every((ns) => !isGlob(ns))) mapped.add('namespaces');
  if ((criteria.nodes ?? []).every((node) => !isGlob(node))) mapped.add('nodes');
  mapped.add('statuses');
  return Object.entries(criteria)
    .filter(([field, value]) => value !== undefined && !mapped.has(field))
    .filter(([, value]) => !(Array.isArray(value) && value.length === 0))
    .map(([field]) => field);
};
