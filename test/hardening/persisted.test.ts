/**
 * Persisted operations: APQ works as Apollo Server provides it, and OPERATION_SAFELIST=true runs
 * only the safelisted operations (the dashboards' queries), however they are formatted, and
 * refuses anything else before execution.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse, print, stripIgnoredCharacters } from 'graphql';
import { buildSafelist, operationHashes } from '../../src/graphql/persisted.js';
import { DASHBOARD_QUERIES } from '../../src/graphql/safelist/dashboard-queries.js';
import { SAFELIST_DOCUMENTS } from '../../src/graphql/safelist/index.js';
import { SHARED_CONTRACT_FILE, contractQueries } from '../helpers/contract.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { postJson } from './support.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the safelist module', () => {
  it('holds exactly the contract queries', () => {
    const contracts = [SHARED_CONTRACT_FILE].filter((file) => existsSync(file));
    for (const file of contracts) expect(print(parse(DASHBOARD_QUERIES))).toBe(print(parse(readFileSync(file, 'utf8'))));
    const safelist = buildSafelist(SAFELIST_DOCUMENTS);
    expect(safelist.size).toBe(Object.keys(contractQueries()).length);
  });

  it('hashes an operation by its canonical print, so formatting does not matter', () => {
    const { LearnerDashboard } = contractQueries();
    if (LearnerDashboard === undefined) throw new Error('contract has no LearnerDashboard');
    const compact = operationHashes(parse(stripIgnoredCharacters(LearnerDashboard))).get('LearnerDashboard');
    expect(compact).toBe(operationHashes(parse(`# a comment\n${LearnerDashboard}\n\n`)).get('LearnerDashboard'));
    expect(buildSafelist(SAFELIST_DOCUMENTS).has(compact ?? '')).toBe(true);
  });
});

describe('automatic persisted queries', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ employees: 60 });
  });
  afterAll(() => stack.close());

  it('asks for the query once, then runs it by hash', async () => {
    const query = 'query Apq { service { name } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const unknown = (await postJson(stack.server.url, { extensions })).json();
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await postJson(stack.server.url, { query, extensions })).json()).toEqual({ data: { service: { name: 'course-activity-graph' } } });
    expect((await postJson(stack.server.url, { extensions })).json()).toEqual({ data: { service: { name: 'course-activity-graph' } } });
  });
});

describe('OPERATION_SAFELIST=true', () => {
  let stack: Stack;
  let learner: string;
  beforeAll(async () => {
    stack = await startStack({ employees: 60, env: { OPERATION_SAFELIST: 'true' } });
    learner = stack.simulators.dataset.samples.learnerEmployeeID;
  });
  afterAll(() => stack.close());

  async function refused(payload: Record<string, unknown>): Promise<void> {
    stack.resetLog();
    const response = await postJson(stack.server.url, payload);
    expect(response.status).toBe(400);
    expect(response.json().errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_SAFELISTED');
    expect(stack.requests()).toEqual({});
  }

  it('runs a dashboard query, compacted or sent within the whole contract file', async () => {
    const { LearnerDashboard } = contractQueries();
    const compact = await postJson(stack.server.url, { query: stripIgnoredCharacters(LearnerDashboard ?? ''), variables: { employeeID: learner } });
    expect(compact.status).toBe(200);
    expect(compact.json().errors).toBeUndefined();
    const whole = await postJson(stack.server.url, { query: DASHBOARD_QUERIES, operationName: 'LearnerDashboard', variables: { employeeID: learner } });
    expect(whole.json().errors).toBeUndefined();
  });

  it('refuses any other operation before execution', async () => {
    await refused({ query: `{ user(employeeID: "${learner}") { name } }` });
    // A dashboard query with one field more is another operation.
    const altered = (contractQueries().LearnerDashboard ?? '').replace('name', 'name id');
    await refused({ query: altered, variables: { employeeID: learner } });
  });

  it('refuses a non-safelisted query sent through APQ too', async () => {
    const query = `query Sneaky { user(employeeID: "${learner}") { email } }`;
    await refused({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
  });
});
