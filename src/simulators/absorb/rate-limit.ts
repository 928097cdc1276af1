import { performance } from 'node:perf_hooks';

/**
 * Absorb's documented limit: 200 requests per second with a burst of 100, per API key. A token
 * bucket gives exactly that: it holds up to `burst` tokens and refills at `perSecond`. The clock
 * is the monotonic one, not the simulator's `now` option: tests that freeze `now` to expire
 * tokens must not freeze the refill with it.
 */

export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 200, burst: 100 };

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Takes one token from the key's bucket; false when it is empty. */
  take(key: string): boolean {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, refilledAt: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.limit.perSecond);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
