interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token bucket per caller identity: `perMinute` calls, refilled continuously, bursts up to the same. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token; returns 0 when allowed, or the seconds to wait before the next token. */
  take(identity: string): number {
    const bucket = this.refill(identity);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.waitSeconds(bucket);
  }

  /** Like take, without taking: 0 when a call would be allowed now, else the seconds to wait. */
  peek(identity: string): number {
    const bucket = this.buckets.get(identity);
    if (!bucket) return 0;
    const now = this.now();
    const tokens = Math.min(
      this.perMinute,
      bucket.tokens + (now - bucket.updatedAt) * (this.perMinute / 60_000),
    );
    return tokens >= 1 ? 0 : this.waitSeconds({ tokens, updatedAt: now });
  }

  private refill(identity: string): Bucket {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(identity) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    this.buckets.delete(identity);
    this.buckets.set(identity, bucket);
    this.evictOverflow();
    return bucket;
  }

  private waitSeconds(bucket: Bucket): number {
    return Math.max(1, Math.ceil((1 - bucket.tokens) / (this.perMinute / 60_000) / 1000));
  }

  private evictOverflow(): void {
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}
