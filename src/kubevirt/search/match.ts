import { vmHealth } from '../health/health';
import { statusGroup, vmPrintableStatus } from '../status';
import type { VmEntry } from '../vm';
import {
  vmCreated,
  vmEffectiveSize,
  vmLastTransition,
  vmName,
  vmNamespace,
  vmNode,
  vmOS,
} from '../vm';
import type { LabelRequirement, OsCriterion, SearchClock, VmSearchCriteria } from './criteria';
import { containsOrGlob, nameMatches } from './glob';
import { vmProblemCategory } from './problemCategory';

const hasItems = <T>(list: T[] | undefined): list is T[] => Array.isArray(list) && list.length > 0;

const labelMatches = (labels: Record<string, string>, requirement: LabelRequirement): boolean => {
  const key = requirement.key.toLowerCase();
  const entry = Object.entries(labels).find(([labelKey]) => labelKey.toLowerCase() === key);
  const value = entry?.[1]?.toLowerCase();
  const wanted = requirement.value?.toLowerCase();
  switch (requirement.operator) {
    case 'equals':
      return value !== undefined && value === wanted;
    case 'notEquals':
      return value !== wanted;
    case 'exists':
      return entry !== undefined;
    case 'notExists':
      return entry === undefined;
    case 'in':
      return (
        value !== undefined && (requirement.values ?? []).some((v) => v.toLowerCase() === value)
      );
    default:
      return false;
  }
};

const versionMatches = (wanted: string | undefined, actual: string | undefined): boolean => {
  if (!wanted) return true;
  if (!actual) return false;
  const wantedParts = wanted.toLowerCase().split('.');
  const actualParts = actual.toLowerCase().split('.');
  return wantedParts.every((part, index) => actualParts[index] === part);
};

const osMatches = (entry: VmEntry, wanted: OsCriterion[], unknown = false): boolean => {
  const os = vmOS(entry.vm, entry.vmi);
  if (!os) return unknown;
  return wanted.some((criterion) =>
    criterion.family === 'linux'
      ? os.family !== 'windows'
      : criterion.family === os.family && versionMatches(criterion.version, os.version),
  );
};

const withinRange = (value: number | undefined, min?: number, max?: number): boolean => {
  if (min === undefined && max === undefined) return true;
  if (value === undefined) return false;
  return (min === undefined || value >= min) && (max === undefined || value <= max);
};

const textMatches = (entry: VmEntry, word: string): boolean => {
  if (containsOrGlob(word, vmName(entry.vm))) return true;
  const labels = entry.vm.metadata?.labels ?? {};
  return Object.entries(labels).some(
    ([key, value]) => containsOrGlob(word, key) || containsOrGlob(word, value),
  );
};

const ageMs = (date: Date | undefined, now: Date): number | undefined =>
  date === undefined ? undefined : now.getTime() - date.getTime();

/** True when the VM satisfies every criterion. Empty criteria match every VM. */
export const matchesVmSearch = (
  entry: VmEntry,
  criteria: VmSearchCriteria,
  { now }: SearchClock,
): boolean => {
  const { vm } = entry;
  if (hasItems(criteria.namespaces)) {
    const namespace = vmNamespace(vm);
    if (!criteria.namespaces.some((pattern) => nameMatches(pattern, namespace))) return false;
  }

  if (hasItems(criteria.excludeNamespaces)) {
    const namespace = vmNamespace(vm);
    if (criteria.excludeNamespaces.some((pattern) => nameMatches(pattern, namespace))) return false;
  }

  const status = vmPrintableStatus(vm);
  if (hasItems(criteria.statuses) || hasItems(criteria.statusGroups)) {
    const listed = criteria.statuses?.includes(status as never) ?? false;
    const grouped = criteria.statusGroups?.includes(statusGroup(status)) ?? false;
    if (!listed && !grouped) return false;
  }
  if (criteria.excludeStatuses?.includes(status as never)) return false;
  if (
    typeof criteria.hasErrors === 'boolean' ||
    hasItems(criteria.health) ||
    hasItems(criteria.categories) ||
    typeof criteria.stuck === 'boolean'
  ) {
    const verdict = vmHealth(entry, { now });
    if (typeof criteria.hasErrors === 'boolean' && verdict.problem !== criteria.hasErrors) {
      return false;
    }
    if (hasItems(criteria.health) && !criteria.health.includes(verdict.health)) return false;
    if (hasItems(criteria.categories)) {
      const category = vmProblemCategory(verdict);
      if (!category || !criteria.categories.includes(category)) return false;
    }
    if (typeof criteria.stuck === 'boolean' && verdict.stuck !== criteria.stuck) return false;
  }

  if (
    criteria.createdWithinMs !== undefined ||
    criteria.createdBeforeMs !== undefined ||
    criteria.createdSince !== undefined ||
    criteria.createdUntil !== undefined
  ) {
    const created = vmCreated(vm);
    const age = ageMs(created, now);
    if (created === undefined || age === undefined) return false;
    if (criteria.createdWithinMs !== undefined && age > criteria.createdWithinMs) return false;
    if (criteria.createdBeforeMs !== undefined && age < criteria.createdBeforeMs) return false;
    if (criteria.createdSince !== undefined) {
      const since = Date.parse(criteria.createdSince);
      if (!Number.isNaN(since) && created.getTime() < since) return false;
    }
    if (criteria.createdUntil !== undefined) {
      const until = Date.parse(criteria.createdUntil);
      if (!Number.isNaN(until) && created.getTime() >= until) return false;
    }
  }
  if (criteria.statusChangedWithinMs !== undefined) {
    const sinceChange = ageMs(vmLastTransition(entry), now);
    if (sinceChange === undefined || sinceChange > criteria.statusChangedWithinMs) return false;
  }

  if (hasItems(criteria.nodes)) {
    const node = vmNode(entry);
    if (!node || !criteria.nodes.some((pattern) => nameMatches(pattern, node))) return false;
  }
  if (hasItems(criteria.excludeNodes)) {
    const node = vmNode(entry);
    if (node && criteria.excludeNodes.some((pattern) => nameMatches(pattern, node))) return false;
  }
  if (hasItems(criteria.labels)) {
    const labels = vm.metadata?.labels ?? {};
    if (!criteria.labels.every((requirement) => labelMatches(labels, requirement))) return false;
  }
  if (criteria.nameContains && !containsOrGlob(criteria.nameContains, vmName(vm))) return false;
  if (hasItems(criteria.os) && !osMatches(entry, criteria.os)) return false;
  if (hasItems(criteria.excludeOs) && osMatches(entry, criteria.excludeOs, false)) return false;
  if (
    criteria.minCpu !== undefined ||
    criteria.maxCpu !== undefined ||
    criteria.minMemoryBytes !== undefined ||
    criteria.maxMemoryBytes !== undefined
  ) {
    const size = vmEffectiveSize(vm, entry.vmi, entry.instancetypes);
    if (!withinRange(size.cpu, criteria.minCpu, criteria.maxCpu)) return false;
    if (!withinRange(size.memoryBytes, criteria.minMemoryBytes, criteria.maxMemoryBytes)) {
      return false;
    }
  }
  if (hasItems(criteria.text) && !criteria.text.every((word) => textMatches(entry, word))) {
    return false;
  }
  return true;
};

export const filterVms = <T extends VmEntry>(
  entries: readonly T[],
  criteria: VmSearchCriteria,
  clock: SearchClock,
): T[] => entries.filter((entry) => matchesVmSearch(entry, criteria, clock));
