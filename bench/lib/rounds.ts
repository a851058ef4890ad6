/** Sequential rounds of Kubernetes requests: a round is a maximal set of overlapping requests. */

export interface Interval {
  start: number;
  end: number;
}

/** Number of groups after merging overlapping [start, end] intervals (sorted by start). */
export const countRounds = (requests: readonly Interval[]): number => {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  let rounds = 0;
  let groupEnd = Number.NEGATIVE_INFINITY;
  for (const r of sorted) {
    if (r.start > groupEnd) rounds += 1;
    groupEnd = Math.max(groupEnd, r.end);
  }
  return rounds;
};
