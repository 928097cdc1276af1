/**
 * One circuit breaker per provider (opossum) around its upstream calls. When a provider keeps
 * failing, every query that needs it would otherwise wait out timeouts and retries and pile up
 * sockets; with the breaker open, calls to it fail at once with UPSTREAM_UNAVAILABLE naming the
 * provider, while the other providers' parts of each answer are served as usual.
 *
 * - Counted as failures: UPSTREAM_UNAVAILABLE and UPSTREAM_TIMEOUT, the signs of a provider that is
 *   down or drowning (but not a shared load abandoned by its waiters: `notTheProvidersFault`). NOT_FOUND, BAD_USER_INPUT, UPSTREAM_AUTH and UPSTREAM_BAD_RESPONSE mean it
 *   answered, so they count as successes: a burst of bad ids must not cut a healthy provider off.
 * - Opens when, within the rolling window, at least `volumeThreshold` calls were made and more
 *   than `errorThresholdPercent` of them failed.
 * - After `resetTimeoutMs` open it half-opens: exactly one call goes through as a probe (the others
 *   still fail fast); its success closes the breaker, its failure opens it for another period.
 * - One call is one whole client call (its retries included), after the cache: a cache hit never
 *   reaches the breaker, so cached answers keep being served while it is open.
 */
import CircuitBreaker from 'opossum';
import { ProviderError, describeCall, isProviderError, type ProviderName } from '../providers/errors.js';
import { recordBreakerState, type BreakerState } from '../observability/metrics.js';
import { isExempt } from './fault.js';

export type { BreakerState };

export interface BreakerOptions {
  /** Calls in the window before the breaker may open. */
  volumeThreshold: number;
  /** Failure percentage above which it opens. */
  errorThresholdPercent: number;
  /** Length of the rolling window. */
  windowMs: number;
  /** Time open before a probe is let through. */
  resetTimeoutMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = { volumeThreshold: 20, errorThresholdPercent: 50, windowMs: 10_000, resetTimeoutMs: 10_000 };

export interface BreakerStatus {
  state: BreakerState;
  /** When the breaker last opened (ISO time), while it is open or half-open. */
  openedAt?: string;
  /** Counts in the current rolling window. */
  window: { calls: number; failures: number; rejected: number };
}

/** What one upstream call tells the breaker about its outcome. */
export interface BreakerCall {
  method: string;
  endpoint: string;
}

export interface ProviderBreakerLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** Whether an error is a sign of an unhealthy provider. */
export function countsAsFailure(error: unknown): boolean {
  if (isExempt(error)) return false;
  if (!isProviderError(error)) return true;
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
}

type Task = () => Promise<void>;

export class ProviderBreaker {
  private readonly breaker: CircuitBreaker<[Task], void>;
  private openedAt: number | undefined;

  constructor(
    readonly provider: ProviderName,
    options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
    private readonly logger?: ProviderBreakerLogger,
  ) {
    const buckets = 10;
    this.breaker = new CircuitBreaker<[Task], void>((task) => task(), {
      name: provider,
      // The HTTP client bounds every call itself (timeouts, budget, request deadline).
      timeout: false,
      resetTimeout: options.resetTimeoutMs,
      errorThresholdPercentage: options.errorThresholdPercent,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.windowMs,
      // The window must divide into whole buckets.
      rollingCountBuckets: options.windowMs % buckets === 0 ? buckets : 1,
      rollingPercentilesEnabled: false,
      // `true` means "not a failure" to opossum.
      errorFilter: (error: unknown) => !countsAsFailure(error),
    });
    this.breaker.on('open', () => this.transition('open'));
    this.breaker.on('halfOpen', () => this.transition('half_open'));
    this.breaker.on('close', () => this.transition('closed'));
    recordBreakerState(provider, 'closed');
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half_open';
    return 'closed';
  }

  status(): BreakerStatus {
    const stats = this.breaker.stats;
    return {
      state: this.state,
      ...(this.openedAt === undefined || this.state === 'closed' ? {} : { openedAt: new Date(this.openedAt).toISOString() }),
      window: { calls: stats.fires, failures: stats.failures, rejected: stats.rejects },
    };
  }

  /**
   * Runs one upstream call through the breaker. While it is open the call is not made and a
   * ProviderError UPSTREAM_UNAVAILABLE naming the provider and the endpoint template is thrown.
   */
  async run<T>(call: BreakerCall, task: () => Promise<T>): Promise<T> {
    let outcome: { value: T } | undefined;
    try {
      await this.breaker.fire(async () => {
        outcome = { value: await task() };
      });
    } catch (error) {
      if (isOpenBreakerError(error)) throw this.openError(call);
      throw error;
    }
    if (outcome === undefined) throw new Error('circuit breaker resolved without running its call');
    return outcome.value;
  }

  /** Stops the rolling-window timers. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private openError(call: BreakerCall): ProviderError {
    const what = describeCall(this.provider, call.method, call.endpoint);
    const since = this.openedAt === undefined ? '' : ` since ${new Date(this.openedAt).toISOString()}`;
    return new ProviderError({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: this.provider,
      method: call.method,
      endpoint: call.endpoint,
      message: `${what} was not sent: ${this.provider} keeps failing, so its circuit breaker is open${since} and calls fail fast until a probe succeeds`,
    });
  }

  private transition(state: BreakerState): void {
    if (state === 'open') this.openedAt = Date.now();
    recordBreakerState(this.provider, state);
    const fields = { provider: this.provider, state };
    if (state === 'open') this.logger?.warn(fields, 'circuit breaker opened: failing fast');
    else this.logger?.info(fields, state === 'closed' ? 'circuit breaker closed: provider healthy again' : 'circuit breaker half-open: probing');
  }
}

function isOpenBreakerError(error: unknown): boolean {
  return error instanceof Error && (error as Error & { code?: unknown }).code === 'EOPENBREAKER';
}
