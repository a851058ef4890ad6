import type { AICapability } from '../types';
import {
  ensureCapability,
  getCapabilitySnapshot,
  isProbing,
  msUntilRecheck,
  subscribeCapability,
} from './capabilityStore';

/**
 * Keeps the session's capability detection going while someone watches: starts a round when none
 * has settled, re-runs a failed one (OLS not ready, probe error) with the store's backoff, and
 * reports every change. Only for callers that know the Lightspeed plugin is present.
 */
export const watchCapability = (onCapability: (capability: AICapability) => void): (() => void) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const probe = () => void ensureCapability().catch(() => undefined);
  const update = () => {
    const state = getCapabilitySnapshot();
    onCapability(state?.capability ?? 'off');
    clearTimeout(timer);
    timer = undefined;
    if (isProbing()) return;
    if (!state) {
      // ensureCapability() deduplicates: cached → no request; in flight → joins it.
      probe();
    } else if (state.failed) {
      const delay = msUntilRecheck();
      if (delay !== undefined) timer = setTimeout(probe, delay);
    }
  };
  const unsubscribe = subscribeCapability(update);
  update();
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
};
