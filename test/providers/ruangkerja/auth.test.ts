/**
 * Ruangkerja authentication: client-credentials login (once, single-flight), refresh after a
 * revocation, at expiry and on the "Token is not valid" envelope whatever its status, and a ready
 * token sent as is.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createRuangkerjaClient, type RuangkerjaClient } from '../../../src/providers/ruangkerja/client.js';
import { buildDataset, startSimulators, type RunningSimulators } from '../../../src/simulators/index.js';
import { FAST_BACKOFF, HTTP, ONLINE, TOKEN, credentialsConfig } from './support.js';
import { startTinyServer, type TinyServer } from './tiny-server.js';

const TOKEN_NOT_VALID = {
  errorCode: 123,
  message: 'rpc error: code = PermissionDenied desc = Token is not valid',
  detail: 'rpc error: code = PermissionDenied desc = Token is not valid',
};
const STATIC_TOKEN = 'ready-made-ruangkerja-token-0123456789';
const LIFETIME_S = 43_199;

describe('against the simulator', () => {
  let sims: RunningSimulators;
  /** The simulator's clock: tests move it to expire tokens server-side. */
  let simulatorNow = Date.now();
  const clients: RuangkerjaClient[] = [];
  const track = (client: RuangkerjaClient): RuangkerjaClient => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sims = await startSimulators({
      dataset: buildDataset({ seed: 11, employees: 60 }),
      ruangkerja: { now: () => simulatorNow, tokenLifetimeSeconds: LIFETIME_S },
    });
  });
  afterAll(async () => {
    await sims.close();
  });
  beforeEach(() => {
    sims.controls.reset();
    simulatorNow = Date.now();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  const logins = (): number => sims.controls.log.count({ provider: 'ruangkerja', method: 'POST', endpoint: TOKEN });
  const team = (): string[] => sims.dataset.samples.teamEmployeeIDs;

  it('logs in once with client credentials, however many calls start together', async () => {
    const client = track(createRuangkerjaClient(credentialsConfig(sims), HTTP));
    await Promise.all(team().map((id) => client.onlineEnrollments(id, id)));
    await client.courses();
    expect(logins()).toBe(1);
    expect(sims.controls.log.count({ provider: 'ruangkerja', status: 401 })).toBe(0);
  });

  it('refreshes a token revoked mid-run without a visible error', async () => {
    const client = track(createRuangkerjaClient(credentialsConfig(sims), HTTP));
    const learner = sims.dataset.samples.learnerEmployeeID;
    const before = await client.onlineEnrollments(learner, learner);
    sims.controls.revokeTokens('ruangkerja');
    await expect(client.onlineEnrollments(learner, learner)).resolves.toEqual(before);
    expect(logins()).toBe(2);
    // The refused attempt, then the re-sent one.
    expect(sims.controls.log.count({ endpoint: ONLINE, status: 401 })).toBe(1);
    expect(sims.controls.log.count({ endpoint: ONLINE, status: 200 })).toBe(2);
  });

  it('50 concurrent requests that meet an expired token cause exactly one /oauth/token call', async () => {
    const client = track(createRuangkerjaClient(credentialsConfig(sims), HTTP, { concurrency: 50 }));
    const ids = team();
    await client.onlineEnrollments(ids[0] ?? '', ids[0] ?? '');
    expect(logins()).toBe(1);
    // The upstream's clock passes the token's lifetime; the client's does not, so all 50 are refused.
    simulatorNow += (LIFETIME_S + 1) * 1000;
    sims.controls.setLatency(20);
    const results = await Promise.all(ids.map((id) => client.onlineEnrollments(id, id)));
    expect(results).toHaveLength(50);
    expect(logins()).toBe(2);
    expect(sims.controls.log.count({ endpoint: ONLINE, status: 401 })).toBeGreaterThan(1);
  });

  it('50 concurrent requests at the client’s refresh point share one login made before the token lapses', async () => {
    let clientNow = Date.now();
    const client = track(createRuangkerjaClient(credentialsConfig(sims), HTTP, { concurrency: 50, now: () => clientNow, refreshMarginMs: 60_000 }));
    const ids = team();
    await client.onlineEnrollments(ids[0] ?? '', ids[0] ?? '');
    // Inside the 60 s margin before expiry ("43199" seconds from the login).
    clientNow += (LIFETIME_S - 30) * 1000;
    await Promise.all(ids.map((id) => client.onlineEnrollments(id, id)));
    expect(logins()).toBe(2);
    expect(sims.controls.log.count({ endpoint: ONLINE, status: 401 })).toBe(0);
  });

  it('uses a ready token as is and reports its revocation as UPSTREAM_AUTH (it cannot be renewed)', async () => {
    // Its own simulator: revocation clears ready tokens for good, and other tests revoke.
    const own = await startSimulators({ dataset: buildDataset({ seed: 12, employees: 20 }), ruangkerja: { staticTokens: [STATIC_TOKEN] } });
    const client = track(createRuangkerjaClient({ baseUrl: own.urls.ruangkerja, userKey: 'employeeID', auth: { kind: 'token', accessToken: STATIC_TOKEN } }, HTTP));
    try {
      await expect(client.courses()).resolves.not.toHaveLength(0);
      expect(own.controls.log.count({ provider: 'ruangkerja', endpoint: TOKEN })).toBe(0);
      own.controls.revokeTokens('ruangkerja');
      const error: unknown = await client.courses().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'ruangkerja' });
      expect(JSON.stringify(error)).not.toContain(STATIC_TOKEN);
      expect((error as Error).message).not.toContain(STATIC_TOKEN);
    } finally {
      await own.close();
    }
  });

  it('a login answered 503 is retried like a read (it changes nothing upstream)', async () => {
    sims.controls.addFault({ provider: 'ruangkerja', endpoint: TOKEN, kind: 'error', status: 503, times: 1 });
    const client = track(createRuangkerjaClient(credentialsConfig(sims), HTTP, { backoff: FAST_BACKOFF }));
    await expect(client.courses()).resolves.not.toHaveLength(0);
    expect(sims.controls.log.count({ endpoint: TOKEN, status: 503 })).toBe(1);
    expect(sims.controls.log.count({ endpoint: TOKEN, status: 200 })).toBe(1);
  });

  it('wrong client credentials fail with UPSTREAM_AUTH that names no secret', async () => {
    const client = track(createRuangkerjaClient({ ...credentialsConfig(sims), auth: { kind: 'clientCredentials', clientId: 'demo-client', clientSecret: 'not-the-secret-9f8e7d' } }, HTTP));
    const error: unknown = await client.courses().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'ruangkerja' });
    expect(JSON.stringify(error)).not.toContain('not-the-secret-9f8e7d');
    expect((error as Error).message).not.toContain('not-the-secret-9f8e7d');
  });
});

describe('against a tiny upstream (answers the simulator cannot give)', () => {
  let server: TinyServer | undefined;
  let client: RuangkerjaClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  const page = { status: 'success', message: 'Success', data: [] };

  it('the PermissionDenied envelope with HTTP 200 triggers one refresh and a re-send', async () => {
    let issued = 0;
    const tiny = await startTinyServer((request) => {
      if (request.pathname === TOKEN) {
        issued += 1;
        return [200, { data: { accessToken: `issued-token-${issued}`, expiresIn: '43199', tokenType: 'Bearer' } }];
      }
      // The first token is refused with the envelope, under status 200.
      return request.headers.authorization === 'issued-token-1' ? [200, TOKEN_NOT_VALID] : [200, page];
    });
    server = tiny;
    client = createRuangkerjaClient({ baseUrl: tiny.url, userKey: 'employeeID', auth: { kind: 'clientCredentials', clientId: 'cid', clientSecret: 'csecret-123456' } }, HTTP);
    await expect(client.onlineEnrollments('E1', 'E1')).resolves.toEqual([]);
    expect(tiny.count(TOKEN)).toBe(2);
    const data = tiny.requests.filter((r) => r.pathname !== TOKEN);
    // Sent raw, without `Bearer`: the refused token, then the new one.
    expect(data.map((r) => r.headers.authorization)).toEqual(['issued-token-1', 'issued-token-2']);
    expect(data.map((r) => [r.query.get('page'), r.query.get('pageSize')])).toEqual([
      ['1', '100'],
      ['1', '100'],
    ]);
    const login = tiny.requests.find((r) => r.pathname === TOKEN);
    expect(login?.method).toBe('POST');
    expect(login?.headers.authorization).toBeUndefined();
    expect(JSON.parse(login?.body ?? '{}')).toEqual({ clientID: 'cid', clientSecret: 'csecret-123456', grantType: 'client_credentials' });
  });

  it('a ready token refused with the 200 envelope is UPSTREAM_AUTH, not a bad response', async () => {
    const tiny = await startTinyServer(() => [200, TOKEN_NOT_VALID]);
    server = tiny;
    client = createRuangkerjaClient({ baseUrl: tiny.url, userKey: 'employeeID', auth: { kind: 'token', accessToken: 'static-token-abcdef123456' } }, HTTP);
    await expect(client.webinarEnrollments('E1', 'E1')).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'ruangkerja' });
    expect(tiny.requests.map((r) => r.headers.authorization)).toEqual(['static-token-abcdef123456']);
  });

  it('a refusal after a fresh login is UPSTREAM_AUTH after exactly one re-send', async () => {
    let issued = 0;
    const tiny = await startTinyServer((request) => {
      if (request.pathname === TOKEN) {
        issued += 1;
        return [200, { data: { accessToken: `t-${issued}`, expiresIn: '43199' } }];
      }
      return [401, TOKEN_NOT_VALID];
    });
    server = tiny;
    client = createRuangkerjaClient({ baseUrl: tiny.url, userKey: 'employeeID', auth: { kind: 'clientCredentials', clientId: 'cid', clientSecret: 'csecret-123456' } }, HTTP, { backoff: FAST_BACKOFF });
    await expect(client.batchRoster('C1', 'B1')).rejects.toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'ruangkerja' });
    expect(tiny.count(TOKEN)).toBe(2);
    expect(tiny.requests.length - tiny.count(TOKEN)).toBe(2);
  });
});
