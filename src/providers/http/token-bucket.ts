/**
 * A token bucket that keeps a client under an upstream's rate limit (Absorb: 200 requests/s with
 * a burst of 100) instead of discovering it through 429s. `take()` resolves when a token is free;
 * waiters are served first come, first served, by one timer set for the moment the next token
 * arrives (no polling loop). The HTTP client takes one token per attempt, retries included.
 */

export interface RateLimiter {
  take(signal?: AbortSignal): Promise<void>;
}

export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Most tokens the bucket holds; it starts full, so the first `burst` takes are immediate. */
  burst: number;
  /** Monotonic clock in ms (tests may replace it). */
  now?: () => number;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class TokenBucket implements RateLimiter {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private refilledAt: number;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('TokenBucket ratePerSecond must be positive');
    if (!(options.burst >= 1)) throw new RangeError('TokenBucket burst must be at least 1');
    this.ratePerMs = options.ratePerSecond / 1000;
    this.burst = options.burst;
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.burst;
    this.refilledAt = this.now();
  }

  /** Waiters not yet served. */
  get pending(): number {
    return this.waiters.length;
  }

  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.refill();
    // Only jump the queue when there is no queue: FIFO.
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          if (this.waiters.length === 0) this.clearTimer();
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.ratePerMs);
    this.refilledAt = now;
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.refill();
    while (this.waiters.length > 0 && this.tokens >= 1) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) break;
      this.tokens -= 1;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    if (this.waiters.length === 0) return;
    const waitMs = Math.max(1, Math.ceil((1 - this.tokens) / this.ratePerMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, waitMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
