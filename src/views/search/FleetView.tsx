import type { FC } from 'react';
import type { SearchClock } from '../../kubevirt/search';
import type { VmEntry } from '../../kubevirt/vm';
import { FleetSummary, type FleetSummaryProps } from './FleetSummary';
import { useFleetCounts } from './useFleetCounts';

export interface FleetViewProps extends Omit<FleetSummaryProps, 'counts' | 'counting'> {
  entries: readonly VmEntry[];
  clock: SearchClock;
  /** The lists are still loading: the counts will grow with them. */
  loading: boolean;
}

/**
 * The fleet summary with its own counting: each counted slice re-renders this component only, not
 * the page with its table and matcher.
 */
const FleetView: FC<FleetViewProps> = ({ entries, clock, loading, ...summary }) => {
  const { counts, counting } = useFleetCounts(entries, clock);
  if (counts.total === 0) return null;
  return <FleetSummary {...summary} counts={counts} counting={loading || counting} />;
};

export default FleetView;
