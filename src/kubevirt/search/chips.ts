import { formatBytes, formatOS } from '../vm';
import type {
  LabelRequirement,
  SearchChip,
  SearchChipValue,
  VmSearchCriteria,
  VmSearchField,
} from './criteria';

const DURATION_UNITS: [ms: number, singular: string][] = [
  [7 * 24 * 3600_000, 'week'],
  [24 * 3600_000, 'day'],
  [3600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** `2 hours`, `1 day`, `90 minutes`: the largest unit that divides the duration exactly. */
export const formatDuration = (ms: number): string => {
  for (const [size, unit] of DURATION_UNITS) {
    if (ms >= size && ms % size === 0) {
      const count = ms / size;
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(ms / 1000)} seconds`;
};

export const formatLabelRequirement = ({
  key,
  operator,
  value,
  values,
}: LabelRequirement): string => {
  switch (operator) {
    case 'in':
      return `${key} in (${(values ?? []).join(', ')})`;
    case 'equals':
      return `${key}=${value ?? ''}`;
    case 'notEquals':
      return `${key}!=${value ?? ''}`;
    case 'notExists':
      return `!${key}`;
    default:
      return key;
  }
};

const STATUS_GROUP_NAMES: Record<string, string> = {
  error: 'Error',
  starting: 'Starting',
  running: 'Running',
  stopped: 'Stopped',
  other: 'Other',
};

const HEALTH_NAMES: Record<string, string> = {
  healthy: 'Healthy',
  attention: 'Needs attention',
  error: 'Error',
  stopped: 'Stopped',
  transitional: 'In progress',
};

const CATEGORY_NAMES: Record<string, string> = {
  ImagePull: 'image pull',
  MissingVolume: 'missing volume',
  StorageProvisioning: 'storage provisioning',
  DataVolumeImport: 'disk import',
  MissingSecretOrConfigMap: 'missing Secret or ConfigMap',
  InsufficientResources: 'insufficient resources',
  SchedulingConstraint: 'scheduling constraint',
  CrashLoop: 'crash loop',
  NetworkAttachment: 'network attachment',
  Migration: 'migration',
  Paused: 'paused',
  NodeProblem: 'node problem',
  Unknown: 'unknown cause',
};

const MIB = 1024 ** 2;

/**
 * The exact bound in words: "more than 16 Gi" is stored as 16 GiB + 1 byte and must not read as
 * "at least 16 GiB" (which would include 16 GiB VMs); likewise "less than" for 1 byte under.
 */
const memoryBoundLabel = (bytes: number, side: 'min' | 'max'): string => {
  const neighbour = side === 'min' ? bytes - 1 : bytes + 1;
  if (neighbour > 0 && neighbour % MIB === 0 && bytes % MIB !== 0) {
    return `${side === 'min' ? 'more than' : 'less than'} ${formatBytes(neighbour)}`;
  }
  return `${side === 'min' ? 'at least' : 'at most'} ${formatBytes(bytes)}`;
};

const chip = (field: VmSearchField, value: SearchChipValue, label: string): SearchChip => ({
  id: `${field}:${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
  field,
  label,
  value,
});

/** One chip per filter value, in a fixed field order so the UI stays stable while typing. */
export const chipsForCriteria = (criteria: VmSearchCriteria): SearchChip[] => {
  const chips: SearchChip[] = [];
  criteria.namespaces?.forEach((ns) => chips.push(chip('namespaces', ns, `Namespace: ${ns}`)));
  criteria.excludeNamespaces?.forEach((ns) =>
    chips.push(chip('excludeNamespaces', ns, `Namespace: not ${ns}`)),
  );
  criteria.statuses?.forEach((status) => chips.push(chip('statuses', status, `Status: ${status}`)));
  criteria.statusGroups?.forEach((group) =>
    chips.push(chip('statusGroups', group, `Status group: ${STATUS_GROUP_NAMES[group] ?? group}`)),
  );
  criteria.excludeStatuses?.forEach((status) =>
    chips.push(chip('excludeStatuses', status, `Status: not ${status}`)),
  );
  if (criteria.hasErrors !== undefined) {
    chips.push(
      chip('hasErrors', criteria.hasErrors, criteria.hasErrors ? 'Has errors' : 'Healthy'),
    );
  }
  criteria.health?.forEach((health) =>
    chips.push(chip('health', health, `Health: ${HEALTH_NAMES[health] ?? health}`)),
  );
  criteria.categories?.forEach((category) =>
    chips.push(chip('categories', category, `Problem: ${CATEGORY_NAMES[category] ?? category}`)),
  );
  if (criteria.stuck !== undefined) {
    chips.push(chip('stuck', criteria.stuck, criteria.stuck ? 'Stuck' : 'Not stuck'));
  }
  if (criteria.createdWithinMs !== undefined) {
    const label = `Created: last ${formatDuration(criteria.createdWithinMs)}`;
    chips.push(chip('createdWithinMs', criteria.createdWithinMs, label));
  }
  if (criteria.createdBeforeMs !== undefined) {
    const label = `Created: more than ${formatDuration(criteria.createdBeforeMs)} ago`;
    chips.push(chip('createdBeforeMs', criteria.createdBeforeMs, label));
  }
  if (criteria.createdSince !== undefined) {
    chips.push(
      chip('createdSince', criteria.createdSince, `Created since: ${criteria.createdSince}`),
    );
  }
  if (criteria.createdUntil !== undefined) {
    chips.push(
      chip('createdUntil', criteria.createdUntil, `Created before: ${criteria.createdUntil}`),
    );
  }
  if (criteria.statusChangedWithinMs !== undefined) {
    const label = `Status changed: last ${formatDuration(criteria.statusChangedWithinMs)}`;
    chips.push(chip('statusChangedWithinMs', criteria.statusChangedWithinMs, label));
  }
  criteria.nodes?.forEach((node) => chips.push(chip('nodes', node, `Node: ${node}`)));
  criteria.excludeNodes?.forEach((node) =>
    chips.push(chip('excludeNodes', node, `Node: not ${node}`)),
  );
  criteria.labels?.forEach((requirement) =>
    chips.push(chip('labels', requirement, `Label: ${formatLabelRequirement(requirement)}`)),
  );
  if (criteria.nameContains !== undefined) {
    const label = `Name contains: ${criteria.nameContains}`;
    chips.push(chip('nameContains', criteria.nameContains, label));
  }
  criteria.os?.forEach((os) => chips.push(chip('os', os, `OS: ${formatOS(os)}`)));
  criteria.excludeOs?.forEach((os) => chips.push(chip('excludeOs', os, `OS: not ${formatOS(os)}`)));
  if (criteria.minCpu !== undefined) {
    chips.push(chip('minCpu', criteria.minCpu, `CPUs: at least ${criteria.minCpu}`));
  }
  if (criteria.maxCpu !== undefined) {
    chips.push(chip('maxCpu', criteria.maxCpu, `CPUs: at most ${criteria.maxCpu}`));
  }
  if (criteria.minMemoryBytes !== undefined) {
    const label = `Memory: ${memoryBoundLabel(criteria.minMemoryBytes, 'min')}`;
    chips.push(chip('minMemoryBytes', criteria.minMemoryBytes, label));
  }
  if (criteria.maxMemoryBytes !== undefined) {
    const label = `Memory: ${memoryBoundLabel(criteria.maxMemoryBytes, 'max')}`;
    chips.push(chip('maxMemoryBytes', criteria.maxMemoryBytes, label));
  }
  criteria.text?.forEach((word) => chips.push(chip('text', word, `Text: ${word}`)));
  return chips;
};

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The criteria without the filter the chip shows; the input is left untouched. */
export const removeChip = (criteria: VmSearchCriteria, removed: SearchChip): VmSearchCriteria => {
  const next: Record<string, unknown> = { ...criteria };
  const current = next[removed.field];
  if (Array.isArray(current)) {
    const kept = current.filter((item) => !sameValue(item, removed.value));
    if (kept.length > 0) next[removed.field] = kept;
    else delete next[removed.field];
  } else if (current !== undefined && sameValue(current, removed.value)) {
    delete next[removed.field];
  }
  return next as VmSearchCriteria;
};
