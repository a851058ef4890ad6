import { detectCapability, type CapabilityState } from './detectCapability';

/**
 * Session-wide capability cache shared by every component and the flag hook provider: at most one
 * probe round in flight, a settled result kept for the browser session (module state + sessionStorage,
 * so a console reload does not probe again), a failed round re-checked after a short pause.
 */

const STORAGE_KEY = 'kubevirt-lightspeed-plugin/ai-capability';

/**
 * A failed round is reused this long (doubling with each further failure, up to the maximum), so
 * many cards mounting together do not each probe again and a down OLS is not polled hard.
 */
export const RECHECK_AFTER_FAILURE_MS = 30_000;
const MAX_RECHECK_DELAY_MS = 10 * 60_000;

interface CacheEntry {
  state: CapabilityState;
  at: number;
  /** Consecutive failed rounds. */
  failures: number;
}

const recheckDelay = (failures: number): number =>
  Math.min(RECHECK_AFTER_FAILURE_MS * 2 ** Math.max(0, failures - 1), MAX_RECHECK_DELAY_MS);

let entry: CacheEntry | undefined;
let inFlight: Promise<CapabilityState> | undefined;
/** Bumped by recheck()/reset so that a round started earlier cannot overwrite a newer result. */
let generation = 0;
const listeners = new Set<() => void>();

const notify = (): void => listeners.forEach((listener) => listener());

const readStorage = (): CacheEntry | undefined => {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as CacheEntry;
    // An entry written before `features` existed lacks it: probe again rather than guess.
    return parsed?.state && !parsed.state.failed && parsed.state.features ? parsed : undefined;
  } catch {
    return undefined;
  }
};

const writeStorage = (value: CacheEntry | undefined): void => {
  try {
    if (!value || value.state.failed || value.state.pageOnly)
      globalThis.sessionStorage?.removeItem(STORAGE_KEY);
    else globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Storage may be disabled (private mode, quota); the module cache still works.
  }
};

const setEntry = (value: CacheEntry | undefined): void => {
  entry = value;
  writeStorage(value);
  notify();
};

export const subscribeCapability = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The cached state (undefined until a round has settled). Stable between changes. */
export const getCapabilitySnapshot = (): CapabilityState | undefined => {
  if (!entry) entry = readStorage();
  return entry?.state;
};

export const isProbing = (): boolean => inFlight !== undefined;

const isFresh = (value: CacheEntry | undefined): boolean =>
  value !== undefined &&
  (!value.state.failed || Date.now() - value.at < recheckDelay(value.failures));

/** Milliseconds until a failed result may be re-checked; undefined when nothing failed. */
export const msUntilRecheck = (): number | undefined => {
  if (!entry?.state.failed) return undefined;
  return Math.max(0, entry.at + recheckDelay(entry.failures) - Date.now());
};

/**
 * Starts a probe round unless a usable result is cached or a round is already in flight.
 * Only called when the Lightspeed plugin is present (its absence is not cached: the console may set
 * the LIGHTSPEED_PLUGIN flag after we first look).
 */
export const ensureCapability = (): Promise<CapabilityState> => {
  const cached = entry ?? readStorage();
  if (cached && isFresh(cached)) {
    entry = cached;
    return Promise.resolve(cached.state);
  }
  if (inFlight) return inFlight;
  const round = generation;
  const pending = detectCapability(true).then(
    (state) => {
      if (round === generation) {
        inFlight = undefined;
        const failures = state.failed ? (cached?.failures ?? 0) + 1 : 0;
        setEntry({ state, at: Date.now(), failures });
      }
      return state;
    },
    // detectCapability does not reject; this only guards against a programming error.
    (error: unknown) => {
      if (round === generation) inFlight = undefined;
      throw error;
    },
  );
  inFlight = pending;
  notify();
  return pending;
};

/**
 * A tool-triggering answer used none of our tools: the model or OLS does not route to cnv-mcp-server,
 * so use static prompts for the rest of the session.
 */
export const demoteCapability = (): void => {
  const current = getCapabilitySnapshot();
  if (!current || current.capability !== 'mcp') return;
  setEntry({
    state: { ...current, capability: 'static', reason: 'demoted', failed: false },
    at: Date.now(),
    failures: 0,
  });
};

/** Forgets the cached result (including a demotion) and probes again. */
export const recheckCapability = (): Promise<CapabilityState> => {
  generation += 1;
  inFlight = undefined;
  setEntry(undefined);
  return ensureCapability();
};

/** Tests only: a clean module state. */
export const resetCapabilityCache = (): void => {
  generation += 1;
  inFlight = undefined;
  entry = undefined;
  writeStorage(undefined);
  notify();
};
