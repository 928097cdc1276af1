/**
 * The SelfCommunity client against the simulator over real HTTP (and a tiny upstream for answers
 * the simulator cannot give): members read to the end in the exact number of page requests,
 * every join status, and how it fails.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { SelfCommunityConfig, UpstreamHttpConfig } from '../../../src/config.js';
import { isProviderError, type ProviderError } from '../../../src/providers/errors.js';
import { createSelfCommunityClient, type SelfCommunityClient } from '../../../src/providers/selfcommunity/client.js';
import { buildDataset, startSimulators, type RunningSimulators } from '../../../src/simulators/index.js';
import type { Dataset, SelfCommunityJoinStatus } from '../../../src/simulators/dataset/types.js';
import { startTinyServer, type TinyServer } from '../ruangkerja/tiny-server.js';

const HTTP: UpstreamHttpConfig = { connectTimeoutMs: 1_000, responseTimeoutMs: 5_000, requestTimeoutMs: 5_000, retries: 2, maxSockets: 32 };
const FAST_BACKOFF = { baseMs: 5, capMs: 20 };
const MEMBERS = '/api/v2/course/:id/users/';
const COURSE = '/api/v2/course/:id/';
const LONG_COURSE = 9_001;
const LONG_LIST = 1_234;
const STATUSES: readonly SelfCommunityJoinStatus[] = ['creator', 'manager', 'joined', 'invited', 'requested'];

/** A course with 1,234 people of every join status, plus 20 former members (join_status null). */
function addLongCourse(dataset: Dataset): void {
  const sc = dataset.selfcommunity;
  sc.courses.push({ id: LONG_COURSE, name: 'Komunitas Besar', slug: 'komunitas-besar', description: '', type: 'structured', privacy: 'private', created_at: '2021-01-01T00:00:00.000000Z' });
  for (let i = 0; i < LONG_LIST + 20; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    sc.members.push({
      courseId: LONG_COURSE,
      id: 50_000 + i,
      username: `EMPSC${String(i).padStart(4, '0')}`,
      real_name: i % 10 === 0 ? '' : `Member ${i}`,
      avatar: '',
      join_status: i < LONG_LIST ? (STATUSES[i % STATUSES.length] ?? 'joined') : null,
      user_completion_rate: [0, 50, 100][i % 3] ?? 0,
      last_active_at: null,
      joined_at: i % 11 === 0 ? null : `2022-03-${day}T08:00:00.000000Z`,
    });
  }
}

/** Every error a test saw and every log line written, checked for secrets at the end. */
const seen: ProviderError[] = [];
const secrets: string[] = [];
const logged: unknown[] = [];
const logger = {
  debug: (fields: object, message: string) => logged.push({ level: 'debug', fields, message }),
  warn: (fields: object, message: string) => logged.push({ level: 'warn', fields, message }),
};

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  seen.push(error);
  return error;
}

describe('against the simulator', () => {
  let sims: RunningSimulators;
  let config: SelfCommunityConfig;
  let client: SelfCommunityClient;
  const extra: SelfCommunityClient[] = [];

  beforeAll(async () => {
    const dataset = buildDataset({ seed: 9, employees: 200 });
    addLongCourse(dataset);
    sims = await startSimulators({ dataset });
    config = { baseUrl: sims.urls.selfcommunity, token: dataset.selfcommunity.managerTokens[0] ?? '', courseIds: [dataset.samples.communityCourseId, LONG_COURSE] };
    secrets.push(...dataset.selfcommunity.managerTokens, ...dataset.selfcommunity.plainTokens);
    client = createSelfCommunityClient(config, HTTP, { backoff: FAST_BACKOFF, logger });
  });
  afterAll(async () => {
    client.close();
    await sims.close();
  });
  beforeEach(() => sims.controls.reset());
  afterEach(() => {
    for (const c of extra.splice(0)) c.close();
  });

  const asked = () =>
    sims.controls.log.matching({ provider: 'selfcommunity', endpoint: MEMBERS }).map((entry) => new URL(entry.url, 'http://sim').searchParams);

  it('gives the configured course ids', () => {
    expect(client.courseIds).toEqual([sims.dataset.samples.communityCourseId, LONG_COURSE]);
  });

  it('reads 1,234 members exactly once in 13 page requests, by item offset, concurrently after the first', async () => {
    const members = await client.courseMembers(LONG_COURSE);
    expect(members).toHaveLength(LONG_LIST);
    expect(new Set(members?.map((m) => m.id)).size).toBe(LONG_LIST);
    expect(sims.controls.log.count({ provider: 'selfcommunity', method: 'GET', endpoint: MEMBERS })).toBe(13);
    const queries = asked();
    expect(queries.map((q) => Number(q.get('offset'))).sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i * 100));
    for (const query of queries) {
      expect(query.get('limit')).toBe('100');
      expect(query.getAll('statuses')).toEqual([...STATUSES]);
      expect(query.get('ordering')).toBe('joined_at');
    }
  });

  it('includes people of every join status and skips those without one', async () => {
    const members = (await client.courseMembers(LONG_COURSE)) ?? [];
    const byStatus = new Map<string, number>();
    for (const m of members) byStatus.set(String(m.joinStatus), (byStatus.get(String(m.joinStatus)) ?? 0) + 1);
    for (const status of STATUSES) expect(byStatus.get(status)).toBeGreaterThan(200);
    expect(byStatus.has('null')).toBe(false);
    expect(members.every((m) => m.courseId === LONG_COURSE && m.course.kind === 'COMMUNITY' && m.id === `selfcommunity:${LONG_COURSE}:${m.memberId}`)).toBe(true);
    expect(members.filter((m) => m.joinStatus === 'invited' || m.joinStatus === 'requested').every((m) => m.status === 'PENDING')).toBe(true);
  });

  it('matches the sample course’s members in the dataset, field by field', async () => {
    const courseId = sims.dataset.samples.communityCourseId;
    const expected = sims.dataset.selfcommunity.members.filter((m) => m.courseId === courseId && m.join_status !== null);
    const members = (await client.courseMembers(courseId)) ?? [];
    expect(members.map((m) => m.memberId).sort((a, b) => a - b)).toEqual(expected.map((m) => m.id).sort((a, b) => a - b));
    for (const m of members) {
      const source = expected.find((e) => e.id === m.memberId);
      expect(m).toMatchObject({ username: source?.username, joinStatus: source?.join_status, completionRate: (source?.user_completion_rate ?? 0) / 100, realName: source?.real_name === '' ? null : source?.real_name });
    }
    expect(sims.controls.log.count({ endpoint: MEMBERS })).toBe(Math.max(1, Math.ceil(expected.length / 100)));
  });

  it('answers null for an unknown course, after one request', async () => {
    await expect(client.courseMembers(424_242)).resolves.toBeNull();
    await expect(client.course(424_242)).resolves.toBeNull();
    expect(sims.controls.log.count({ endpoint: MEMBERS })).toBe(1);
  });

  it('reads a course', async () => {
    await expect(client.course(LONG_COURSE)).resolves.toEqual({ key: { provider: 'selfcommunity', nativeId: LONG_COURSE }, name: 'Komunitas Besar', kind: 'COMMUNITY' });
    expect(sims.controls.log.count({ endpoint: COURSE })).toBe(1);
  });

  it('a token without the manager role is UPSTREAM_AUTH (403), and the token is never shown', async () => {
    const memberToken = sims.dataset.selfcommunity.plainTokens[0] ?? '';
    const member = createSelfCommunityClient({ ...config, token: memberToken }, HTTP, { logger });
    extra.push(member);
    const error = await failure(member.courseMembers(LONG_COURSE));
    expect(error).toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'selfcommunity', endpoint: MEMBERS, upstreamStatus: 403 });
    // A configured token cannot be renewed: one attempt, no re-send.
    expect(sims.controls.log.count({ endpoint: MEMBERS, status: 403 })).toBe(1);
  });

  it('an unknown token is UPSTREAM_AUTH (401)', async () => {
    const stranger = createSelfCommunityClient({ ...config, token: 'not-a-known-token-123456789' }, HTTP);
    extra.push(stranger);
    secrets.push('not-a-known-token-123456789');
    await expect(failure(stranger.course(LONG_COURSE))).resolves.toMatchObject({ code: 'UPSTREAM_AUTH', provider: 'selfcommunity', upstreamStatus: 401 });
  });

  it('retries 503s (within its retry budget) and still reads every member once', async () => {
    sims.controls.addFault({ provider: 'selfcommunity', endpoint: MEMBERS, kind: 'error', status: 503, times: HTTP.retries });
    const members = await client.courseMembers(LONG_COURSE);
    expect(members).toHaveLength(LONG_LIST);
    expect(sims.controls.log.count({ endpoint: MEMBERS, status: 503 })).toBe(HTTP.retries);
    expect(sims.controls.log.count({ endpoint: MEMBERS, status: 200 })).toBe(13);
  });

  it('a permanent 503 is UPSTREAM_UNAVAILABLE from selfcommunity', async () => {
    sims.controls.addFault({ provider: 'selfcommunity', endpoint: COURSE, kind: 'error', status: 503 });
    await expect(failure(client.course(LONG_COURSE))).resolves.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'selfcommunity', upstreamStatus: 503 });
    expect(sims.controls.log.count({ endpoint: COURSE })).toBe(HTTP.retries + 1);
  });

  it('a hang is UPSTREAM_TIMEOUT within 2 s (requestMs 300, no retries)', async () => {
    const quick = createSelfCommunityClient(config, { ...HTTP, requestTimeoutMs: 300, retries: 0 });
    extra.push(quick);
    sims.controls.addFault({ provider: 'selfcommunity', endpoint: MEMBERS, kind: 'hang' });
    const started = Date.now();
    await expect(failure(quick.courseMembers(LONG_COURSE))).resolves.toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'selfcommunity' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('malformed JSON is UPSTREAM_BAD_RESPONSE naming the provider and endpoint', async () => {
    sims.controls.addFault({ provider: 'selfcommunity', endpoint: MEMBERS, kind: 'malformedJson' });
    const error = await failure(client.courseMembers(LONG_COURSE));
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'selfcommunity', endpoint: MEMBERS });
    expect(error.message).toContain(`selfcommunity GET ${MEMBERS}`);
  });
});

describe('against a tiny upstream', () => {
  let server: TinyServer | undefined;
  let elsewhere: TinyServer | undefined;
  let client: SelfCommunityClient | undefined;
  const TOKEN = 'tiny-bearer-token-0a1b2c3d4e';
  afterEach(async () => {
    client?.close();
    await server?.close();
    await elsewhere?.close();
    client = undefined;
    server = undefined;
    elsewhere = undefined;
  });
  beforeAll(() => {
    secrets.push(TOKEN);
  });

  const member = (id: number, join_status: string | null) => ({
    id,
    username: `U${id}`,
    real_name: `User ${id}`,
    avatar: null,
    join_status,
    user_completion_rate: 100,
    last_active_at: null,
    joined_at: '2022-01-01T00:00:00Z',
  });

  it('sends the token as Bearer, never follows next links to another host, and adapts to a capped limit', async () => {
    const other = await startTinyServer(() => [200, { count: 0, next: null, previous: null, results: [] }]);
    elsewhere = other;
    const total = 75;
    const tiny = await startTinyServer((r) => {
      // This upstream caps `limit` at 30 and points `next` at another host.
      const offset = Number(r.query.get('offset') ?? '0');
      const limit = Math.min(30, Number(r.query.get('limit') ?? '20'));
      const results = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => member(offset + i + 1, 'joined'));
      return [200, { count: total, next: `${other.url}/api/v2/course/1/users/?offset=${offset + limit}`, previous: null, results }];
    });
    server = tiny;
    client = createSelfCommunityClient({ baseUrl: tiny.url, token: TOKEN, courseIds: [1] }, HTTP);
    const members = await client.courseMembers(1);
    expect(members?.map((m) => m.memberId)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(other.requests).toHaveLength(0);
    expect(tiny.requests.map((r) => r.query.get('offset'))).toEqual(['0', '30', '60']);
    expect(new Set(tiny.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it('skips items whose join_status is null', async () => {
    const tiny = await startTinyServer(() => [200, { count: 3, next: null, previous: null, results: [member(1, 'joined'), member(2, null), member(3, 'requested')] }]);
    server = tiny;
    client = createSelfCommunityClient({ baseUrl: tiny.url, token: TOKEN, courseIds: [1] }, HTTP);
    const members = await client.courseMembers(1);
    expect(members?.map((m) => [m.memberId, m.status])).toEqual([
      [1, 'COMPLETED'],
      [3, 'PENDING'],
    ]);
  });

  it('an unknown join status fails the list with UPSTREAM_BAD_RESPONSE', async () => {
    const tiny = await startTinyServer(() => [200, { count: 2, next: null, previous: null, results: [member(1, 'joined'), member(2, 'banned')] }]);
    server = tiny;
    client = createSelfCommunityClient({ baseUrl: tiny.url, token: TOKEN, courseIds: [1] }, HTTP);
    const error = await failure(client.courseMembers(1));
    expect(error).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'selfcommunity', endpoint: MEMBERS });
    expect(error.message).toContain('results[1].join_status');
  });

  it('an upstream quoting the bearer token back never puts it in an error', async () => {
    const tiny = await startTinyServer((r) =>
      r.pathname.endsWith('/users/') ? [400, { detail: `Bad request for Authorization: Bearer ${TOKEN}` }] : [500, { detail: `token ${TOKEN} failed` }],
    );
    server = tiny;
    client = createSelfCommunityClient({ baseUrl: tiny.url, token: TOKEN, courseIds: [1] }, { ...HTTP, retries: 0 }, { logger });
    await expect(failure(client.courseMembers(1))).resolves.toMatchObject({ code: 'BAD_USER_INPUT', provider: 'selfcommunity' });
    await expect(failure(client.course(1))).resolves.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'selfcommunity' });
  });
});

afterAll(() => {
  expect(seen.length).toBeGreaterThanOrEqual(8);
  expect(logged.length).toBeGreaterThan(0);
  const lines = JSON.stringify(logged);
  for (const secret of secrets) expect(lines).not.toContain(secret);
  for (const error of seen) {
    const shown = [error.message, JSON.stringify(error), JSON.stringify(error.toExtensions()), String(error.stack)].join('\n');
    for (const secret of secrets) expect(shown).not.toContain(secret);
  }
});
