/**
 * JWT bearer tokens, verified with jose: asymmetric tokens against a JWKS (fetched once, cached,
 * refreshed when a new `kid` appears), HS256 tokens against a shared secret. The algorithm list is
 * fixed per key source, so a token cannot choose how it is checked (no `none`, no RS/HS confusion).
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { JwtConfig } from '../config.js';

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const HMAC_ALGORITHMS = ['HS256'];

/** Why a token was refused, in words safe for logs and metric labels (never the token). */
export type JwtFailure = 'malformed' | 'expired' | 'not_yet_valid' | 'bad_signature' | 'claim_mismatch' | 'unknown_key' | 'unsupported_algorithm' | 'jwks_unavailable';

export class JwtRejected extends Error {
  constructor(readonly reason: JwtFailure) {
    super(`bearer token refused: ${reason}`);
    this.name = 'JwtRejected';
  }
}

export interface JwtVerifier {
  verify(token: string): Promise<JWTPayload>;
}

/** A bearer value shaped like a JWS compact token (three base64url parts). */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

function failureOf(error: unknown): JwtFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim === 'nbf' ? 'not_yet_valid' : 'claim_mismatch';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'unknown_key';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'unsupported_algorithm';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return 'jwks_unavailable';
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return 'malformed';
  // A JWKS fetch that failed (network, non-200) surfaces as a plain error from jose.
  return error instanceof errors.JOSEError ? 'malformed' : 'jwks_unavailable';
}

export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  const jwks = config.jwksUrl === null ? null : createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 3_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  const secret = config.secret === null ? null : new TextEncoder().encode(config.secret);
  const common: JWTVerifyOptions = {
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
    ...(config.audience === null ? {} : { audience: config.audience }),
    ...(config.issuer === null ? {} : { issuer: config.issuer }),
  };

  return {
    async verify(token) {
      let alg: string | undefined;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw new JwtRejected('malformed');
      }
      try {
        if (alg !== undefined && HMAC_ALGORITHMS.includes(alg)) {
          if (secret === null) throw new JwtRejected('unsupported_algorithm');
          return (await jwtVerify(token, secret, { ...common, algorithms: HMAC_ALGORITHMS })).payload;
        }
        if (jwks === null) throw new JwtRejected('unsupported_algorithm');
        return (await jwtVerify(token, jwks, { ...common, algorithms: ASYMMETRIC_ALGORITHMS })).payload;
      } catch (error) {
        if (error instanceof JwtRejected) throw error;
        throw new JwtRejected(failureOf(error));
      }
    },
  };
}
