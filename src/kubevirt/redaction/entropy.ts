import { REDACTED } from './marker';

/**
 * Catches a random credential no other rule knows by shape: a long run of token characters mixing
 * upper case, lower case and digits, with high per-character entropy. Identifiers of known shape
 * stay: UUIDs (object uids), hex hashes and digests (`sha256:…`, git SHAs), numbers
 * (resourceVersions), lower-case names (`virt-launcher-db-7x2kq`), and words in CamelCase.
 */
const CANDIDATE = /(?<![A-Za-z0-9+/_=.~-])[A-Za-z0-9+/_=-]{24,}(?![A-Za-z0-9+/_=-])/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
const MIN_BITS_PER_CHAR = 4;

const bitsPerChar = (token: string): number => {
  const counts = new Map<string, number>();
  for (const char of token) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / token.length;
    bits -= p * Math.log2(p);
  }
  return bits;
};

const digitCount = (token: string): number => {
  let digits = 0;
  for (let i = 0; i < token.length; i += 1) {
    const code = token.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += 1;
  }
  return digits;
};

/** Upper case and digits only (registry robot tokens, licence keys): longer and denser to count. */
const UPPER_ALNUM = /^[A-Z0-9]{32,}$/;

/** Share of the token in runs of 4+ lower-case letters: words (`Machine`, `Failed`), not noise. */
const wordShare = (token: string): number => {
  let inWords = 0;
  for (const run of token.match(/[a-z]{4,}/g) ?? []) inWords += run.length;
  return inWords / token.length;
};

export const looksRandom = (token: string): boolean => {
  if (UUID.test(token) || HEX.test(token) || /^\d+$/.test(token)) return false;
  if (UPPER_ALNUM.test(token)) return digitCount(token) >= 4 && bitsPerChar(token) >= 4.2;
  if (!/[A-Z]/.test(token) || !/[a-z]/.test(token) || digitCount(token) < 2) return false;
  if (wordShare(token) >= 0.4) return false;
  // A dashed or underscored name of words: each part is short and readable.
  if (token.split(/[_-]/).every((part) => part.length < 16)) return false;
  return bitsPerChar(token) >= MIN_BITS_PER_CHAR;
};

/** Digests name images and files: `sha256:<hex>`, `@sha512:…` never go through this rule. */
const DIGEST_PREFIX = /(?:sha(?:1|224|256|384|512)|md5|blake2b):$/i;

export const redactHighEntropyTokens = (text: string): string =>
  text.replace(CANDIDATE, (token: string, offset: number) => {
    if (DIGEST_PREFIX.test(text.slice(Math.max(0, offset - 8), offset))) return token;
    return looksRandom(token) ? REDACTED : token;
  });
