import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildDataset } from '../../src/simulators/dataset/build.js';
import type { Dataset, SelfCommunityMember } from '../../src/simulators/dataset/types.js';
import { SimulatorControls, type SimulatorRouter } from '../../src/simulators/harness.js';
import { SELFCOMMUNITY_PATHS, createSelfCommunitySimulator } from '../../src/simulators/selfcommunity/index.js';

type Json = Record<string, unknown>;

interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function serve(router: SimulatorRouter): Promise<Served> {
  const server: Server = createServer(router.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      router.releaseHanging();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

const MANAGER = 'Bearer demo-manager-token';

/** `authorization` null sends no Authorization header. */
async function get(url: string, authorization: string | null = MANAGER): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (authorization !== null) headers.Authorization = authorization;
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

const dataset: Dataset = buildDataset({ seed: 42, employees: 500 });
const courseId = dataset.samples.communityCourseId;
const courseMembers = dataset.selfcommunity.members.filter((m) => m.courseId === courseId);
const defaultMembers = courseMembers.filter((m) => m.join_status === 'manager' || m.join_status === 'joined');

/** The expected order, computed independently: nulls last, ties by id. */
function ordered(members: SelfCommunityMember[], field: 'joined_at' | 'last_active_at', descending: boolean): number[] {
  const withValue = members.filter((m) => m[field] !== null).sort((a, b) => {
    const t = Date.parse(a[field] as string) - Date.parse(b[field] as string);
    return (descending ? -t : t) || a.id - b.id;
  });
  const without = members.filter((m) => m[field] === null).sort((a, b) => a.id - b.id);
  return [...withValue, ...without].map((m) => m.id);
}

const controls = new SimulatorControls();
let served: Served;
let usersUrl: string;

beforeAll(async () => {
  served = await serve(createSelfCommunitySimulator(dataset, controls));
  usersUrl = `${served.url}/api/v2/course/${courseId}/users/`;
});
afterAll(() => served.close());
beforeEach(() => controls.reset());

/** Reads a list by following `next` to the end. */
async function readAll(first: string): Promise<{ ids: number[]; pages: number; counts: number[] }> {
  const ids: number[] = [];
  const counts: number[] = [];
  let url: string | null = first;
  let pages = 0;
  while (url !== null) {
    const answer = await get(url);
    expect(answer.status).toBe(200);
    pages += 1;
    counts.push(answer.body.count as number);
    for (const r of answer.body.results as Json[]) ids.push(r.id as number);
    url = answer.body.next as string | null;
    if (pages > 1000) throw new Error('next never ends');
  }
  return { ids, pages, counts };
}

describe('GET /api/v2/course/:id/', () => {
  it('answers the course object', async () => {
    const answer = await get(`${served.url}/api/v2/course/${courseId}/`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(dataset.selfcommunity.courses.find((c) => c.id === courseId));
    expect(typeof answer.body.id).toBe('number');
  });

  it('answers 404 {"detail":"Not found."} for an unknown or non-numeric course', async () => {
    for (const id of ['999', 'abc']) {
      const answer = await get(`${served.url}/api/v2/course/${id}/`);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ detail: 'Not found.' });
    }
    const users = await get(`${served.url}/api/v2/course/999/users/`);
    expect(users.status).toBe(404);
    expect(users.body).toEqual({ detail: 'Not found.' });
  });
});

describe('auth', () => {
  it('answers 401 without credentials', async () => {
    const answer = await get(usersUrl, null);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('answers 401 for an unknown token or a token without the Bearer scheme', async () => {
    for (const header of ['Bearer nope', 'demo-manager-token', 'Token demo-manager-token']) {
      const answer = await get(usersUrl, header);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ detail: 'Invalid token.' });
    }
  });

  it('answers 403 for a valid token without the manager role', async () => {
    const answer = await get(usersUrl, 'Bearer demo-member-token');
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    // Reading the course itself needs no manager role.
    expect((await get(`${served.url}/api/v2/course/${courseId}/`, 'Bearer demo-member-token')).status).toBe(200);
  });

  it('answers 401 once the tokens are revoked through the controls', async () => {
    const own = new SimulatorControls();
    const instance = await serve(createSelfCommunitySimulator(dataset, own));
    try {
      const url = `${instance.url}/api/v2/course/${courseId}/users/`;
      expect((await get(url)).status).toBe(200);
      own.revokeTokens('selfcommunity');
      const answer = await get(url);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ detail: 'Invalid token.' });
    } finally {
      await instance.close();
    }
  });
});

describe('GET /api/v2/course/:id/users/', () => {
  it('answers {count, next, previous, results} with items shaped as the document', async () => {
    const answer = await get(usersUrl);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(answer.body.count).toBe(defaultMembers.length);
    expect(answer.body.previous).toBeNull();
    const results = answer.body.results as Json[];
    expect(results).toHaveLength(20);
    for (const r of results) {
      expect(Object.keys(r)).toEqual(['id', 'username', 'real_name', 'avatar', 'join_status', 'user_completion_rate', 'last_active_at', 'joined_at']);
      expect(Number.isInteger(r.id)).toBe(true);
      expect(typeof r.username).toBe('string');
      expect(typeof r.real_name).toBe('string');
      expect(typeof r.avatar).toBe('string');
      expect(['manager', 'joined']).toContain(r.join_status);
      expect(Number.isInteger(r.user_completion_rate)).toBe(true);
      expect(r.joined_at === null || typeof r.joined_at === 'string').toBe(true);
      expect(r.last_active_at === null || typeof r.last_active_at === 'string').toBe(true);
    }
  });

  it('orders by -joined_at by default, nulls last, ties by id', async () => {
    const { ids } = await readAll(`${usersUrl}?limit=100`);
    expect(ids).toEqual(ordered(defaultMembers, 'joined_at', true));
    expect(defaultMembers.some((m) => m.joined_at === null)).toBe(true);
  });

  it('orders by joined_at, last_active_at and -last_active_at; an unknown field falls back to the default', async () => {
    expect((await readAll(`${usersUrl}?limit=100&ordering=joined_at`)).ids).toEqual(ordered(defaultMembers, 'joined_at', false));
    expect((await readAll(`${usersUrl}?limit=100&ordering=last_active_at`)).ids).toEqual(ordered(defaultMembers, 'last_active_at', false));
    expect((await readAll(`${usersUrl}?limit=100&ordering=-last_active_at`)).ids).toEqual(ordered(defaultMembers, 'last_active_at', true));
    expect((await readAll(`${usersUrl}?limit=100&ordering=username`)).ids).toEqual(ordered(defaultMembers, 'joined_at', true));
  });

  it('filters by statuses given repeated, as a JSON array string, or as a comma list', async () => {
    const expected = courseMembers.filter((m) => m.join_status === 'invited' || m.join_status === 'requested').length;
    expect(expected).toBeGreaterThan(0);
    for (const query of ['statuses=invited&statuses=requested', `statuses=${encodeURIComponent('["invited","requested"]')}`, 'statuses=invited,requested']) {
      const answer = await get(`${usersUrl}?${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body.count).toBe(expected);
    }
    const all = await get(`${usersUrl}?statuses=${encodeURIComponent('["creator","manager","joined","invited","requested",null]')}`);
    expect(all.body.count).toBe(courseMembers.length);
    const nulls = await get(`${usersUrl}?statuses=null`);
    expect(nulls.body.count).toBe(courseMembers.filter((m) => m.join_status === null).length);
    const creator = await get(`${usersUrl}?statuses=creator`);
    expect(((creator.body.results as Json[])[0] as Json).join_status).toBe('creator');
  });

  it('answers 400 for an unknown status', async () => {
    const answer = await get(`${usersUrl}?statuses=banned`);
    expect(answer.status).toBe(400);
    expect(typeof answer.body.detail).toBe('string');
  });

  it('searches username and real_name case-insensitively', async () => {
    const everyone = `statuses=${encodeURIComponent('["creator","manager","joined","invited","requested",null]')}`;
    const named = courseMembers.find((m) => m.real_name !== '' && m.real_name.includes(' '));
    const word = (named?.real_name.split(' ')[1] ?? '').toLowerCase();
    const byName = await readAll(`${usersUrl}?${everyone}&limit=100&search=${encodeURIComponent(word)}`);
    expect(byName.ids.sort()).toEqual(courseMembers.filter((m) => m.real_name.toLowerCase().includes(word) || m.username.toLowerCase().includes(word)).map((m) => m.id).sort());
    const target = courseMembers[0] as SelfCommunityMember;
    const byUsername = await readAll(`${usersUrl}?${everyone}&limit=100&search=${encodeURIComponent(target.username.toLowerCase())}`);
    expect(byUsername.ids).toContain(target.id);
  });

  it('caps limit at 100 and rejects bad limit/offset with 400 {detail}', async () => {
    // The demo courses have fewer than 100 members; a larger dataset has more.
    const larger = buildDataset({ seed: 42, employees: 2000 });
    const instance = await serve(createSelfCommunitySimulator(larger, new SimulatorControls()));
    try {
      const url = `${instance.url}/api/v2/course/${courseId}/users/`;
      const big = await get(`${url}?limit=500`);
      expect(big.body.count as number).toBeGreaterThan(100);
      expect((big.body.results as Json[]).length).toBe(100);
      expect(new URL(big.body.next as string).searchParams.get('limit')).toBe('100');
      expect(new URL(big.body.next as string).searchParams.get('offset')).toBe('100');
      expect(((await get(url)).body.results as Json[]).length).toBe(20);
    } finally {
      await instance.close();
    }
    for (const query of ['limit=-1', 'limit=abc', 'limit=0', 'limit=1.5', 'offset=-5', 'offset=x']) {
      const answer = await get(`${usersUrl}?${query}`);
      expect(answer.status).toBe(400);
      expect(typeof answer.body.detail).toBe('string');
    }
  });

  it('builds absolute next/previous URLs from the Host, keeping other parameters; next is null on the last page', async () => {
    const first = await get(`${usersUrl}?search=emp&limit=5`);
    const count = first.body.count as number;
    expect(count).toBeGreaterThan(10);
    const next = first.body.next as string;
    expect(next.startsWith(`http://127.0.0.1:${served.port}/api/v2/course/${courseId}/users/?`)).toBe(true);
    const params = new URL(next).searchParams;
    expect(params.get('search')).toBe('emp');
    expect(params.get('limit')).toBe('5');
    expect(params.get('offset')).toBe('5');
    const second = await get(next);
    expect(new URL(second.body.previous as string).searchParams.get('offset')).toBeNull();
    const third = await get(second.body.next as string);
    expect(new URL(third.body.previous as string).searchParams.get('offset')).toBe('5');

    const lastOffset = Math.floor((count - 1) / 5) * 5;
    const last = await get(`${usersUrl}?search=emp&limit=5&offset=${lastOffset}`);
    expect(last.body.next).toBeNull();
    expect((last.body.results as Json[]).length).toBe(count - lastOffset);
    const past = await get(`${usersUrl}?search=emp&limit=5&offset=${count + 10}`);
    expect(past.body.results).toEqual([]);
    expect(past.body.next).toBeNull();
    expect(past.body.count).toBe(count);
  });

  it('reads every member exactly once by following next, with offset as an item index', async () => {
    const everyone = `statuses=${encodeURIComponent('["creator","manager","joined","invited","requested",null]')}`;
    const { ids, pages, counts } = await readAll(`${usersUrl}?${everyone}&limit=7`);
    expect(ids).toHaveLength(courseMembers.length);
    expect(new Set(ids)).toEqual(new Set(courseMembers.map((m) => m.id)));
    expect(pages).toBe(Math.ceil(courseMembers.length / 7));
    expect(new Set(counts)).toEqual(new Set([courseMembers.length]));
    const offset3 = await get(`${usersUrl}?${everyone}&limit=2&offset=3`);
    expect((offset3.body.results as Json[]).map((r) => r.id)).toEqual(ids.slice(3, 5));
  });

  it('lists the learner in the sample course by an exact employeeID username', async () => {
    const learner = dataset.people[0];
    const answer = await get(`${usersUrl}?search=${learner?.employeeID}`);
    expect((answer.body.results as Json[]).some((r) => r.id === learner?.selfCommunityUserId && r.username === learner?.employeeID)).toBe(true);
  });
});

describe('faults, latency and the request log', () => {
  it('injects an error with the {detail} body, then recovers', async () => {
    controls.addFault({ provider: 'selfcommunity', endpoint: SELFCOMMUNITY_PATHS.courseUsers, kind: 'error', status: 502, times: 1 });
    const failed = await get(usersUrl);
    expect(failed.status).toBe(502);
    expect(failed.body).toEqual({ detail: 'Injected upstream failure' });
    expect((await get(usersUrl)).status).toBe(200);
  });

  it('injects 429 with and without Retry-After', async () => {
    controls.addFault({ provider: 'selfcommunity', kind: 'rateLimit', retryAfterSeconds: 7, times: 1 });
    controls.addFault({ provider: 'selfcommunity', kind: 'rateLimit', times: 1 });
    const first = await get(usersUrl);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    const second = await get(usersUrl);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
  });

  it('hangs until the client times out', async () => {
    controls.addFault({ provider: 'selfcommunity', kind: 'hang', times: 1 });
    await expect(fetch(usersUrl, { headers: { Authorization: MANAGER }, signal: AbortSignal.timeout(250) })).rejects.toThrow();
  });

  it('answers malformed JSON and truncated bodies', async () => {
    controls.addFault({ provider: 'selfcommunity', kind: 'malformedJson', times: 1 });
    const text = await (await fetch(usersUrl, { headers: { Authorization: MANAGER } })).text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    controls.addFault({ provider: 'selfcommunity', kind: 'truncated', times: 1 });
    await expect(fetch(usersUrl, { headers: { Authorization: MANAGER } }).then((res) => res.text())).rejects.toThrow();
  });

  it('applies latency with jitter', async () => {
    controls.setLatency(150, 50);
    const started = Date.now();
    await get(usersUrl);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
  });

  it('counts requests by endpoint template', async () => {
    await get(usersUrl);
    await get(`${usersUrl}?offset=20`);
    await get(`${served.url}/api/v2/course/${courseId}/`);
    await get(usersUrl, 'Bearer demo-member-token');
    expect(controls.log.count({ provider: 'selfcommunity', endpoint: SELFCOMMUNITY_PATHS.courseUsers })).toBe(3);
    expect(controls.log.count({ provider: 'selfcommunity', endpoint: SELFCOMMUNITY_PATHS.courseUsers, status: 403 })).toBe(1);
    expect(controls.log.count({ provider: 'selfcommunity', endpoint: SELFCOMMUNITY_PATHS.course })).toBe(1);
    expect(controls.log.matching({ endpoint: SELFCOMMUNITY_PATHS.courseUsers })[1]?.url).toBe(`/api/v2/course/${courseId}/users/?offset=20`);
  });
});
