/**
 * Query limits over real HTTP: each hostile request is refused before execution with a clear
 * error, and costs zero upstream requests. The dashboards' own queries stay well inside them.
 */
import { parse, separateOperations, specifiedRules, validate } from 'graphql';
import { loadConfig } from '../../src/config.js';
import { armorProtection, queryCost } from '../../src/graphql/limits.js';
import { buildSchema } from '../../src/schema.js';
import type { RunningServer } from '../../src/server.js';
import { contractQueries } from '../helpers/contract.js';
import { startTestServer, testConfig } from '../helpers/server.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { postJson, rawPost, type RawResponse } from './support.js';

function nested(depth: number): string {
  // user → enrollments → nodes → user → … : a cycle the schema allows, repeated to `depth` fields.
  let body = 'employeeID';
  let fields = 1;
  while (fields + 3 <= depth) {
    body = `enrollments { nodes { user { ${body} } } }`;
    fields += 3;
  }
  return `query Deep { user(employeeID: "EMP00001") { ${body} } }`;
}

function aliases(count: number): string {
  return `query Aliased { ${Array.from({ length: count }, (_, i) => `a${i}: user(employeeID: "EMP0000${i % 10}") { employeeID }`).join(' ')} }`;
}

describe('query limits', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ employees: 60 });
  });
  afterAll(() => stack.close());

  async function refusedBeforeExecution(send: () => Promise<RawResponse>, expected: { status: number; code: string | string[]; message: RegExp }): Promise<void> {
    stack.resetLog();
    const response = await send();
    expect(response.status).toBe(expected.status);
    const body = response.json();
    expect(body.data ?? null).toBeNull();
    const codes = Array.isArray(expected.code) ? expected.code : [expected.code];
    expect(codes).toContain(body.errors?.[0]?.extensions?.code);
    expect(body.errors?.[0]?.message).toMatch(expected.message);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.[jt]s:\d+/);
    expect(stack.requests()).toEqual({});
  }

  it('refuses a query 50 fields deep', () =>
    refusedBeforeExecution(() => postJson(stack.server.url, { query: nested(50) }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /depth/i }));

  it('refuses 1,000 aliases (the token limit stops the document first)', () =>
    refusedBeforeExecution(() => postJson(stack.server.url, { query: aliases(1000) }), { status: 400, code: ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'], message: /token|alias/i }));

  it('refuses more aliases than the limit (31) in a short document', () =>
    refusedBeforeExecution(() => postJson(stack.server.url, { query: aliases(31) }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /aliases/i }));

  it('refuses first: 1000000 on its cost', () =>
    refusedBeforeExecution(
      () => postJson(stack.server.url, { query: 'query Big($id: ID!) { user(employeeID: $id) { enrollments(first: 1000000) { totalCount nodes { id } } } }', variables: { id: 'EMP00001' } }),
      { status: 400, code: 'QUERY_TOO_COSTLY', message: /cost .* exceeds the limit of 250000/ },
    ));

  it('refuses a 5 MB body with 413', () =>
    refusedBeforeExecution(() => postJson(stack.server.url, { query: '{ service { name } }', variables: { padding: 'x'.repeat(5 * 1024 * 1024) } }), {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: /larger than the limit/,
    }));

  it('refuses a malformed JSON body with 400', () =>
    refusedBeforeExecution(() => rawPost(stack.server.url, '{"query": "{ user(employeeID: \\"EMP00001\\") { name } }"'), { status: 400, code: 'BAD_REQUEST', message: /not valid JSON/ }));

  it('refuses a batch of operations', () =>
    refusedBeforeExecution(() => postJson(stack.server.url, [{ query: '{ user(employeeID: "EMP00001") { name } }' }, { query: '{ user(employeeID: "EMP00002") { name } }' }]), {
      status: 400,
      code: 'BATCHING_NOT_ALLOWED',
      message: /one operation per request/,
    }));

  it('refuses a directive flood', () =>
    refusedBeforeExecution(() => postJson(stack.server.url, { query: `{ user(employeeID: "EMP00001") ${'@include(if: true) '.repeat(20)} { name } }` }), {
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: /directives/i,
    }));

  it('refuses a long token stream', () =>
    refusedBeforeExecution(() => postJson(stack.server.url, { query: `{ user(employeeID: "EMP00001") { ${'name '.repeat(1200)} } }` }), {
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
      message: /more th(?:an|at) 1000 tokens/,
    }));

  it('still answers an ordinary query after all that', async () => {
    const response = await postJson(stack.server.url, { query: '{ service { name } }' });
    expect(response.json()).toEqual({ data: { service: { name: 'course-activity-graph' } } });
  });
});

describe('field suggestions', () => {
  let production: RunningServer;
  let development: RunningServer;
  beforeAll(async () => {
    production = await startTestServer({ config: testConfig({ NODE_ENV: 'production' }) });
    development = await startTestServer();
  });
  afterAll(async () => {
    await production.stop();
    await development.stop();
  });

  it('hides "Did you mean" in production (introspection off), keeps it in development', async () => {
    const prod = (await postJson(production.url, { query: '{ servic { name } }' })).json();
    const dev = (await postJson(development.url, { query: '{ servic { name } }' })).json();
    expect(prod.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(dev.errors?.[0]?.message).toMatch(/Did you mean "service"/);
  });
});

describe('the dashboards within the limits', () => {
  const schema = buildSchema();
  const config = loadConfig({});
  const { validationRules } = armorProtection({ limits: config.limits, blockFieldSuggestions: false });

  it('every contract query passes depth, alias and directive rules', () => {
    for (const [name, query] of Object.entries(contractQueries())) {
      expect([name, validate(schema, parse(query), [...specifiedRules, ...validationRules])]).toEqual([name, []]);
    }
  });

  it('every contract query costs less than the limit, a team of 500 included', () => {
    const team = Array.from({ length: 500 }, (_, i) => `EMP${String(i + 1).padStart(5, '0')}`);
    const costs = Object.fromEntries(
      Object.entries(separateOperations(parse(Object.values(contractQueries()).join('\n')))).map(([name, document]) => [
        name,
        queryCost(schema, document, name === 'TeamDashboard' ? { employeeIDs: team } : { employeeID: 'EMP00001', id: 'x', courseSerial: 'a', batchSerial: 'b' }, name),
      ]),
    );
    for (const [name, cost] of Object.entries(costs)) expect([name, cost <= config.limits.maxCost]).toEqual([name, true]);
    // The weighting is real: the team of 500 costs far more than one learner.
    expect(costs.TeamDashboard).toBeGreaterThan(20 * (costs.LearnerDashboard ?? 0));
  });
});
