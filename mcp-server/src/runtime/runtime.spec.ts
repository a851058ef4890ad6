import { bearerToken, tokenIdentity } from './identity';
import { RateLimiter } from './rateLimiter';
import { TtlCache, stableKey } from './ttlCache';

describe('TtlCache', () => {
  it('expires entries after the TTL and evicts the oldest beyond the size bound', () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, 2, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    now = 999;
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
    now = 2000;
    expect(cache.get('c')).toBeUndefined();
  });

  it('stores nothing with a TTL of 0', () => {
    const cache = new TtlCache<number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keys objects independently of property order', () => {
    expect(stableKey({ b: 1, a: { d: 2, c: 3 } })).toBe(stableKey({ a: { c: 3, d: 2 }, b: 1 }));
    expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: 2 }));
  });
});

describe('RateLimiter', () => {
  it('allows a burst of N per minute per identity, then asks to wait, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('alice'))).toEqual([0, 0, 0]);
    expect(limiter.take('alice')).toBeGreaterThan(0);
    expect(limiter.take('bob')).toBe(0);
    now = 20_000; // one token per 20 s at 3/min
    expect(limiter.take('alice')).toBe(0);
    expect(limiter.take('alice')).toBeGreaterThan(0);
  });
});

describe('identity', () => {
  it('hashes tokens so the token never appears in the identity', () => {
    const id = tokenIdentity('sha256~secret-token-value');
    expect(id).toMatch(/^token:[0-9a-f]{16}$/);
    expect(id).not.toContain('secret');
    expect(tokenIdentity('sha256~secret-token-value')).toBe(id);
    expect(tokenIdentity('other')).not.toBe(id);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('reads the bearer token of %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
