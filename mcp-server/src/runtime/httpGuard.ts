import type http from 'node:http';
import { RateLimiter } from './rateLimiter';
import { TtlCache } from './ttlCache';

/**
 * Checks done on every HTTP /mcp request before a body is read or a tool runs: Host and Origin
 * (DNS rebinding; the MCP transport spec says servers MUST validate Origin), the client address,
 * and which bearer tokens the API server has accepted.
 *
 * The MCP TypeScript SDK 1.x has `allowedHosts`, `allowedOrigins` and `enableDnsRebindingProtection`
 * on StreamableHTTPServerTransport (@modelcontextprotocol/sdk 1.32 `server/webStandardStreamableHttp.js`,
 * `validateRequestHeaders`), but they are deprecated in favour of middleware, compare the Host header
 * with its port as an exact string, and run inside `handleRequest`, after the body has been read
 * and parsed and after our authentication; its replacement, `hostHeaderValidation`
 * (`server/middleware/hostHeaderValidation.js`), is Express middleware. The checks below follow that
 * middleware's rules (hostname compared without the port, IPv6 in brackets) without Express.
 */

/** The hostname of a Host header, lower case, without port ("[::1]" keeps its brackets). */
export const hostnameOf = (host: string | undefined): string | undefined => {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

export const hostAllowed = (host: string | undefined, allowed: readonly string[]): boolean => {
  const name = hostnameOf(host);
  return name !== undefined && allowed.includes(name);
};

/**
 * No Origin header: a server-to-server call (OpenShift Lightspeed), allowed. An Origin must equal one
 * of `allowedOrigins` (scheme://host[:port]) or have one of them as its hostname; with no
 * allowed origins configured the allowed hosts serve as hostnames. "null" and anything else: refused.
 */
export const originAllowed = (
  origin: string | undefined,
  allowedOrigins: readonly string[],
  allowedHosts: readonly string[],
): boolean => {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const list = allowedOrigins.length > 0 ? allowedOrigins : allowedHosts;
  const hostname = url.hostname.toLowerCase();
  return list.some((entry) => (entry.includes('://') ? entry === url.origin : entry === hostname));
};

/**
 * The client address. Behind a proxy on loopback (the chart's TLS sidecar, which overwrites
 * X-Forwarded-For with its peer) the first X-Forwarded-For entry, when trusted; else the peer.
 */
export const clientAddress = (req: http.IncomingMessage, trustForwardedFor: boolean): string => {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const loopback = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustForwardedFor && loopback && first ? first.slice(0, 64) : peer;
};

const VERIFIED_TTL_MS = 10 * 60_000;

/**
 * Which tokens count as users. A token is *verified* once the API server answered one of its
 * requests with anything but 401 (403 included: the token authenticated). Until then its calls are
 * rate-limited under its client address too, shared with every other unverified token from there, so
 * fresh made-up tokens get no fresh budget. Failures (no token, or a 401 from the API server) are
 * counted per client address; over the limit, unverified requests from that address get 429 while
 * verified users on the same address (all of OLS shares a few) keep working.
 */
export class AuthGate {
  private readonly verified: TtlCache<true>;
  private readonly failures: RateLimiter;

  constructor(failuresPerMinute: number, now: () => number = Date.now) {
    this.verified = new TtlCache<true>(VERIFIED_TTL_MS, 10_000, now);
    this.failures = new RateLimiter(failuresPerMinute, now);
  }

  isVerified(identity: string): boolean {
    return this.verified.get(identity) === true;
  }

  /** Seconds until the address may try unverified tokens again; 0 = it may now. */
  blockedFor(address: string): number {
    return this.failures.peek(`fail:${address}`);
  }

  recordFailure(address: string): void {
    this.failures.take(`fail:${address}`);
  }

  /** Feed of the API server's answers to one token's requests (status 0 = no answer). */
  observe(identity: string, address: string, status: number): void {
    if (status === 401) {
      this.recordFailure(address);
    } else if (status > 0) {
      this.verified.set(identity, true);
    }
  }

  /** The key unverified tokens of one address share in the rate limit; none once verified. */
  sharedRateKey(identity: string, address: string): string | undefined {
    return this.isVerified(identity) ? undefined : `unverified:${address}`;
  }
}

export class BodyTooLargeError extends Error {}

/** Beyond this an oversized body is no longer drained (discarded) but the connection cut. */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;

/**
 * Reads at most `limit` bytes. A declared Content-Length over the limit is refused before anything
 * is read; otherwise the read stops buffering the moment the limit is passed. The rest of an
 * oversized body is drained (read and dropped, never stored) so the client can read the 413; a
 * body beyond MAX_DRAIN_BYTES gets the connection cut.
 */
export const readBodyLimited = (req: http.IncomingMessage, limit: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const drain = () => {
      let drained = 0;
      req.removeAllListeners('data');
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > MAX_DRAIN_BYTES) req.destroy();
      });
      req.resume();
      reject(new BodyTooLargeError());
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      drain();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        drain();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size <= limit) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
