import { createHash } from 'node:crypto';

/**
 * The caller's identity key: a sha256 prefix of the bearer token. Caches, rate limits, audit lines and
 * metrics use this, so the token itself is never stored or printed.
 */
export const tokenIdentity = (token: string): string =>
  `token:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;

/** Extracts the bearer token of an Authorization header, or undefined when absent or malformed. */
export const bearerToken = (header: string | string[] | undefined): string | undefined => {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1] : undefined;
};
