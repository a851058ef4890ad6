export const isGlob = (pattern: string): boolean => pattern.includes('*') || pattern.includes('?');

/**
 * Case-insensitive wildcard match (`*` any run, `?` one character) without regular expressions:
 * the classic two-pointer walk, at most O(pattern × text), never exponential.
 */
export const globMatches = (pattern: string, text: string): boolean => {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let starAt = -1;
  let resumeText = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi += 1;
      ti += 1;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi;
      resumeText = ti;
      pi += 1;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      resumeText += 1;
      ti = resumeText;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi += 1;
  return pi === p.length;
};

/** Exact (case-insensitive) for plain names, wildcard for globs. */
export const nameMatches = (pattern: string, name: string): boolean =>
  isGlob(pattern) ? globMatches(pattern, name) : pattern.toLowerCase() === name.toLowerCase();

/** Substring for plain text, whole-name wildcard for globs. */
export const containsOrGlob = (pattern: string, text: string): boolean =>
  isGlob(pattern) ? globMatches(pattern, text) : text.toLowerCase().includes(pattern.toLowerCase());
