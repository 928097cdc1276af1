/**
 * Turns a request's credential into a Caller, or a refusal. Credentials:
 * - `x-api-key: <key>`, or `Authorization: Bearer <key>` when the value is not shaped like a JWT;
 * - `Authorization: Bearer <jwt>`.
 * A credential that is sent is always checked, even when authentication is not required: a bad
 * one is refused rather than silently downgraded to anonymous. With AUTH_REQUIRED=false and no
 * credential the caller is anonymous and may read everything (demo mode).
 */
import { assertAuthConfigured, type AuthConfig } from '../config.js';
import { createApiKeyVerifier } from './api-keys.js';
import { ANONYMOUS_CALLER, InvalidClaimsError, apiKeyCaller, callerFromClaims, type Caller } from './caller.js';
import { JwtRejected, createJwtVerifier, looksLikeJwt, type JwtFailure } from './jwt.js';

export type AuthFailure = 'missing' | 'unsupported_scheme' | 'bad_api_key' | 'api_keys_not_configured' | 'jwt_not_configured' | 'claims' | JwtFailure;

export type AuthResult = { ok: true; caller: Caller } | { ok: false; reason: AuthFailure };

export interface RequestCredentials {
  authorization?: string | undefined;
  apiKey?: string | undefined;
}

export interface Authenticator {
  readonly required: boolean;
  authenticate(credentials: RequestCredentials): Promise<AuthResult>;
}

/** Throws a ConfigError when authentication is required but nothing is configured to check it. */
export function createAuthenticator(config: AuthConfig): Authenticator {
  assertAuthConfigured(config);
  const apiKeys = createApiKeyVerifier(config.apiKeys);
  const jwt = config.jwt === null ? null : createJwtVerifier(config.jwt);
  const nothingConfigured = apiKeys.size === 0 && jwt === null;

  const checkApiKey = (key: string): AuthResult => {
    if (apiKeys.size === 0) return { ok: false, reason: 'api_keys_not_configured' };
    const name = apiKeys.verify(key);
    return name === null ? { ok: false, reason: 'bad_api_key' } : { ok: true, caller: apiKeyCaller(name) };
  };

  const checkJwt = async (token: string): Promise<AuthResult> => {
    if (jwt === null) return { ok: false, reason: 'jwt_not_configured' };
    try {
      return { ok: true, caller: callerFromClaims(await jwt.verify(token)) };
    } catch (error) {
      if (error instanceof JwtRejected) return { ok: false, reason: error.reason };
      if (error instanceof InvalidClaimsError) return { ok: false, reason: 'claims' };
      throw error;
    }
  };

  return {
    required: config.required,
    async authenticate({ authorization, apiKey }) {
      const hasCredential = (authorization !== undefined && authorization !== '') || (apiKey !== undefined && apiKey !== '');
      if (!hasCredential) return config.required ? { ok: false, reason: 'missing' } : { ok: true, caller: ANONYMOUS_CALLER };
      // Auth off and nothing to check a credential with (plain demo mode): it cannot be judged, so it is ignored.
      if (!config.required && nothingConfigured) return { ok: true, caller: ANONYMOUS_CALLER };
      if (authorization !== undefined && authorization !== '') {
        const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
        if (match?.[1] === undefined) return { ok: false, reason: 'unsupported_scheme' };
        return looksLikeJwt(match[1]) ? checkJwt(match[1]) : checkApiKey(match[1]);
      }
      return checkApiKey(apiKey ?? '');
    },
  };
}
