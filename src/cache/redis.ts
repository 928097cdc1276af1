/**
 * The one Redis connection a process holds (shared cache, shared tokens, login lock), wrapped so
 * that Redis can never fail or slow a query:
 * - every command is time-boxed (`timeoutMs`, default 75 ms; an answer already received when the
 *   time is up still counts, however busy the event loop); a late answer is dropped;
 * - commands are refused at once while the client is not connected (no offline queue), so an
 *   outage costs nothing per call;
 * - after a few time-outs in a row (a Redis that accepts but does not answer) Redis is skipped
 *   for a second before being tried again, so requests do not each wait out the time-box;
 * - the client reconnects in the background with capped backoff; the process starts whether or
 *   not Redis is up.
 * Callers treat every failure as "no shared answer" and carry on with the in-process cache.
 */
import { createClient } from '@keyv/redis';

export type RedisClient = ReturnType<typeof createClient>;

export type RedisState = 'connecting' | 'ready' | 'reconnecting' | 'closed';

export interface RedisLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface RedisConnectionOptions {
  url: string;
  /** Longest wait for one command. */
  timeoutMs: number;
  logger?: RedisLogger;
  /** Longest wait between reconnection attempts. Default 2 s. */
  maxReconnectDelayMs?: number;
}

/**
 * Thrown (and caught by the cache) when Redis cannot serve a command now. `skipped`: the command
 * was not sent (not connected, or paused after time-outs); otherwise it was sent and failed.
 */
export class RedisUnavailableError extends Error {
  constructor(
    reason: string,
    readonly skipped = false,
  ) {
    super(`redis unavailable: ${reason}`);
    this.name = 'RedisUnavailableError';
  }
}

const TIMEOUTS_BEFORE_PAUSE = 3;
const PAUSE_MS = 1_000;

export class RedisConnection {
  readonly client: RedisClient;
  private current: RedisState = 'connecting';
  private consecutiveTimeouts = 0;
  private pausedUntil = 0;
  private lastError: string | undefined;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly logger: RedisLogger | undefined;

  constructor(options: RedisConnectionOptions) {
    this.timeoutMs = options.timeoutMs;
    this.connectTimeoutMs = Math.max(500, options.timeoutMs * 10);
    this.logger = options.logger;
    const maxDelay = options.maxReconnectDelayMs ?? 2_000;
    this.client = createClient({
      url: options.url,
      // Fail fast while disconnected instead of queueing commands for an unknown time.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: this.connectTimeoutMs,
        reconnectStrategy: (retries: number) => Math.min(maxDelay, 50 * 2 ** Math.min(retries, 10)) + Math.floor(Math.random() * 50),
      },
    });
    // Without an 'error' listener node-redis would crash the process on the first socket error.
    this.client.on('error', (error: unknown) => {
      const reason = errorCode(error);
      if (this.current === 'ready' || this.lastError !== reason) this.logger?.warn({ reason }, 'redis connection error; serving from the in-process cache until it is back');
      this.lastError = reason;
    });
    this.client.on('ready', () => {
      if (this.current !== 'connecting') this.logger?.info({}, 'redis connection restored');
      this.current = 'ready';
      this.consecutiveTimeouts = 0;
      this.pausedUntil = 0;
      this.lastError = undefined;
    });
    this.client.on('reconnecting', () => {
      if (this.current !== 'closed') this.current = this.current === 'connecting' ? 'connecting' : 'reconnecting';
    });
    this.client.on('end', () => {
      this.current = 'closed';
    });
  }

  /** Starts connecting in the background; resolves at once. */
  start(): void {
    this.client.connect().catch((error: unknown) => {
      // Only reached when the client is closed while connecting: reconnection otherwise never gives up.
      this.logger?.debug({ reason: errorCode(error) }, 'redis connect ended');
    });
  }

  /**
   * Resolves once the first connection attempt has an outcome: ready, failed, or still pending
   * after `connectTimeoutMs` (a Redis that accepts but never answers). Never rejects.
   *
   * Startup waits for this before serving. The connection comes up within a few event-loop turns,
   * but a process busy starting its HTTP server would otherwise take its first queries while Redis
   * is still "connecting": each of those logs in to Absorb alone, and that login invalidates the
   * token the other replicas share.
   */
  async firstAttempt(): Promise<void> {
    if (this.current !== 'connecting') return;
    let settle!: () => void;
    const outcome = new Promise<void>((resolve) => (settle = resolve));
    const timer = setTimeout(settle, this.connectTimeoutMs);
    this.client.once('ready', settle).once('error', settle).once('end', settle);
    try {
      await outcome;
    } finally {
      clearTimeout(timer);
      this.client.off('ready', settle).off('error', settle).off('end', settle);
    }
  }

  get state(): RedisState {
    if (this.current === 'ready' && !this.client.isReady) return 'reconnecting';
    return this.current;
  }

  /** Why Redis is not usable, for /readyz; undefined when it is. */
  problem(): string | undefined {
    const state = this.state;
    if (state === 'ready') return performance.now() < this.pausedUntil ? 'not answering in time' : undefined;
    return this.lastError === undefined ? state : `${state}: ${this.lastError}`;
  }

  /** Runs a command within the time-box, or throws RedisUnavailableError. */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (!this.client.isReady) throw new RedisUnavailableError(this.state, true);
    if (performance.now() < this.pausedUntil) throw new RedisUnavailableError('paused after time-outs', true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      // The rejection waits for one pass of the event loop's poll phase: on a busy loop the timer
      // can fire in the same turn the answer arrived, and an answer already here must win.
      timer = setTimeout(() => setImmediate(() => reject(new RedisUnavailableError(`no answer within ${this.timeoutMs} ms`))), this.timeoutMs);
    });
    const pending = command(this.client);
    // A command answered after its time-box must not surface as an unhandled rejection.
    pending.catch(() => undefined);
    try {
      const value = await Promise.race([pending, timeout]);
      this.consecutiveTimeouts = 0;
      return value;
    } catch (error) {
      if (error instanceof RedisUnavailableError) {
        this.consecutiveTimeouts += 1;
        if (this.consecutiveTimeouts >= TIMEOUTS_BEFORE_PAUSE) {
          this.pausedUntil = performance.now() + PAUSE_MS;
          this.consecutiveTimeouts = 0;
          this.logger?.warn({ timeoutMs: this.timeoutMs, pauseMs: PAUSE_MS }, 'redis is not answering in time; skipping it for a moment');
        }
        throw error;
      }
      throw new RedisUnavailableError(errorCode(error));
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.current = 'closed';
    if (!this.client.isOpen) return;
    try {
      await this.run((client) => client.close());
    } catch {
      // Not answering: cut the socket instead.
    }
    if (this.client.isOpen) this.client.destroy();
  }
}

/** A short, safe reason: error codes and class names only (a message could quote a URL with a password). */
function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
    return error.name.slice(0, 60);
  }
  return 'unknown';
}
