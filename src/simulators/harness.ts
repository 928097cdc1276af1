import express, { type Request, type RequestHandler, type Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as wait } from 'node:timers/promises';
import type { TurnQueue } from '../event-loop/turn-queue.js';

/**
 * What every simulator shares: routes registered by path template, a request log that tests read
 * to assert exact upstream call counts, simulated latency, and fault injection per endpoint.
 */

export type ProviderName = 'ruangkerja' | 'absorb' | 'selfcommunity';

export interface RequestLogEntry {
  provider: ProviderName;
  method: string;
  /** The route's path template, e.g. `/users/:userId/enrollments`. */
  endpoint: string;
  /** The path and query string as received. */
  url: string;
  /** 0 until the answer is sent (or forever, for a hang). */
  status: number;
  /** Epoch ms when the request arrived, and when its answer was sent (0 until then). */
  at: number;
  answeredAt: number;
  /**
   * Epoch ms at which the simulated latency said the answer was due (0 without latency):
   * `answeredAt - dueAt` is how late this process itself made it (busy, or collecting garbage).
   */
  dueAt: number;
}

export interface RequestLogFilter {
  provider?: ProviderName;
  method?: string;
  endpoint?: string;
  status?: number;
}

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  record(entry: RequestLogEntry): RequestLogEntry {
    this.entries.push(entry);
    return entry;
  }

  matching(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.provider === undefined || e.provider === filter.provider) &&
        (filter.method === undefined || e.method === filter.method) &&
        (filter.endpoint === undefined || e.endpoint === filter.endpoint) &&
        (filter.status === undefined || e.status === filter.status),
    );
  }

  count(filter: RequestLogFilter = {}): number {
    return this.matching(filter).length;
  }

  /** Counts per `provider METHOD endpoint`, for readable test failures. */
  summary(filter: RequestLogFilter = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.matching(filter)) {
      const key = `${e.provider} ${e.method} ${e.endpoint}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

export type FaultKind =
  /** Answer an HTTP error status (default 503) with the provider's error body. */
  | 'error'
  /** Answer 429, with `Retry-After` when `retryAfterSeconds` is set. */
  | 'rateLimit'
  /** Never answer: the socket stays open until the client gives up or the simulator closes. */
  | 'hang'
  /** Answer 200 with a body that is not JSON. */
  | 'malformedJson'
  /** Announce a longer body than is sent, then cut the connection. */
  | 'truncated'
  /** Answer as usual, `delayMs` later than the latency says: one slow call among quick ones. */
  | 'slow';

export interface FaultRule {
  provider: ProviderName;
  /** Path template to match; omitted matches every endpoint of the provider. */
  endpoint?: string;
  method?: string;
  kind: FaultKind;
  /** Apply to the next N matching requests, then retire. */
  times?: number;
  /** Apply to each matching request with this probability (0–1). Ignored when `times` is set. */
  rate?: number;
  status?: number;
  retryAfterSeconds?: number;
  /** For `slow`: how much longer the answer waits. */
  delayMs?: number;
}

export interface LatencySettings {
  fixedMs: number;
  /** Each answer waits fixedMs ± a uniform jitter of up to jitterMs. */
  jitterMs: number;
}

/** Provider-specific hooks a simulator registers so tests can act on its state. */
export interface ProviderHooks {
  /** Makes every token issued so far invalid, as a revocation or an expiry would. */
  revokeTokens(): void;
}

export class SimulatorControls {
  readonly log = new RequestLog();
  latency: LatencySettings = { fixedMs: 0, jitterMs: 0 };
  private faults: FaultRule[] = [];
  private readonly hooks = new Map<ProviderName, ProviderHooks>();
  private readonly random: () => number;

  constructor(random: () => number = Math.random) {
    this.random = random;
  }

  setLatency(fixedMs: number, jitterMs = 0): void {
    this.latency = { fixedMs, jitterMs };
  }

  addFault(rule: FaultRule): void {
    this.faults.push({ ...rule });
  }

  clearFaults(): void {
    this.faults = [];
  }

  registerHooks(provider: ProviderName, hooks: ProviderHooks): void {
    this.hooks.set(provider, hooks);
  }

  revokeTokens(provider: ProviderName): void {
    this.hooks.get(provider)?.revokeTokens();
  }

  /** Resets log, faults and latency between tests without rebuilding the dataset. */
  reset(): void {
    this.log.clear();
    this.clearFaults();
    this.latency = { fixedMs: 0, jitterMs: 0 };
  }

  /** Whether any fault rule is armed (faults keep their scripted order: wait, then decide). */
  get hasFaults(): boolean {
    return this.faults.length > 0;
  }

  /** The fault to apply to this request, consuming one use of a counted rule. */
  takeFault(provider: ProviderName, method: string, endpoint: string): FaultRule | undefined {
    for (const rule of this.faults) {
      if (rule.provider !== provider) continue;
      if (rule.endpoint !== undefined && rule.endpoint !== endpoint) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.times !== undefined) {
        if (rule.times <= 0) continue;
        rule.times -= 1;
        return rule;
      }
      if (this.random() < (rule.rate ?? 1)) return rule;
    }
    return undefined;
  }

  delayMs(): number {
    const { fixedMs, jitterMs } = this.latency;
    if (fixedMs === 0 && jitterMs === 0) return 0;
    return Math.max(0, fixedMs + (this.random() * 2 - 1) * jitterMs);
  }
}

export type ErrorBody = (status: number, message: string) => unknown;

export interface SimulatorRouterOptions {
  provider: ProviderName;
  controls: SimulatorControls;
  /** The provider's own error envelope, used by injected `error` faults. */
  errorBody: ErrorBody;
}

type Method = 'get' | 'post' | 'put' | 'delete';

/**
 * An express app whose routes are logged, delayed and fault-injected by template. Handlers are
 * plain express handlers; they run only when no fault took the request.
 */
export class SimulatorRouter {
  readonly app = express();
  private readonly hanging = new Set<Response>();

  constructor(private readonly options: SimulatorRouterOptions) {
    this.app.disable('x-powered-by');
    this.app.set('etag', false);
    this.app.set('query parser', 'extended');
    this.app.use(express.json({ limit: '5mb' }));
  }

  get(template: string, handler: RequestHandler): void {
    this.route('get', template, handler);
  }

  post(template: string, handler: RequestHandler): void {
    this.route('post', template, handler);
  }

  /** Closes responses left hanging by `hang` faults, so a closing server does not wait on them. */
  releaseHanging(): void {
    for (const res of this.hanging) res.socket?.destroy();
    this.hanging.clear();
  }

  private route(method: Method, template: string, handler: RequestHandler): void {
    const { provider, controls } = this.options;
    this.app[method](template, async (req: Request, res: Response, next) => {
      const arrivedAt = arrivalOf(req);
      const entry = controls.log.record({
        provider,
        method: req.method,
        endpoint: template,
        url: req.originalUrl,
        status: 0,
        at: Math.round(performance.timeOrigin + arrivedAt),
        answeredAt: 0,
        dueAt: 0,
      });
      res.on('finish', () => {
        entry.status = res.statusCode;
        entry.answeredAt = performance.timeOrigin + performance.now();
      });
      const delay = controls.delayMs();
      if (delay > 0) entry.dueAt = performance.timeOrigin + arrivedAt + delay;
      if (delay > 0 && !controls.hasFaults) {
        // The latency is counted from arrival, as a real upstream's would be: the answer is made
        // and held until the latency has passed. A wave of a hundred requests then answers after
        // 50 ms, not after 50 ms plus the time this one process takes to make a hundred answers.
        holdAnswerUntil(res, arrivedAt + delay);
      } else if (delay > 0) await wait(delay);
      const fault = controls.takeFault(provider, req.method, template);
      if (fault && (await this.applyFault(fault, res)) === 'answered') return;
      try {
        await handler(req, res, next);
      } catch (error) {
        next(error);
      }
    });
  }

  /** Applies a fault: it either answers in the handler's place, or (`slow`) only delays the handler. */
  private async applyFault(fault: FaultRule, res: Response): Promise<'answered' | 'handler answers'> {
    switch (fault.kind) {
      case 'slow':
        await wait(fault.delayMs ?? 0);
        return 'handler answers';
      case 'error': {
        const status = fault.status ?? 503;
        res.status(status).json(this.options.errorBody(status, 'Injected upstream failure'));
        return 'answered';
      }
      case 'rateLimit':
        if (fault.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
        res.status(429).json(this.options.errorBody(429, 'Too Many Requests'));
        return 'answered';
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return 'answered';
      case 'malformedJson':
        res.status(200).type('application/json').send('{"status": "success", "data": [{"course": ');
        return 'answered';
      case 'truncated': {
        const socket: Socket | null = res.socket;
        res.status(200).type('application/json').setHeader('Content-Length', '4096');
        res.write('{"data": [');
        setImmediate(() => socket?.destroy());
        return 'answered';
      }
    }
  }
}

const arrivals = new WeakMap<IncomingMessage, number>();

/**
 * The request listener of a simulator's HTTP server: it notes when each request arrived, then
 * hands it to `app` through `queue`, one per turn of the event loop. Requests read from the
 * sockets in one turn are all stamped before any is handled, so a request that came in among a
 * hundred others is not stamped (and answered) as late as the work of those before it.
 */
export function arrivingThrough(queue: TurnQueue, app: (req: IncomingMessage, res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    arrivals.set(req, performance.now());
    queue.push(() => app(req, res));
  };
}

/** When the request reached the server (`performance.now()` time); now, for one that came in another way. */
function arrivalOf(req: IncomingMessage): number {
  return arrivals.get(req) ?? performance.now();
}

/**
 * Holds what a handler writes to `res` until `releaseAt` (`performance.now()` time), then sends it
 * in the order written. Headers go out with the first write, so they are held too.
 */
function holdAnswerUntil(res: Response, releaseAt: number): void {
  const held: (() => void)[] = [];
  let released = false;
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((...args: Parameters<Response['write']>) => {
    if (released) return (write as (...a: unknown[]) => boolean)(...args);
    held.push(() => (write as (...a: unknown[]) => boolean)(...args));
    return true;
  }) as Response['write'];
  res.end = ((...args: unknown[]) => {
    if (released) return (end as (...a: unknown[]) => Response)(...args);
    held.push(() => (end as (...a: unknown[]) => Response)(...args));
    return res;
  }) as Response['end'];
  setTimeout(
    () => {
      released = true;
      for (const send of held) send();
    },
    Math.max(0, releaseAt - performance.now()),
  );
}

