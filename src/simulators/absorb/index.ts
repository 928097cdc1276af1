import { createHash } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { AbsorbData, Dataset } from '../dataset/types.js';
import { SimulatorRouter, type SimulatorControls } from '../harness.js';
import { authenticate, DEFAULT_TOKEN_LIFETIME_MS, passGate, TokenStore, type Gate } from './auth.js';
import { AbsorbError, errorBody } from './errors.js';
import { isGuid } from './ids.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limit.js';
import { ABSORB_ROUTES, type AbsorbRoute } from './routes.js';
import { AbsorbStore } from './store.js';

/**
 * The Absorb Integration API v2 simulator: the README's path table over `dataset.absorb`, behind
 * the API's gate (x-api-key, rate limit, x-api-version, bearer token). See docs/simulators.md.
 */

export { ABSORB_ROUTES } from './routes.js';
export { timeSpan } from './serialise.js';
export { MAX_BULK_USER_IDS } from './reads.js';
export { DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET } from './paging.js';

export interface AbsorbSimulatorOptions {
  /** How long a token lives; 4 h by default, as documented. */
  tokenLifetimeMs?: number;
  /** The per-API-key token bucket; 200/s with a burst of 100 by default, `false` for none. */
  rateLimit?: RateLimit | false;
  /** The clock for token expiry and for the dates writes stamp; Date.now by default. */
  now?: () => number;
}

/** A guid that is the same for the same login in every run, so demo data is reproducible. */
function stableGuid(seed: string): string {
  const hex = createHash('sha1').update(`absorb-login:${seed}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The "my" endpoints act as the Absorb user of the admin login (matched by username). A login
 * without one gets one, appended to the users, so /myenrollments and /enroll work in the demo.
 */
function ensureLoginUsers(data: AbsorbData): void {
  for (const login of data.logins) {
    const lower = login.username.toLowerCase();
    if (data.users.some((u) => u.username.toLowerCase() === lower)) continue;
    data.users.push({
      id: stableGuid(lower),
      username: login.username,
      firstName: 'Integration',
      lastName: 'Admin',
      emailAddress: null,
      employeeNumber: null,
      externalId: null,
      activeStatus: 0,
    });
  }
}

function handle(route: AbsorbRoute, gate: Gate, store: AbsorbStore): RequestHandler {
  return (req: Request, res: Response) => {
    try {
      const login = passGate(req, gate, route.auth === 'token');
      if (route.handler === 'authenticate') {
        // A bare JSON string, as the API answers: "f3c1…".
        res.status(200).json(authenticate(req.body, gate));
        return;
      }
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.params)) {
        // Like an ASP.NET `{id:guid}` route constraint: a non-guid matches no route, so 404.
        if (!isGuid(value)) throw new AbsorbError(404, `${name} '${value}' is not a guid; no such resource.`);
        params[name] = value.toLowerCase();
      }
      const reply = route.handler({ params, query: req.query, body: req.body as unknown, login }, store);
      if (reply.body === undefined) res.status(reply.status).end();
      else res.status(reply.status).json(reply.body);
    } catch (error) {
      if (!(error instanceof AbsorbError)) throw error;
      res.status(error.status).json(error.body);
    }
  };
}

const unknownPath: RequestHandler = (req, res) => {
  res.status(404).json(errorBody(404, `No Absorb endpoint ${req.method} ${req.path}.`));
};

/** Malformed JSON bodies (rejected before any route runs) and unexpected failures. */
const failure: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const parseFailed = typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.parse.failed';
  if (parseFailed) res.status(400).json(errorBody(400, 'The request body is not valid JSON.', ['body: is not valid JSON']));
  else res.status(500).json(errorBody(500, error instanceof Error ? error.message : 'Internal error'));
};

export function createAbsorbSimulator(dataset: Dataset, controls: SimulatorControls, options: AbsorbSimulatorOptions = {}): SimulatorRouter {
  const now = options.now ?? Date.now;
  ensureLoginUsers(dataset.absorb);
  const tokens = new TokenStore(options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, now);
  const limiter = options.rateLimit === false ? null : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const gate: Gate = { data: dataset.absorb, limiter, tokens };
  const store = new AbsorbStore(dataset.absorb, now);
  const router = new SimulatorRouter({ provider: 'absorb', controls, errorBody: (status, message) => errorBody(status, message) });
  for (const route of ABSORB_ROUTES) router[route.method](route.path, handle(route, gate, store));
  router.app.use(unknownPath);
  router.app.use(failure);
  controls.registerHooks('absorb', { revokeTokens: () => tokens.revokeAll() });
  return router;
}
