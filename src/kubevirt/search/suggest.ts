import { PHRASES, RESERVED_WORDS } from './vocabulary';

/** Words longer than this are not compared (junk, pasted text): no suggestion. */
const MAX_WORD_LENGTH = 40;
/** At most this many namespaces are compared per word, keeping the cost bounded for big fleets. */
const MAX_NAMESPACES = 1000;

const KNOWN_WORDS: readonly string[] = [
  ...new Set([...[...PHRASES.keys()].filter((phrase) => !phrase.includes(' ')), ...RESERVED_WORDS]),
].filter((word) => word.length >= 3);

/** Levenshtein distance, abandoned as soon as it exceeds `limit` (returns limit + 1). */
export const boundedEditDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
};

/** Swapped neighbours first ("tema-a" → "team-a"), then up to `limit` single-character edits. */
const distance = (a: string, b: string, limit: number): number => {
  if (a.length === b.length) {
    let diff = -1;
    let count = 0;
    for (let i = 0; i < a.length && count <= 2; i += 1) {
      if (a[i] !== b[i]) {
        if (count === 0) diff = i;
        count += 1;
      }
    }
    if (count === 2 && a[diff] === b[diff + 1] && a[diff + 1] === b[diff]) return 1;
  }
  return boundedEditDistance(a, b, limit);
};

/**
 * The known word or visible namespace nearest to an unrecognised word ("runnign" → running,
 * "tema-a" → team-a), or undefined when nothing is close (1 edit for short words, 2 for longer).
 */
export const suggestNearest = (
  word: string,
  namespaces: readonly string[] = [],
): string | undefined => {
  const lower = word.toLowerCase();
  if (lower.length < 3 || lower.length > MAX_WORD_LENGTH) return undefined;
  const limit = lower.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  const consider = (candidate: string): void => {
    if (candidate === lower) return;
    const d = distance(lower, candidate, limit);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  };
  namespaces.slice(0, MAX_NAMESPACES).forEach((ns) => consider(ns.toLowerCase()));
  KNOWN_WORDS.forEach(consider);
  return bestDistance <= limit ? best : undefined;
};
