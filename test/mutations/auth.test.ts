/**
 * Who may write: with caller authentication on, a mutation needs a bearer token with the
 * `learning:write` scope whose read scope holds the employee; everything else is FORBIDDEN before
 * any write (and, where the employee is in the arguments, before any upstream request at all).
 * Anonymous callers exist only where authentication is off, and may write in demo mode only.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { mayWrite } from '../../src/mutations/authorize.js';
import { ANONYMOUS_CALLER, apiKeyCaller, callerFromClaims } from '../../src/auth/caller.js';
import { createProviders } from '../../src/providers/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startSimulators, type RunningSimulators } from '../../src/simulators/index.js';
import { API_KEY } from '../hardening/support.js';
import { postGraphQL } from '../helpers/server.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { UNKNOWN_GUID, activeCourse, employeeOf, errorCodes, startWriteStack, token, userNotIn, type WriteStack } from './support.js';

/** One call of each mutation, with well-formed arguments. */
function everyMutation(employeeID: string, courseId: string): [string, string, Record<string, unknown>][] {
  const enrollment = `absorb:${UNKNOWN_GUID}`;
  return [
    ['enrollInCourse', 'mutation($e: ID!, $c: ID!) { enrollInCourse(userEmployeeID: $e, courseId: $c) { userErrors { code } } }', { e: employeeID, c: courseId }],
    ['updateCourseEnrollment', 'mutation($id: ID!) { updateCourseEnrollment(input: { enrollmentId: $id, score: 50 }) { userErrors { code } } }', { id: enrollment }],
    ['unenroll', 'mutation($id: ID!) { unenroll(enrollmentIds: [$id]) { userErrors { code } } }', { id: enrollment }],
    [
      'enrollInSession',
      'mutation($e: ID!, $c: ID!, $s: ID!) { enrollInSession(userEmployeeID: $e, courseId: $c, sessionId: $s) { userErrors { code } } }',
      { e: employeeID, c: courseId, s: `absorb:${UNKNOWN_GUID}` },
    ],
    ['startLessonAttempt', 'mutation($id: ID!, $l: ID!) { startLessonAttempt(enrollmentId: $id, lessonId: $l) { userErrors { code } } }', { id: enrollment, l: `absorb:${UNKNOWN_GUID}` }],
    [
      'finishLessonAttempt',
      'mutation($a: ID!, $id: ID!, $l: ID!) { finishLessonAttempt(attemptId: $a, input: { enrollmentId: $id, lessonId: $l, outcome: COMPLETED }) { userErrors { code } } }',
      { a: `absorb:${UNKNOWN_GUID}`, id: enrollment, l: `absorb:${UNKNOWN_GUID}` },
    ],
  ];
}

describe('with caller authentication on', () => {
  let stack: WriteStack;
  beforeAll(async () => {
    stack = await startWriteStack({ env: { API_KEYS: `dashboards:${API_KEY}` } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.resetLog());

  it('refuses every mutation to a token without learning:write, and to an API key: FORBIDDEN, no upstream request', async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 1);
    const reader = await token('learning:read:all');
    for (const [name, query, variables] of everyMutation('EMP00001', `absorb:${course.id}`)) {
      const asReader = await stack.send(query, variables, reader);
      expect([name, asReader.data, errorCodes(asReader)]).toEqual([name, null, ['FORBIDDEN']]);
      const asService = (await postGraphQL(stack.server.url, query, variables, { 'x-api-key': API_KEY })).body;
      expect([name, asService.data, errorCodes(asService)]).toEqual([name, null, ['FORBIDDEN']]);
    }
    expect(stack.requests()).toEqual({});
  });

  it("refuses a writer an employee outside their scope before any upstream request, and lets them enroll their own", async () => {
    const course = activeCourse(stack.data(), 'OnlineCourse', 2);
    const [mine, theirs] = [userNotIn(stack.data(), course), userNotIn(stack.data(), course, [userNotIn(stack.data(), course).id])];
    const learner = await token('learning:write', [employeeOf(mine!)], 'learner');
    const enroll = everyMutation(employeeOf(theirs!), `absorb:${course.id}`)[0]!;
    const refused = await stack.send(enroll[1], enroll[2], learner);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(stack.requests()).toEqual({});

    const allowed = await stack.send<{ enrollInCourse: { userErrors: unknown[] } }>(enroll[1], { ...enroll[2], e: employeeOf(mine!) }, learner);
    expect(allowed.data?.enrollInCourse.userErrors).toEqual([]);
  });

  it("refuses a writer another employee's enrollment: read to find its owner, never written", async () => {
    const other = stack.data().enrollments.find((e) => e.isActive && stack.data().users.some((u) => u.id === e.userId && u.employeeNumber !== null && u.employeeNumber !== 'EMP00001'));
    const learner = await token('learning:write', ['EMP00001'], 'learner');
    const result = await stack.send('mutation($id: ID!) { updateCourseEnrollment(input: { enrollmentId: $id, score: 99 }) { userErrors { code } } }', { id: `absorb:${other!.id}` }, learner);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(stack.absorbWrites()).toEqual({});
    expect(stack.data().enrollments.find((e) => e.id === other!.id)!.score).toBe(other!.score);
  });
});

describe('with caller authentication off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ employees: 60 });
  });
  afterAll(() => stack.close());

  it('refuses anonymous writes outside demo mode: FORBIDDEN, no upstream request', async () => {
    stack.resetLog();
    const [, query, variables] = everyMutation('EMP00001', `absorb:${UNKNOWN_GUID}`)[0]!;
    const result = await stack.query(query, variables);
    expect(errorCodes(result)).toEqual(['FORBIDDEN']);
    expect(result.errors![0]!.message).toMatch(/demo mode only/);
    expect(stack.requests()).toEqual({});
  });
});

describe('in demo mode', () => {
  let simulators: RunningSimulators;
  let server: RunningServer;
  beforeAll(async () => {
    simulators = await startSimulators({ employees: 60 });
    const config = loadConfig({ ...simulators.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test', AUTH_REQUIRED: 'false' });
    const logger = createLogger(config.logLevel);
    const { providers, close } = createProviders(config, logger);
    // The application's demo mode runs on simulators exactly like these; only its flag matters here.
    server = await startServer({
      config,
      logger,
      providers,
      app: { name: 'course-activity-graph', version: 'test', demoMode: true, configuredProviders: new Set(['ruangkerja', 'absorb', 'selfcommunity']) },
      readiness: [],
      closeables: [close],
    });
  });
  afterAll(async () => {
    await server.stop();
    await simulators.close();
  });

  it('lets the anonymous caller write', async () => {
    const data = simulators.dataset.absorb;
    const course = activeCourse(data, 'OnlineCourse', 1);
    const user = userNotIn(data, course);
    const [, query, variables] = everyMutation(employeeOf(user), `absorb:${course.id}`)[0]!;
    const result = (await postGraphQL<{ enrollInCourse: { userErrors: unknown[] } }>(server.url, query, variables)).body;
    expect(result).toEqual({ data: { enrollInCourse: { userErrors: [] } } });
    expect(data.enrollments.filter((e) => e.userId === user.id && e.courseId === course.id)).toHaveLength(1);
  });
});

describe('mayWrite', () => {
  it('needs learning:write, or the anonymous caller of demo mode', () => {
    const writer = callerFromClaims({ sub: 'w', scope: 'learning:write' });
    const reader = callerFromClaims({ sub: 'r', scope: 'learning:read:all' });
    expect([mayWrite(writer, false), mayWrite(writer, true)]).toEqual([true, true]);
    expect([mayWrite(reader, false), mayWrite(reader, true)]).toEqual([false, false]);
    expect([mayWrite(apiKeyCaller('svc'), false), mayWrite(apiKeyCaller('svc'), true)]).toEqual([false, false]);
    expect([mayWrite(ANONYMOUS_CALLER, false), mayWrite(ANONYMOUS_CALLER, true)]).toEqual([false, true]);
  });
});
