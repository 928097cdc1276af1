/**
 * The time budget of one client call, retries and waits included, merged with the caller's abort
 * signal: everything the call waits on (rate limiter, the attempt, backoff sleep) listens to `signal`, so
 * either the deadline or the caller's abort stops it wherever it is.
 */
import type { ProviderError } from '../errors.js';

export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly forwardAbort: () => void;
  private passed = false;

  constructor(
    budgetMs: number,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly timeoutError: () => ProviderError,
  ) {
    this.endsAt = performance.now() + budgetMs;
    this.timer = setTimeout(() => {
      this.passed = true;
      this.controller.abort(new Error('deadline passed'));
    }, budgetMs);
    this.forwardAbort = () => this.controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) this.forwardAbort();
    else callerSignal?.addEventListener('abort', this.forwardAbort, { once: true });
  }

  /** Aborts when the budget is spent or the caller aborts. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  get remainingMs(): number {
    return this.passed ? 0 : Math.max(0, this.endsAt - performance.now());
  }

  /** The caller's own abort reason when it aborted, otherwise UPSTREAM_TIMEOUT for the spent budget. */
  abortError(): unknown {
    if (this.callerSignal?.aborted) return this.callerSignal.reason;
    return this.timeoutError();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.forwardAbort);
  }
}
