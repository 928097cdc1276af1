/**
 * Authentication strategies the HTTP client applies to every attempt.
 *
 * The client calls `apply(headers, scope)` before each attempt; it sets `authorization` and returns
 * the token it used. When the upstream rejects that token (401, or an envelope `isAuthFailure`
 * recognises), the client calls `refresh(token, scope)` once and re-sends. A 403 refuses the
 * account rather than the token and is UPSTREAM_AUTH at once. Refresh is keyed by the
 * rejected token so that 50 requests rejected together cause one login: the first starts it, the
 * others await it or find the token already replaced. This matters beyond load: a new Absorb token
 * invalidates the previous one, so needless logins would reject other requests in flight.
 *
 * A login goes through the same client factory without authentication, made for the request
 * whose call needed the token (so it carries that request's id and ends at its deadline), e.g.
 * ```ts
 * const auth = new SingleFlightTokenAuth({
 *   login: async (scope) => ({
 *     token: await client.forRequest(scope).request({ method: 'POST', endpoint: '/authenticate', json: credentials, schema: z.string(), auth: false }),
 *     expiresInMs: 4 * 3600_000,
 *   }),
 *   header: bearer,
 * });
 * const client = createHttpClient({ ..., auth });
 * ```
 * (`client` is read when the first login runs, after it is assigned.)
 *
 * With a `tokenStore` (the provider's, see layer.ts) the token is shared by every replica: a login
 * first looks for a fresh shared token and only logs in, under the store's lock, when there is
 * none (see cache/token-store.ts).
 */
import type { TokenStore } from './layer.js';
import type { HttpLogger, UpstreamRequestScope } from './types.js';

/**
 * `scope` is the request the call is made for (empty outside a request): a login the strategy
 * starts for that call is made for that request, with its id and within its deadline.
 */
export interface AuthStrategy {
  /** Sets the `authorization` header (logging in first if needed); returns the token it used. */
  apply(headers: Record<string, string>, scope?: UpstreamRequestScope): Promise<string>;
  /**
   * Called after the upstream rejected `rejectedToken`. Gets a new token unless another caller
   * already did; throws if no new token can be had (the client then reports UPSTREAM_AUTH, or
   * passes on the ProviderError a failed login raised).
   */
  refresh(rejectedToken: string, scope?: UpstreamRequestScope): Promise<void>;
  /** Recognises an auth failure by its body, whatever the status (Ruangkerja answers one even with 200). */
  isAuthFailure?(status: number, body: unknown): boolean;
  close?(): void;
}

export type AuthFailureMatcher = (status: number, body: unknown) => boolean;

/** `Authorization: Bearer <token>` (Absorb, SelfCommunity). */
export const bearer = (token: string): string => `Bearer ${token}`;
/** `Authorization: <token>`, no scheme (Ruangkerja). */
export const rawToken = (token: string): string => token;

export interface LoginResult {
  token: string;
  /** Lifetime from now; without it the token is used until the upstream rejects it. */
  expiresInMs?: number;
}

export interface SingleFlightTokenAuthOptions {
  /**
   * Gets a new token. `scope` is the request whose call started the login (calls that need a
   * token meanwhile wait for this one login): the login call is made for that request, with its
   * id and within its deadline.
   */
  login: (scope: UpstreamRequestScope) => Promise<LoginResult>;
  header: (token: string) => string;
  /** Log in again this long before the token expires, so no request carries a token about to lapse. Default 60 s. */
  refreshMarginMs?: number;
  isAuthFailure?: AuthFailureMatcher;
  logger?: HttpLogger;
  now?: () => number;
  /** Shares the token with other replicas (the provider's UpstreamResilience.tokenStore); none by default. */
  tokenStore?: TokenStore;
}

/** The scope of a strategy used outside any request (its own tests). */
const NO_REQUEST: UpstreamRequestScope = Object.freeze({});

interface CurrentToken {
  value: string;
  expiresAt: number | undefined;
}

export class SingleFlightTokenAuth implements AuthStrategy {
  private current: CurrentToken | undefined;
  private loginInFlight: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly refreshMarginMs: number;
  private readonly tokenStore: TokenStore | undefined;
  /** Logins performed (by this process: a token read from the store is not one), for tests and metrics. */
  loginCount = 0;
  readonly isAuthFailure?: AuthFailureMatcher;

  constructor(private readonly options: SingleFlightTokenAuthOptions) {
    this.now = options.now ?? Date.now;
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000;
    if (options.isAuthFailure !== undefined) this.isAuthFailure = options.isAuthFailure;
    this.tokenStore = options.tokenStore;
  }

  async apply(headers: Record<string, string>, scope: UpstreamRequestScope = NO_REQUEST): Promise<string> {
    const token = await this.token(scope);
    headers.authorization = this.options.header(token);
    return token;
  }

  async refresh(rejectedToken: string, scope: UpstreamRequestScope = NO_REQUEST): Promise<void> {
    if (this.loginInFlight !== undefined) {
      await this.loginInFlight;
      return;
    }
    // Someone already replaced the rejected token: use theirs.
    if (this.current !== undefined && this.current.value !== rejectedToken) return;
    this.current = undefined;
    await this.login(scope, rejectedToken);
  }

  close(): void {
    this.current = undefined;
  }

  private async token(scope: UpstreamRequestScope): Promise<string> {
    const current = this.current;
    if (current !== undefined && (current.expiresAt === undefined || current.expiresAt - this.now() > this.refreshMarginMs)) {
      return current.value;
    }
    return this.loginInFlight ?? this.login(scope);
  }

  private login(scope: UpstreamRequestScope, rejectedToken?: string): Promise<string> {
    const flight = (async () => {
      const result = this.tokenStore === undefined ? await this.loginUpstream(scope) : await this.loginThroughStore(this.tokenStore, scope, rejectedToken);
      if (typeof result.token !== 'string' || result.token === '') throw new Error('login answered no token');
      const lifetime = result.expiresInMs;
      this.current = {
        value: result.token,
        expiresAt: lifetime !== undefined && Number.isFinite(lifetime) && lifetime > 0 ? this.now() + lifetime : undefined,
      };
      this.options.logger?.debug({ expiresInMs: lifetime }, 'upstream login succeeded');
      return result.token;
    })().finally(() => {
      this.loginInFlight = undefined;
    });
    this.loginInFlight = flight;
    return flight;
  }

  private loginUpstream(scope: UpstreamRequestScope): Promise<LoginResult> {
    this.loginCount += 1;
    return this.options.login(scope);
  }

  /** The shared token, or a login made under the store's lock; lifetimes cross replicas as epoch times. */
  private async loginThroughStore(store: TokenStore, scope: UpstreamRequestScope, rejectedToken: string | undefined): Promise<LoginResult> {
    const shared = await store.obtain({
      rejected: rejectedToken,
      marginMs: this.refreshMarginMs,
      login: async () => {
        const result = await this.loginUpstream(scope);
        const lifetime = result.expiresInMs;
        return { token: result.token, ...(lifetime !== undefined && Number.isFinite(lifetime) && lifetime > 0 ? { expiresAt: Date.now() + lifetime } : {}) };
      },
    });
    return { token: shared.token, ...(shared.expiresAt === undefined ? {} : { expiresInMs: shared.expiresAt - Date.now() }) };
  }
}

export interface StaticTokenAuthOptions {
  token: string;
  header: (token: string) => string;
  isAuthFailure?: AuthFailureMatcher;
}

/** A ready token from configuration (SelfCommunity, or Ruangkerja given an access token). */
export class StaticTokenAuth implements AuthStrategy {
  readonly isAuthFailure?: AuthFailureMatcher;

  constructor(private readonly options: StaticTokenAuthOptions) {
    if (options.isAuthFailure !== undefined) this.isAuthFailure = options.isAuthFailure;
  }

  apply(headers: Record<string, string>): Promise<string> {
    headers.authorization = this.options.header(this.options.token);
    return Promise.resolve(this.options.token);
  }

  /** A configured token cannot be renewed: the client reports the rejection as UPSTREAM_AUTH. */
  refresh(): Promise<void> {
    return Promise.reject(new Error('a configured token cannot be refreshed'));
  }
}
