import { useEffect, useState } from 'react';
import type { VmEntry } from '../../kubevirt/vm';
import {
  addToFleetCounts,
  emptyFleetCounts,
  type FleetCounts,
  type SearchClock,
} from '../../kubevirt/search';

/** VMs counted per slice: a few milliseconds of verdicts, so typing stays responsive. */
export const FLEET_SLICE = 500;

const copy = (counts: FleetCounts): FleetCounts => ({
  ...counts,
  health: { ...counts.health },
  categories: { ...counts.categories },
});

const sameMigrations = (a: VmEntry['migrations'], b: VmEntry['migrations']) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((m, i) => m === b[i]));

/** What a verdict reads is the same: the VM, its VMI and its migrations (not the sizes). */
const sameVerdictInputs = (a: readonly VmEntry[], b: readonly VmEntry[]) =>
  a === b ||
  (a.length === b.length &&
    a.every(
      (e, i) =>
        e.vm === b[i].vm && e.vmi === b[i].vmi && sameMigrations(e.migrations, b[i].migrations),
    ));

/**
 * The previous list while the objects are the same ones: a list rebuilt around unchanged objects
 * (a watch hook returning a new array, a re-render) must not restart the count, or it never ends.
 */
const useStableEntries = (entries: readonly VmEntry[]): readonly VmEntry[] => {
  const [stable, setStable] = useState(entries);
  const same = sameVerdictInputs(stable, entries);
  // Adjusting state while rendering (React's pattern for state derived from props).
  if (!same) setStable(entries);
  return same ? stable : entries;
};

/**
 * Fleet counts computed a slice at a time between tasks: a verdict is a diagnosis, and 50,000 of
 * them in one render would block the page for seconds. The counts grow as slices finish (each
 * verdict is cached, so the matcher reuses them); `counting` is true until every entry is counted.
 */
export const useFleetCounts = (
  listed: readonly VmEntry[],
  clock: SearchClock,
): { counts: FleetCounts; counting: boolean } => {
  const entries = useStableEntries(listed);
  const [state, setState] = useState(() => ({
    entries,
    clock,
    counts: emptyFleetCounts(),
    counting: entries.length > 0,
  }));

  useEffect(() => {
    const counts = emptyFleetCounts();
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      addToFleetCounts(counts, entries.slice(next, next + FLEET_SLICE), clock);
      next += FLEET_SLICE;
      const counting = next < entries.length;
      setState({ entries, clock, counts: copy(counts), counting });
      if (counting) timer = setTimeout(step, 0);
    };
    step();
    return () => clearTimeout(timer);
  }, [entries, clock]);

  // Until the effect has counted the first slice of new entries, say so rather than show old counts.
  const current = state.entries === entries && state.clock === clock;
  return { counts: state.counts, counting: !current || state.counting };
};
