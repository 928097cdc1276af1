/**
 * Caller authentication over real HTTP: every refusal is a 401 before any resolver runs, so it
 * costs zero upstream requests; valid API keys and tokens (HS256 secret, RS256 from a JWKS) pass.
 */
import got from 'got';
import { SignJWT } from 'jose';
import { startStack, type Stack } from '../helpers/stack.js';
import { API_KEY, AUDIENCE, ISSUER, JWT_SECRET, postJson, signHs256, startJwks, type Jwks } from './support.js';

const QUERY = 'query One($id: ID!) { user(employeeID: $id) { employeeID } }';

describe('caller authentication', () => {
  let stack: Stack;
  let jwks: Jwks;
  let learner: string;

  beforeAll(async () => {
    jwks = await startJwks();
    stack = await startStack({
      employees: 60,
      env: {
        AUTH_REQUIRED: 'true',
        API_KEYS: `dashboards:${API_KEY}`,
        AUTH_JWT_SECRET: JWT_SECRET,
        AUTH_JWKS_URL: jwks.url,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_ISSUER: ISSUER,
      },
    });
    learner = stack.simulators.dataset.samples.learnerEmployeeID;
  });
  afterAll(async () => {
    await stack.close();
    await jwks.close();
  });

  async function refused(headers: Record<string, string>): Promise<void> {
    stack.resetLog();
    const response = await postJson(stack.server.url, { query: QUERY, variables: { id: learner } }, headers);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(response.json().errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    for (const value of Object.values(headers)) expect(response.body).not.toContain(value.replace(/^Bearer /, ''));
    expect(stack.requests()).toEqual({});
  }

  async function accepted(headers: Record<string, string>): Promise<void> {
    const response = await postJson(stack.server.url, { query: QUERY, variables: { id: learner } }, headers);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ data: { user: { employeeID: learner } } });
  }

  it('refuses a request with no credential: 401, and no upstream request', () => refused({}));

  it('refuses a wrong API key, in x-api-key or as a bearer', async () => {
    await refused({ 'x-api-key': 'not-the-key-but-long-enough' });
    await refused({ authorization: `Bearer ${API_KEY}x` });
  });

  it('refuses an authorization scheme it does not know', () => refused({ authorization: `Basic ${Buffer.from(`u:${API_KEY}`).toString('base64')}` }));

  it('accepts the configured API key, in x-api-key or as a bearer', async () => {
    await accepted({ 'x-api-key': API_KEY });
    await accepted({ authorization: `Bearer ${API_KEY}` });
  });

  it('accepts a valid HS256 token and a valid RS256 token from the JWKS', async () => {
    await accepted({ authorization: `Bearer ${await signHs256({ sub: 'svc', scope: 'learning:read:all' })}` });
    await accepted({ authorization: `Bearer ${await jwks.sign({ sub: 'svc', scope: 'learning:read:all' })}` });
  });

  it('refuses an expired token (beyond the clock tolerance)', async () => {
    const expired = await signHs256({ sub: 'svc', scope: 'learning:read:all' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 });
    await refused({ authorization: `Bearer ${expired}` });
  });

  it('refuses forged tokens: another secret, another RSA key, a tampered payload, alg "none"', async () => {
    await refused({ authorization: `Bearer ${await signHs256({ sub: 'svc', scope: 'learning:read:all' }, { secret: 'x'.repeat(40) })}` });

    const otherIdp = await startJwks();
    try {
      await refused({ authorization: `Bearer ${await otherIdp.sign({ sub: 'svc', scope: 'learning:read:all' })}` });
    } finally {
      await otherIdp.close();
    }

    const [header, , signature] = (await signHs256({ sub: 'learner', employee_id: 'EMP00001' })).split('.');
    const tampered = Buffer.from(JSON.stringify({ sub: 'learner', scope: 'learning:read:all', aud: AUDIENCE, iss: ISSUER, exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url');
    await refused({ authorization: `Bearer ${header}.${tampered}.${signature}` });

    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${tampered}.`;
    await refused({ authorization: `Bearer ${none}` });
  });

  it('refuses a token for another audience or issuer', async () => {
    await refused({ authorization: `Bearer ${await signHs256({ sub: 'svc' }, { audience: 'another-api' })}` });
    await refused({ authorization: `Bearer ${await signHs256({ sub: 'svc' }, { issuer: 'https://evil.example/' })}` });
  });

  it('refuses a token without sub or exp', async () => {
    const noExp = await new SignJWT({ sub: 'svc' }).setProtectedHeader({ alg: 'HS256' }).setAudience(AUDIENCE).setIssuer(ISSUER).sign(new TextEncoder().encode(JWT_SECRET));
    await refused({ authorization: `Bearer ${noExp}` });
    await refused({ authorization: `Bearer ${await signHs256({ scope: 'learning:read:all' })}` });
  });

  it('leaves probes open: /healthz needs no credential', async () => {
    const response = await got(stack.server.url.replace('/graphql', '/healthz'), { throwHttpErrors: false });
    expect(response.statusCode).toBe(200);
  });
});
