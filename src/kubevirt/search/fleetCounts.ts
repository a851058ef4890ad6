import type { RootCauseCategory } from '../diagnosis/model';
import { vmHealth, type VmHealth } from '../health/health';
import type { VmEntry } from '../vm';
import type { SearchClock } from './criteria';
import { vmProblemCategory } from './problemCategory';

export const HEALTH_ORDER: readonly VmHealth[] = [
  'error',
  'attention',
  'transitional',
  'healthy',
  'stopped',
];

export interface FleetCounts {
  total: number;
  /** Every VM in exactly one verdict: the values add up to `total`. */
  health: Record<VmHealth, number>;
  /** VMs with a problem by the category search files them under (see vmProblemCategory). */
  categories: Partial<Record<RootCauseCategory, number>>;
  /** VMs with a problem and no known category: with `categories` they add up to the problems. */
  uncategorizedProblems: number;
}

export const emptyFleetCounts = (): FleetCounts => ({
  total: 0,
  health: { error: 0, attention: 0, transitional: 0, healthy: 0, stopped: 0 },
  categories: {},
  uncategorizedProblems: 0,
});

/** Adds `entries` to `counts` (in place): lets a large fleet be counted a slice at a time. */
export const addToFleetCounts = (
  counts: FleetCounts,
  entries: readonly VmEntry[],
  clock: SearchClock,
): FleetCounts => {
  for (const entry of entries) {
    const verdict = vmHealth(entry, clock);
    counts.total += 1;
    counts.health[verdict.health] += 1;
    if (!verdict.problem) continue;
    const category = vmProblemCategory(verdict);
    if (category) counts.categories[category] = (counts.categories[category] ?? 0) + 1;
    else counts.uncategorizedProblems += 1;
  }
  return counts;
};

/** Counts for the fleet summary, from the same verdicts the matcher and the row icons use. */
export const fleetCounts = (entries: readonly VmEntry[], clock: SearchClock): FleetCounts =>
  addToFleetCounts(emptyFleetCounts(), entries, clock);
