import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildDataset } from '../../src/simulators/dataset/build.js';
import type { Dataset, RuangkerjaUser } from '../../src/simulators/dataset/types.js';
import { SimulatorControls, type SimulatorRouter } from '../../src/simulators/harness.js';
import { RUANGKERJA_PATHS, TOKEN_NOT_VALID, createRuangkerjaSimulator, type RuangkerjaSimulatorOptions } from '../../src/simulators/ruangkerja/index.js';

type Json = Record<string, unknown>;

interface Served {
  url: string;
  router: SimulatorRouter;
  close(): Promise<void>;
}

async function serve(router: SimulatorRouter): Promise<Served> {
  const server: Server = createServer(router.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    router,
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

async function call(base: string, path: string, init: { token?: string; headers?: Record<string, string>; method?: string; json?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (init.token !== undefined) headers.Authorization = init.token;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method: init.method ?? 'GET', headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

const dataset: Dataset = buildDataset({ seed: 42, employees: 500 });
const learner = dataset.people[0];
const learnerUser = dataset.ruangkerja.users.find((u) => u.employeeID === learner?.employeeID) as RuangkerjaUser;
const courses = new Map(dataset.ruangkerja.courses.map((c) => [c.serial, c]));
const learnerOnline = dataset.ruangkerja.onlineAssignments.filter((a) => a.userSerial === learnerUser.serial);
const learnerWebinar = dataset.ruangkerja.webinarAssignments.filter((a) => a.userSerial === learnerUser.serial);
const sample = dataset.samples.batch;
const roster = dataset.ruangkerja.webinarAssignments.filter((a) => a.courseSerial === sample.courseSerial && a.batchSerial === sample.batchSerial);

const onlinePath = (id: string, query = 'page=1&pageSize=100'): string => `/ruangkerja/dashboard/users/${id}/courses/online?${query}`;
const webinarPath = (id: string, query = 'page=1&pageSize=100'): string => `/ruangkerja/dashboard/users/${id}/courses/webinar?${query}`;
const rosterPath = (query: string, course = sample.courseSerial, batch = sample.batchSerial): string => `/ruangkerja/dashboard/courses/${course}/webinar/${batch}/users?${query}`;

let clock = Date.now();
const options: RuangkerjaSimulatorOptions = { staticTokens: ['ready-token'], now: () => clock };
const controls = new SimulatorControls();
let served: Served;
let token: string;

async function newToken(): Promise<string> {
  const answer = await call(served.url, '/oauth/token', { method: 'POST', json: { clientID: 'demo-client', clientSecret: 'demo-secret', grantType: 'client_credentials' } });
  return (answer.body.data as Json).accessToken as string;
}

beforeAll(async () => {
  served = await serve(createRuangkerjaSimulator(dataset, controls, options));
  token = await newToken();
});

afterAll(() => served.close());

beforeEach(() => {
  controls.reset();
  options.envelope = undefined;
  options.userKey = undefined;
});

describe('POST /oauth/token', () => {
  it('answers the token envelope with expiresIn as a string of seconds', async () => {
    const answer = await call(served.url, '/oauth/token', { method: 'POST', json: { clientID: 'demo-client', clientSecret: 'demo-secret', grantType: 'client_credentials' } });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['data']);
    const data = answer.body.data as Json;
    expect(typeof data.accessToken).toBe('string');
    expect((data.accessToken as string).length).toBeGreaterThan(16);
    expect(data.expiresIn).toBe('43199');
    expect(data.tokenType).toBe('Bearer');
  });

  it('answers 401 with the error envelope for wrong credentials, 400 for a wrong grantType', async () => {
    const wrong = await call(served.url, '/oauth/token', { method: 'POST', json: { clientID: 'demo-client', clientSecret: 'nope', grantType: 'client_credentials' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ errorCode: 16, message: expect.stringMatching(/^rpc error: code = Unauthenticated desc = /), detail: wrong.body.message });
    const grant = await call(served.url, '/oauth/token', { method: 'POST', json: { clientID: 'demo-client', clientSecret: 'demo-secret', grantType: 'password' } });
    expect(grant.status).toBe(400);
    expect(grant.body.message).toMatch(/InvalidArgument.*grantType/);
  });

  it('honours a configured token lifetime', async () => {
    const short = await serve(createRuangkerjaSimulator(dataset, new SimulatorControls(), { tokenLifetimeSeconds: 5 }));
    try {
      const answer = await call(short.url, '/oauth/token', { method: 'POST', json: { clientID: 'demo-client', clientSecret: 'demo-secret', grantType: 'client_credentials' } });
      expect((answer.body.data as Json).expiresIn).toBe('5');
    } finally {
      await short.close();
    }
  });
});

describe('token check', () => {
  const expectInvalid = (answer: Answer): void => {
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual(TOKEN_NOT_VALID);
    expect(answer.body).toEqual({
      errorCode: 16,
      message: 'rpc error: code = PermissionDenied desc = Token is not valid',
      detail: 'rpc error: code = PermissionDenied desc = Token is not valid',
    });
  };

  it('rejects a missing token', async () => expectInvalid(await call(served.url, onlinePath(learnerUser.employeeID))));
  it('rejects an unknown token', async () => expectInvalid(await call(served.url, onlinePath(learnerUser.employeeID), { token: 'not-a-token' })));
  it('rejects the token with a Bearer prefix: it is sent as is', async () => {
    expectInvalid(await call(served.url, onlinePath(learnerUser.employeeID), { token: `Bearer ${token}` }));
    expect((await call(served.url, onlinePath(learnerUser.employeeID), { token })).status).toBe(200);
  });
  it('checks the token on every GET endpoint', async () => {
    for (const path of [webinarPath(learnerUser.employeeID), rosterPath('page=1&pageSize=10'), '/ruangkerja/dashboard/courses?page=1&pageSize=10', `/ruangkerja/dashboard/courses/${sample.courseSerial}/batches?page=1&pageSize=10`, '/ruangkerja/users?page=1&pageSize=10']) {
      expectInvalid(await call(served.url, path));
    }
  });
  it('accepts a configured static token', async () => {
    expect((await call(served.url, onlinePath(learnerUser.employeeID), { token: 'ready-token' })).status).toBe(200);
  });

  it('rejects an expired token', async () => {
    const fresh = await newToken();
    expect((await call(served.url, onlinePath(learnerUser.employeeID), { token: fresh })).status).toBe(200);
    clock += 43_199 * 1000;
    expectInvalid(await call(served.url, onlinePath(learnerUser.employeeID), { token: fresh }));
    token = await newToken();
    expect((await call(served.url, onlinePath(learnerUser.employeeID), { token })).status).toBe(200);
  });

  it('rejects tokens revoked through the controls, and issues new ones after', async () => {
    const own = new SimulatorControls();
    const instance = await serve(createRuangkerjaSimulator(dataset, own, { staticTokens: ['ready-token'] }));
    try {
      const login = async (): Promise<string> =>
        ((await call(instance.url, '/oauth/token', { method: 'POST', json: { clientID: 'demo-client', clientSecret: 'demo-secret', grantType: 'client_credentials' } })).body.data as Json).accessToken as string;
      const before = await login();
      expect((await call(instance.url, onlinePath(learnerUser.employeeID), { token: before })).status).toBe(200);
      own.revokeTokens('ruangkerja');
      expectInvalid(await call(instance.url, onlinePath(learnerUser.employeeID), { token: before }));
      expectInvalid(await call(instance.url, onlinePath(learnerUser.employeeID), { token: 'ready-token' }));
      const after = await login();
      expect((await call(instance.url, onlinePath(learnerUser.employeeID), { token: after })).status).toBe(200);
    } finally {
      await instance.close();
    }
  });
});

describe('paging parameters', () => {
  const bad = async (query: string, message: RegExp): Promise<void> => {
    const answer = await call(served.url, onlinePath(learnerUser.employeeID, query), { token });
    expect(answer.status).toBe(400);
    expect(answer.body.errorCode).toBe(3);
    expect(answer.body.message).toMatch(/^rpc error: code = InvalidArgument desc = /);
    expect(answer.body.message).toMatch(message);
    expect(answer.body.detail).toBe(answer.body.message);
  };

  it('accepts pageSize 100 and rejects 101', async () => {
    expect((await call(served.url, onlinePath(learnerUser.employeeID, 'page=1&pageSize=100'), { token })).status).toBe(200);
    await bad('page=1&pageSize=101', /pageSize must be between 1 and 100/);
  });
  it('rejects page 0 and pageSize 0', async () => {
    await bad('page=0&pageSize=10', /page must be greater than or equal to 1/);
    await bad('page=1&pageSize=0', /pageSize must be between 1 and 100/);
  });
  it('rejects missing page or pageSize', async () => {
    await bad('pageSize=10', /page is required/);
    await bad('page=1', /pageSize is required/);
    await bad('', /page is required/);
  });
  it('rejects non-integer values', async () => {
    await bad('page=abc&pageSize=10', /page must be an integer/);
    await bad('page=1&pageSize=1.5', /pageSize must be an integer/);
    await bad('page=-1&pageSize=10', /page must be an integer/);
    await bad('page=1&page=2&pageSize=10', /page must be an integer/);
  });
  it('validates paging on every list endpoint', async () => {
    for (const path of [webinarPath(learnerUser.employeeID, 'page=1&pageSize=101'), rosterPath('page=0&pageSize=10'), '/ruangkerja/dashboard/courses?page=1', `/ruangkerja/dashboard/courses/${sample.courseSerial}/batches?pageSize=5`, '/ruangkerja/users?page=x&pageSize=5']) {
      expect((await call(served.url, path, { token })).status).toBe(400);
    }
  });
});

describe('GET /ruangkerja/dashboard/users/:employeeID/courses/online', () => {
  it('answers data as a bare array of items shaped as the document', async () => {
    const answer = await call(served.url, onlinePath(learnerUser.employeeID), { token });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('success');
    expect(answer.body.message).toBe('Success');
    const items = answer.body.data as Json[];
    expect(Array.isArray(items)).toBe(true);
    expect(items).toHaveLength(learnerOnline.length);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(['course', 'postTest', 'preTest', 'timeSpent', 'completedAt', 'status']);
      expect(Object.keys(item.course as Json)).toEqual(['serial', 'name']);
      expect((item.course as Json).name).toMatch(/^\[ONLINE\] /);
      expect(item.postTest === null || typeof item.postTest === 'number').toBe(true);
      expect(item.preTest === null || typeof item.preTest === 'number').toBe(true);
      expect(typeof item.timeSpent).toBe('number');
      expect(item.completedAt === '' || /^\d{4}-\d{2}-\d{2}$/.test(item.completedAt as string)).toBe(true);
      expect(['not_started', 'completed', 'expired', 'failed', 'in_progress']).toContain(item.status);
    }
    expect(items[0]).toEqual({
      course: { serial: learnerOnline[0]?.courseSerial, name: courses.get(learnerOnline[0]?.courseSerial ?? '')?.name },
      postTest: learnerOnline[0]?.postTest,
      preTest: learnerOnline[0]?.preTest,
      timeSpent: learnerOnline[0]?.timeSpent,
      completedAt: learnerOnline[0]?.completedAt,
      status: learnerOnline[0]?.status,
    });
  });

  it('pages: a partial last page, then an empty array past the end', async () => {
    expect(learnerOnline.length).toBe(5);
    const page1 = await call(served.url, onlinePath(learnerUser.employeeID, 'page=1&pageSize=2'), { token });
    const page3 = await call(served.url, onlinePath(learnerUser.employeeID, 'page=3&pageSize=2'), { token });
    const page4 = await call(served.url, onlinePath(learnerUser.employeeID, 'page=4&pageSize=2'), { token });
    expect((page1.body.data as Json[]).length).toBe(2);
    expect(((page3.body.data as Json[])[0]?.course as Json).serial).toBe(learnerOnline[4]?.courseSerial);
    expect((page3.body.data as Json[]).length).toBe(1);
    expect(page4.status).toBe(200);
    expect(page4.body.data).toEqual([]);
  });

  it('answers the paged object when the envelope switch says so, at run time', async () => {
    options.envelope = { online: 'paged' };
    const answer = await call(served.url, onlinePath(learnerUser.employeeID, 'page=2&pageSize=2'), { token });
    const data = answer.body.data as Json;
    expect(Object.keys(data)).toEqual(['currentPage', 'totalItems', 'totalPage', 'items']);
    expect(data).toMatchObject({ currentPage: 2, totalItems: 5, totalPage: 3 });
    expect((data.items as Json[]).length).toBe(2);
    const past = await call(served.url, onlinePath(learnerUser.employeeID, 'page=9&pageSize=2'), { token });
    expect(past.body.data).toEqual({ currentPage: 9, totalItems: 5, totalPage: 3, items: [] });
  });

  it('answers an empty success for an unknown user', async () => {
    const answer = await call(served.url, onlinePath('EMP99999'), { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'success', message: 'Success', data: [] });
  });

  it('takes the user serial in the path when userKey is serial', async () => {
    options.userKey = 'serial';
    const bySerial = await call(served.url, onlinePath(learnerUser.serial), { token });
    expect((bySerial.body.data as Json[]).length).toBe(learnerOnline.length);
    const byEmployeeID = await call(served.url, onlinePath(learnerUser.employeeID), { token });
    expect(byEmployeeID.body.data).toEqual([]);
  });
});

describe('GET /ruangkerja/dashboard/users/:employeeID/courses/webinar', () => {
  it('answers the paged object with items shaped as the document', async () => {
    const answer = await call(served.url, webinarPath(learnerUser.employeeID), { token });
    expect(answer.status).toBe(200);
    const data = answer.body.data as Json;
    expect(data).toMatchObject({ currentPage: 1, totalItems: learnerWebinar.length, totalPage: 1 });
    const items = data.items as Json[];
    expect(items.length).toBeGreaterThanOrEqual(1);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(['course', 'batch', 'absentReason', 'assignedCourseSerial', 'feedback', 'isAttend', 'userAssignedStatus', 'postActivityStatus', 'postTestAttempt', 'postTestScore', 'postTestPassingScore']);
      expect(Object.keys(item.course as Json)).toEqual(['serial', 'name']);
      expect(Object.keys(item.batch as Json)).toEqual(['serial', 'name']);
      expect(typeof item.isAttend).toBe('boolean');
      expect(['Ongoing', 'Cleared', 'Failed']).toContain(item.userAssignedStatus);
      expect(['NOT STARTED', 'IN PROGRESS', 'COMPLETED', 'EXPIRED', '']).toContain(item.postActivityStatus);
      expect(typeof item.postTestAttempt).toBe('number');
      expect(typeof item.postTestScore).toBe('number');
      expect(item.postTestPassingScore === null || typeof item.postTestPassingScore === 'number').toBe(true);
    }
    expect(items.some((i) => (i.batch as Json).serial === sample.batchSerial)).toBe(true);
  });

  it('answers a bare array when the envelope switch says so', async () => {
    options.envelope = { webinar: 'array' };
    const answer = await call(served.url, webinarPath(learnerUser.employeeID), { token });
    expect(Array.isArray(answer.body.data)).toBe(true);
    expect((answer.body.data as Json[]).length).toBe(learnerWebinar.length);
  });
});

describe('GET /ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users', () => {
  it('answers the 150-person sample roster in roster order, 100 then a partial 50, then empty items', async () => {
    const page1 = await call(served.url, rosterPath('page=1&pageSize=100'), { token });
    const page2 = await call(served.url, rosterPath('page=2&pageSize=100'), { token });
    const page3 = await call(served.url, rosterPath('page=3&pageSize=100'), { token });
    const d1 = page1.body.data as Json;
    const d2 = page2.body.data as Json;
    expect(d1).toMatchObject({ currentPage: 1, totalItems: 150, totalPage: 2 });
    expect((d1.items as Json[]).length).toBe(100);
    expect(d2).toMatchObject({ currentPage: 2, totalItems: 150, totalPage: 2 });
    expect((d2.items as Json[]).length).toBe(50);
    expect(page3.body.data).toEqual({ currentPage: 3, totalItems: 150, totalPage: 2, items: [] });
    const all = [...(d1.items as Json[]), ...(d2.items as Json[])];
    expect(all.map((i) => (i.user as Json).serial)).toEqual(roster.map((a) => a.userSerial));
    const first = all[0] as Json;
    expect(Object.keys(first)).toEqual(['user', 'absentReason', 'assignedCourseSerial', 'feedback', 'isAttend', 'userAssignedStatus', 'postActivityStatus', 'postTestAttempt', 'postTestScore', 'postTestPassingScore']);
    expect(Object.keys(first.user as Json)).toEqual(['serial', 'name', 'employeeID']);
    expect(all.some((i) => (i.user as Json).employeeID === learner?.employeeID)).toBe(true);
  });

  it('answers 404 with the envelope for an unknown course or batch', async () => {
    const course = await call(served.url, rosterPath('page=1&pageSize=10', 'COURSE-NOPE0000'), { token });
    expect(course.status).toBe(404);
    expect(course.body.message).toMatch(/^rpc error: code = NotFound desc = /);
    expect(course.body.errorCode).toBe(5);
    const batch = await call(served.url, rosterPath('page=1&pageSize=10', sample.courseSerial, 'BATCH-NOPE0000'), { token });
    expect(batch.status).toBe(404);
    expect(batch.body.message).toMatch(/NotFound/);
  });

  it('follows the webinar envelope switch', async () => {
    options.envelope = { webinar: 'array' };
    const answer = await call(served.url, rosterPath('page=2&pageSize=100'), { token });
    expect((answer.body.data as Json[]).length).toBe(50);
  });
});

describe('catalogue and directory', () => {
  it('GET /ruangkerja/dashboard/courses lists and filters the catalogue', async () => {
    const all = await call(served.url, '/ruangkerja/dashboard/courses?page=1&pageSize=100', { token });
    const data = all.body.data as Json;
    expect(data).toMatchObject({ currentPage: 1, totalItems: 40, totalPage: 1 });
    const items = data.items as Json[];
    expect(Object.keys(items[0] as Json)).toEqual(['serial', 'name', 'category']);
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(['Online', 'Webinar', 'Offline']));
    const webinars = await call(served.url, '/ruangkerja/dashboard/courses?page=1&pageSize=100&category=Webinar', { token });
    expect(((webinars.body.data as Json).items as Json[]).every((i) => i.category === 'Webinar')).toBe(true);
    const sampleName = courses.get(sample.courseSerial)?.name ?? '';
    const needle = sampleName.slice(10, 18).toUpperCase();
    const named = await call(served.url, `/ruangkerja/dashboard/courses?page=1&pageSize=100&name=${encodeURIComponent(needle)}`, { token });
    const found = (named.body.data as Json).items as Json[];
    expect(found.some((i) => i.serial === sample.courseSerial)).toBe(true);
    expect(found.every((i) => (i.name as string).toUpperCase().includes(needle))).toBe(true);
    const page2 = await call(served.url, '/ruangkerja/dashboard/courses?page=2&pageSize=30', { token });
    expect(page2.body.data).toMatchObject({ currentPage: 2, totalItems: 40, totalPage: 2 });
    expect(((page2.body.data as Json).items as Json[]).length).toBe(10);
  });

  it('GET /ruangkerja/dashboard/courses/:courseSerial/batches lists batches with schedule fields', async () => {
    const answer = await call(served.url, `/ruangkerja/dashboard/courses/${sample.courseSerial}/batches?page=1&pageSize=10`, { token });
    const items = (answer.body.data as Json).items as Json[];
    const expected = dataset.ruangkerja.batches.filter((b) => b.courseSerial === sample.courseSerial);
    expect(items.map((i) => i.serial)).toEqual(expected.map((b) => b.serial));
    expect(Object.keys(items[0] as Json)).toEqual(['serial', 'name', 'mainActivityStartAt', 'mainActivityEndAt', 'postActivityStartAt', 'postActivityEndAt', 'platform', 'location', 'note', 'status']);
    for (const item of items) expect(['Completed', 'Ongoing']).toContain(item.status);
    const missing = await call(served.url, '/ruangkerja/dashboard/courses/COURSE-NOPE0000/batches?page=1&pageSize=10', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/NotFound/);
  });

  it('GET /ruangkerja/users finds by exact employeeID, name and email', async () => {
    const exact = await call(served.url, `/ruangkerja/users?page=1&pageSize=10&employeeID=${learnerUser.employeeID}`, { token });
    expect(exact.body.data).toEqual({
      currentPage: 1,
      totalItems: 1,
      totalPage: 1,
      items: [{ serial: learnerUser.serial, employeeID: learnerUser.employeeID, name: learnerUser.name, username: learnerUser.username, email: learnerUser.email, isActive: learnerUser.isActive, companyName: learnerUser.companyName }],
    });
    const partial = await call(served.url, `/ruangkerja/users?page=1&pageSize=10&employeeID=${learnerUser.employeeID.slice(0, 6)}`, { token });
    expect((partial.body.data as Json).totalItems).toBe(0);
    const byName = await call(served.url, `/ruangkerja/users?page=1&pageSize=100&name=${encodeURIComponent('müller')}`, { token });
    const names = ((byName.body.data as Json).items as Json[]).map((i) => i.name as string);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.toLowerCase().includes('müller'))).toBe(true);
    const byEmail = await call(served.url, `/ruangkerja/users?page=1&pageSize=10&email=${encodeURIComponent(learnerUser.email.toUpperCase())}`, { token });
    expect(((byEmail.body.data as Json).items as Json[]).map((i) => i.serial)).toEqual([learnerUser.serial]);
  });
});

describe('faults, latency and the request log', () => {
  const path = onlinePath(learnerUser.employeeID);

  it('injects an error status with the provider envelope, then recovers', async () => {
    controls.addFault({ provider: 'ruangkerja', endpoint: RUANGKERJA_PATHS.userOnlineCourses, kind: 'error', times: 1 });
    const failed = await call(served.url, path, { token });
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ errorCode: 14, message: 'rpc error: code = Unavailable desc = Injected upstream failure', detail: 'rpc error: code = Unavailable desc = Injected upstream failure' });
    controls.addFault({ provider: 'ruangkerja', kind: 'error', status: 500, times: 1 });
    expect((await call(served.url, path, { token })).status).toBe(500);
    expect((await call(served.url, path, { token })).status).toBe(200);
  });

  it('injects 429 with and without Retry-After', async () => {
    controls.addFault({ provider: 'ruangkerja', kind: 'rateLimit', retryAfterSeconds: 2, times: 1 });
    controls.addFault({ provider: 'ruangkerja', kind: 'rateLimit', times: 1 });
    const first = await call(served.url, path, { token });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.body.message).toMatch(/ResourceExhausted/);
    const second = await call(served.url, path, { token });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
  });

  it('hangs until the client gives up', async () => {
    controls.addFault({ provider: 'ruangkerja', kind: 'hang', times: 1 });
    const started = Date.now();
    await expect(fetch(served.url + path, { headers: { Authorization: token }, signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(controls.log.matching({ endpoint: RUANGKERJA_PATHS.userOnlineCourses })[0]?.status).toBe(0);
  });

  it('answers malformed JSON and truncated bodies', async () => {
    controls.addFault({ provider: 'ruangkerja', kind: 'malformedJson', times: 1 });
    const malformed = await fetch(served.url + path, { headers: { Authorization: token } });
    expect(malformed.status).toBe(200);
    expect(malformed.headers.get('content-type')).toMatch(/application\/json/);
    const text = await malformed.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    controls.addFault({ provider: 'ruangkerja', kind: 'truncated', times: 1 });
    await expect(fetch(served.url + path, { headers: { Authorization: token } }).then((res) => res.text())).rejects.toThrow();
  });

  it('answers a slow call as usual, later, and only the calls its rule counts', async () => {
    controls.addFault({ provider: 'ruangkerja', kind: 'slow', delayMs: 300, times: 1 });
    let started = Date.now();
    const slow = await call(served.url, path, { token });
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    const quick = await call(served.url, path, { token });
    expect(Date.now() - started).toBeLessThan(290);
    expect(slow.body).toEqual(quick.body);
  });

  it('applies latency', async () => {
    controls.setLatency(200, 0);
    const started = Date.now();
    expect((await call(served.url, path, { token })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('logs requests by endpoint template with their statuses', async () => {
    await call(served.url, path, { token });
    await call(served.url, onlinePath('EMP00002'), { token });
    await call(served.url, rosterPath('page=1&pageSize=100'), { token });
    await call(served.url, rosterPath('page=2&pageSize=100'), { token });
    await call(served.url, rosterPath('page=2&pageSize=100'));
    expect(controls.log.count({ provider: 'ruangkerja', endpoint: RUANGKERJA_PATHS.userOnlineCourses })).toBe(2);
    expect(controls.log.count({ provider: 'ruangkerja', endpoint: RUANGKERJA_PATHS.batchUsers, status: 200 })).toBe(2);
    expect(controls.log.count({ provider: 'ruangkerja', endpoint: RUANGKERJA_PATHS.batchUsers, status: 401 })).toBe(1);
    expect(controls.log.summary()).toEqual({
      [`ruangkerja GET ${RUANGKERJA_PATHS.userOnlineCourses}`]: 2,
      [`ruangkerja GET ${RUANGKERJA_PATHS.batchUsers}`]: 3,
    });
  });

  it('answers unknown routes with the error envelope', async () => {
    const answer = await call(served.url, '/ruangkerja/nothing', { token });
    expect(answer.status).toBe(404);
    expect(answer.body.message).toMatch(/NotFound/);
  });
});
