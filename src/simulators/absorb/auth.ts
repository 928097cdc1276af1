import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { AbsorbData } from '../dataset/types.js';
import { AbsorbError, validationError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * The gate every request passes, in the order a gateway would apply it: API key (401), the key's
 * rate limit (429), API version (400), then, except for /authenticate, the bearer token (401).
 */

/** Four hours, as Absorb documents. */
export const DEFAULT_TOKEN_LIFETIME_MS = 4 * 3600_000;

interface IssuedToken {
  login: string;
  expiresAt: number;
}

/**
 * Tokens by value and the current token per login: issuing a new one for a login drops the
 * previous one, which is the documented behaviour a fleet of clients must cope with.
 */
export class TokenStore {
  private readonly byToken = new Map<string, IssuedToken>();
  private readonly currentByLogin = new Map<string, string>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  issue(login: string): string {
    const key = login.toLowerCase();
    const previous = this.currentByLogin.get(key);
    if (previous !== undefined) this.byToken.delete(previous);
    const token = randomBytes(32).toString('hex');
    this.byToken.set(token, { login, expiresAt: this.now() + this.lifetimeMs });
    this.currentByLogin.set(key, token);
    return token;
  }

  /** The login a token belongs to, or null when unknown, replaced, revoked or expired. */
  resolve(token: string): string | null {
    const issued = this.byToken.get(token);
    if (issued === undefined) return null;
    if (this.now() >= issued.expiresAt) {
      this.byToken.delete(token);
      return null;
    }
    return issued.login;
  }

  revokeAll(): void {
    this.byToken.clear();
    this.currentByLogin.clear();
  }
}

export interface Gate {
  data: AbsorbData;
  limiter: RateLimiter | null;
  tokens: TokenStore;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Runs the gate; answers the authenticated login (null for /authenticate) or throws. */
export function passGate(req: Request, gate: Gate, needsToken: boolean): string | null {
  const apiKey = header(req, 'x-api-key');
  if (apiKey === undefined || !gate.data.apiKeys.includes(apiKey)) {
    throw new AbsorbError(401, 'A valid x-api-key header is required.', [], 'InvalidApiKey');
  }
  if (gate.limiter && !gate.limiter.take(apiKey)) {
    // No Retry-After: the documentation promises none, so clients must back off on their own.
    throw new AbsorbError(429, 'Rate limit exceeded: 200 requests per second with a burst of 100.');
  }
  const version = header(req, 'x-api-version')?.trim();
  if (version !== '2') {
    throw new AbsorbError(400, `This API serves x-api-version 2; got ${version === undefined ? 'none' : `'${version}'`}.`, ['x-api-version: must be 2'], 'InvalidApiVersion');
  }
  if (!needsToken) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '');
  const login = match?.[1] === undefined ? null : gate.tokens.resolve(match[1]);
  if (login === null) throw new AbsorbError(401, 'The bearer token is missing, invalid, expired or replaced by a newer one.');
  return login;
}

/** POST /authenticate: `{username, password, privateKey}` to a bare JSON string token. */
export function authenticate(body: unknown, gate: Gate): string {
  const fields = ['username', 'password', 'privateKey'] as const;
  const given = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  const problems = fields.filter((f) => typeof given?.[f] !== 'string' || given[f] === '').map((f) => `${f}: is required`);
  if (given === null || problems.length > 0) throw validationError(given === null ? ['body: must be a JSON object'] : problems);
  const login = gate.data.logins.find(
    (l) => l.username.toLowerCase() === String(given.username).toLowerCase() && l.password === given.password && l.privateKey === given.privateKey,
  );
  if (login === undefined) throw new AbsorbError(401, 'Invalid username, password or private key.', [], 'InvalidCredentials');
  return gate.tokens.issue(login.username);
}
