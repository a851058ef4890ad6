import type { VmSearchCriteria } from './criteria';

const union = <T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined => {
  if (!a?.length) return b?.length ? [...b] : undefined;
  if (!b?.length) return [...a];
  const seen = new Set(a.map((item) => JSON.stringify(item)));
  return [...a, ...b.filter((item) => !seen.has(JSON.stringify(item)))];
};

const pick = (
  a: number | undefined,
  b: number | undefined,
  stricter: (x: number, y: number) => number,
): number | undefined => (a === undefined ? b : b === undefined ? a : stricter(a, b));

const laterIso = (a: string | undefined, b: string | undefined): string | undefined => {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
};

const earlierIso = (a: string | undefined, b: string | undefined): string | undefined => {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
};

/** Removes undefined fields and empty lists, so equal filters serialise equally. */
export const compactCriteria = (criteria: VmSearchCriteria): VmSearchCriteria => {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(criteria)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'string' && value.length === 0) continue;
    result[key] = value;
  }
  return result as VmSearchCriteria;
};

export const isEmptyCriteria = (criteria: VmSearchCriteria): boolean =>
  Object.keys(compactCriteria(criteria)).length === 0;

/**
 * Combines two sets of filters, e.g. the MCP tool's explicit arguments (b) with its parsed `query`
 * (a). Lists are unioned (more namespaces, more statuses); ranges keep the stricter bound (both
 * asked for a limit); `hasErrors`, `stuck` and `nameContains` take b's value when b sets one.
 */
export const mergeCriteria = (a: VmSearchCriteria, b: VmSearchCriteria): VmSearchCriteria =>
  compactCriteria({
    namespaces: union(a.namespaces, b.namespaces),
    excludeNamespaces: union(a.excludeNamespaces, b.excludeNamespaces),
    statuses: union(a.statuses, b.statuses),
    statusGroups: union(a.statusGroups, b.statusGroups),
    excludeStatuses: union(a.excludeStatuses, b.excludeStatuses),
    hasErrors: b.hasErrors ?? a.hasErrors,
    health: union(a.health, b.health),
    categories: union(a.categories, b.categories),
    stuck: b.stuck ?? a.stuck,
    createdWithinMs: pick(a.createdWithinMs, b.createdWithinMs, Math.min),
    createdBeforeMs: pick(a.createdBeforeMs, b.createdBeforeMs, Math.max),
    createdSince: laterIso(a.createdSince, b.createdSince),
    createdUntil: earlierIso(a.createdUntil, b.createdUntil),
    statusChangedWithinMs: pick(a.statusChangedWithinMs, b.statusChangedWithinMs, Math.min),
    nodes: union(a.nodes, b.nodes),
    excludeNodes: union(a.excludeNodes, b.excludeNodes),
    labels: union(a.labels, b.labels),
    nameContains: b.nameContains ?? a.nameContains,
    os: union(a.os, b.os),
    excludeOs: union(a.excludeOs, b.excludeOs),
    minCpu: pick(a.minCpu, b.minCpu, Math.max),
    maxCpu: pick(a.maxCpu, b.maxCpu, Math.min),
    minMemoryBytes: pick(a.minMemoryBytes, b.minMemoryBytes, Math.max),
    maxMemoryBytes: pick(a.maxMemoryBytes, b.maxMemoryBytes, Math.min),
    text: union(a.text, b.text),
  });
