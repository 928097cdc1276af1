/**
 * Auth configuration and the authenticator's verdicts, without HTTP: what each credential becomes,
 * and the reasons logged and counted for refusals (never the credential itself).
 */
import { createHash } from 'node:crypto';
import { ConfigError, assertAuthConfigured, loadConfig, parseApiKeys } from '../../src/config.js';
import { createAuthenticator } from '../../src/auth/authenticate.js';
import { callerFromClaims, InvalidClaimsError } from '../../src/auth/caller.js';
import { canRead } from '../../src/auth/scope.js';
import { startServer } from '../../src/server.js';
import { createLogger } from '../../src/logger.js';
import { API_KEY, AUDIENCE, ISSUER, JWT_SECRET, signHs256 } from './support.js';

const LIVE = { RUANGKERJA_BASE_URL: 'https://rk.example.test', RUANGKERJA_ACCESS_TOKEN: 'rk-token' };

describe('auth configuration', () => {
  it('requires auth outside demo mode and not in demo mode, unless AUTH_REQUIRED says otherwise', () => {
    expect(loadConfig({}).auth.required).toBe(false);
    expect(loadConfig(LIVE).auth.required).toBe(true);
    expect(loadConfig({ ...LIVE, AUTH_REQUIRED: 'false' }).auth.required).toBe(false);
    expect(loadConfig({ AUTH_REQUIRED: 'true', API_KEYS: API_KEY }).auth.required).toBe(true);
  });

  it('stops a live start that requires auth but has nothing to check it with, naming the variables', async () => {
    expect(() => assertAuthConfigured(loadConfig(LIVE).auth)).toThrow(ConfigError);
    expect(() => assertAuthConfigured(loadConfig(LIVE).auth)).toThrow(/AUTH_REQUIRED .*API_KEYS, AUTH_JWKS_URL or AUTH_JWT_SECRET/);
    const config = loadConfig({ ...LIVE, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    await expect(
      startServer({ config, logger: createLogger('silent'), app: { name: 't', version: 't', demoMode: false, configuredProviders: new Set() }, providers: { ruangkerja: null, absorb: null, selfcommunity: null }, readiness: [], closeables: [] }),
    ).rejects.toThrow(/AUTH_REQUIRED/);
    expect(() => assertAuthConfigured(loadConfig({ ...LIVE, API_KEYS: API_KEY }).auth)).not.toThrow();
  });

  it('keeps only SHA-256 digests of API keys, accepts given digests, and never echoes a key', () => {
    const digest = createHash('sha256').update(API_KEY).digest('hex');
    expect(parseApiKeys(`dash:${API_KEY}, ${API_KEY}`)).toEqual([
      { name: 'dash', sha256: digest },
      { name: 'key2', sha256: digest },
    ]);
    expect(parseApiKeys(`ops:sha256:${digest.toUpperCase()}`)).toEqual([{ name: 'ops', sha256: digest }]);
    expect(() => parseApiKeys('dash:short-key')).toThrow(/API_KEYS entry 1 \(dash\) must be a key of at least 16/);
    try {
      loadConfig({ API_KEYS: 'dash:short-key' });
    } catch (error) {
      expect(String(error)).not.toContain('short-key');
    }
  });

  it('refuses a short HS256 secret without echoing it, and a JWKS without audience and issuer', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'too-short-secret' })).toThrow(/^AUTH_JWT_SECRET must be at least 32 characters$/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(/AUTH_AUDIENCE is required/);
    expect(() => loadConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_AUDIENCE: 'a' })).toThrow(/AUTH_ISSUER is required/);
  });
});

describe('claims', () => {
  it('reads scope and employee ids: read:all, a learner, a manager, write', () => {
    expect(callerFromClaims({ sub: 'a', scope: 'openid learning:read:all' }).scope.employeeIDs).toBe('all');
    const learner = callerFromClaims({ sub: 'b', employee_id: 'EMP1' });
    expect(canRead(learner, 'EMP1')).toBe(true);
    expect(canRead(learner, 'EMP2')).toBe(false);
    const manager = callerFromClaims({ sub: 'c', employee_ids: ['EMP1', 'EMP2'], scp: ['learning:write'] });
    expect([canRead(manager, 'EMP2'), canRead(manager, 'EMP3'), manager.canWrite]).toEqual([true, false, true]);
    expect(canRead(callerFromClaims({ sub: 'd' }), 'EMP1')).toBe(false);
  });

  it('refuses malformed claims', () => {
    expect(() => callerFromClaims({ employee_id: 'EMP1' })).toThrow(InvalidClaimsError);
    expect(() => callerFromClaims({ sub: 'x', employee_ids: 'EMP1' })).toThrow(InvalidClaimsError);
    expect(() => callerFromClaims({ sub: 'x', employee_id: 42 })).toThrow(InvalidClaimsError);
  });
});

describe('authenticator verdicts', () => {
  const authenticator = createAuthenticator(
    loadConfig({ AUTH_REQUIRED: 'true', API_KEYS: `dash:${API_KEY}`, AUTH_JWT_SECRET: JWT_SECRET, AUTH_AUDIENCE: AUDIENCE, AUTH_ISSUER: ISSUER }).auth,
  );

  it('names why a credential is refused', async () => {
    const reason = async (authorization?: string, apiKey?: string) => {
      const result = await authenticator.authenticate({ authorization, apiKey });
      return result.ok ? 'ok' : result.reason;
    };
    expect(await reason()).toBe('missing');
    expect(await reason(undefined, 'wrong-key-wrong-key')).toBe('bad_api_key');
    expect(await reason(undefined, API_KEY)).toBe('ok');
    expect(await reason('Token abc')).toBe('unsupported_scheme');
    expect(await reason(`Bearer ${await signHs256({ sub: 's' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 })}`)).toBe('expired');
    expect(await reason(`Bearer ${await signHs256({ sub: 's' }, { secret: 'y'.repeat(40) })}`)).toBe('bad_signature');
    expect(await reason(`Bearer ${await signHs256({ sub: 's' }, { audience: 'other' })}`)).toBe('claim_mismatch');
    expect(await reason(`Bearer ${await signHs256({ sub: 's', employee_ids: [1] })}`)).toBe('claims');
    expect(await reason('Bearer a.b.c')).toBe('malformed');
  });

  it('accepts an expired token within the clock tolerance (30 s)', async () => {
    const result = await authenticator.authenticate({ authorization: `Bearer ${await signHs256({ sub: 's' }, { expiresIn: Math.floor(Date.now() / 1000) - 5 })}` });
    expect(result.ok).toBe(true);
  });

  it('lets an anonymous caller read everything only when auth is off', async () => {
    const open = createAuthenticator(loadConfig({}).auth);
    const result = await open.authenticate({});
    expect(result.ok && result.caller.kind === 'anonymous' && result.caller.scope.employeeIDs === 'all').toBe(true);
  });
});
