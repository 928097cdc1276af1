/**
 * Helpers for the hardening tests: credentials (API keys, HS256 and RS256 tokens, a JWKS server)
 * and raw HTTP posts that may carry any body.
 */
import got from 'got';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';

export const API_KEY = 'dashboard-backend-key-0123456789';
export const JWT_SECRET = 'a-shared-hs256-secret-of-at-least-32-characters';
export const AUDIENCE = 'course-activity-graph';
export const ISSUER = 'https://idp.example.test/';

export async function signHs256(claims: JWTPayload, options: { secret?: string; expiresIn?: string | number; audience?: string; issuer?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuer(options.issuer ?? ISSUER)
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

export interface Jwks {
  url: string;
  sign(claims: JWTPayload, options?: { expiresIn?: string | number; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

/** An identity provider's JWKS endpoint with one RS256 key. */
export async function startJwks(): Promise<Jwks> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    sign: (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuedAt()
        .setAudience(options.audience ?? AUDIENCE)
        .setIssuer(ISSUER)
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(privateKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): { data?: unknown; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

/** POSTs any body (a string is sent as is), with no retry, whatever the status. */
export async function rawPost(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await got.post(url, {
    body,
    headers: { 'content-type': 'application/json', ...headers },
    throwHttpErrors: false,
    retry: { limit: 0 },
    timeout: { request: 20_000 },
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: response.body,
    json: () => JSON.parse(response.body) as ReturnType<RawResponse['json']>,
  };
}

export function postJson(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawPost(url, JSON.stringify(payload), headers);
}
