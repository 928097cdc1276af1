/**
 * 200 generated hostile requests, of every kind the limits exist for, sent 20 at a time: the
 * server answers each one with a client error (never a 5xx, never a hang), none of them reaches
 * an upstream, and afterwards it is still up and answering ordinary queries.
 */
import got from 'got';
import { startStack, type Stack } from '../helpers/stack.js';
import { postJson, rawPost, type RawResponse } from './support.js';

/** mulberry32: a small seeded generator, so a failure names a case that can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Send = (url: string) => Promise<RawResponse>;
interface HostileCase {
  kind: string;
  send: Send;
}

function generate(count: number, seed: number): HostileCase[] {
  const random = seeded(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const id = () => `EMP${String(int(1, 60)).padStart(5, '0')}`;
  const query = (text: string, variables?: unknown): Send => (url) => postJson(url, variables === undefined ? { query: text } : { query: text, variables });

  const makers: ((i: number) => HostileCase)[] = [
    () => {
      let body = 'employeeID';
      for (let d = int(5, 70); d > 0; d -= 1) body = `enrollments { nodes { user { ${body} } } }`;
      return { kind: 'deep', send: query(`{ user(employeeID: "${id()}") { ${body} } }`) };
    },
    () => {
      const n = int(31, 3000);
      return { kind: 'aliases', send: query(`{ ${Array.from({ length: n }, (_, k) => `a${k}: user(employeeID: "${id()}") { name }`).join(' ')} }`) };
    },
    () => ({ kind: 'huge first', send: query(`{ user(employeeID: "${id()}") { enrollments(first: ${int(1_000_000, 2_000_000_000)}) { nodes { id status course { name } } } } }`) }),
    () => ({ kind: 'int overflow', send: query(`{ user(employeeID: "${id()}") { enrollments(first: ${int(3, 9)}${'9'.repeat(int(10, 40))}) { totalCount } } }`) }),
    () => ({ kind: 'directives', send: query(`{ user(employeeID: "${id()}") ${'@skip(if: false) '.repeat(int(11, 400))} { name } }`) }),
    () => ({ kind: 'tokens', send: query(`{ service { ${'name '.repeat(int(1_001, 40_000))} } }`) }),
    () => ({ kind: 'fragment cycle', send: query(`query Q { user(employeeID: "${id()}") { ...A } } fragment A on User { name ...B } fragment B on User { email ...A }`) }),
    () => {
      // Each level spreads the previous twice: 2^levels fields if expanded naively.
      const levels = int(10, 30);
      const fragments = [`fragment L0 on Query { user(employeeID: "${id()}") { enrollments(first: 500) { nodes { id } } } }`];
      for (let l = 1; l <= levels; l += 1) fragments.push(`fragment L${l} on Query { ...L${l - 1} x${l}: user(employeeID: "${id()}") { enrollments(first: 500) { nodes { id } } } ...L${l - 1} }`);
      return { kind: 'fragment bomb', send: query(`query Bomb { ...L${levels} } ${fragments.join(' ')}`) };
    },
    () => ({ kind: 'team too large', send: query('query T($ids: [ID!]!) { users(employeeIDs: $ids) { name enrollments(first: 100) { nodes { id } } } }', { ids: Array.from({ length: int(501, 5000) }, id) }) }),
    () => ({ kind: 'wrong variable type', send: query('query U($id: ID!) { user(employeeID: $id) { name } }', { id: { $gt: '' } }) }),
    () => ({ kind: 'missing variable', send: query('query U($id: ID!) { user(employeeID: $id) { name } }') }),
    () => ({ kind: 'bad id', send: query(`{ user(employeeID: "${'x'.repeat(int(65, 20_000))}") { name } }`) }),
    () => ({ kind: 'injection in id', send: query(`{ user(employeeID: "../../admin?x=${int(0, 9)}") { name } }`) }),
    () => ({ kind: 'unknown field', send: query(`{ user(employeeID: "${id()}") { password${int(0, 9)} } }`) }),
    () => ({ kind: 'mutation', send: query('mutation { deleteEverything }') }),
    () => ({ kind: 'subscription', send: query('subscription { service { name } }') }),
    () => ({ kind: 'two operations, no name', send: query(`query A { user(employeeID: "${id()}") { name } } query B { service { name } }`) }),
    () => ({ kind: 'unknown operation name', send: (url) => postJson(url, { query: `query A { user(employeeID: "${id()}") { name } }`, operationName: 'Nope' }) }),
    () => ({ kind: 'syntax', send: query(`{ user(employeeID: "${id()}") { name ${'{'.repeat(int(1, 50))}`) }),
    () => {
      // Any proper prefix of a JSON object is invalid JSON.
      const full = JSON.stringify({ query: `{ user(employeeID: "${id()}") { name } }` });
      return { kind: 'malformed JSON', send: (url) => rawPost(url, full.slice(0, int(1, full.length - 1))) };
    },
    () => ({ kind: 'random bytes', send: (url) => rawPost(url, Buffer.from(Array.from({ length: int(1, 4096) }, () => int(0, 255)))) }),
    () => ({ kind: 'not an object', send: (url) => rawPost(url, JSON.stringify(random() < 0.5 ? 42 : 'query')) }),
    () => ({ kind: 'query not a string', send: (url) => postJson(url, { query: { toString: 'x' } }) }),
    () => ({ kind: 'batch', send: (url) => postJson(url, Array.from({ length: int(2, 200) }, () => ({ query: `{ user(employeeID: "${id()}") { name } }` }))) }),
    () => ({ kind: 'oversized body', send: query('{ service { name } }', { pad: 'y'.repeat(int(300_000, 3_000_000)) }) }),
    () => ({ kind: 'text/plain (CSRF)', send: (url) => rawPost(url, `{"query":"{ user(employeeID: \\"${id()}\\") { name } }"}`, { 'content-type': 'text/plain' }) }),
    () => ({ kind: 'deep list variable', send: query('query U($id: ID!) { user(employeeID: $id) { name } }', { id: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) as unknown }) }),
  ];
  return Array.from({ length: count }, (_, i) => {
    const maker = makers[i % makers.length];
    if (maker === undefined) throw new Error('no maker');
    return maker(i);
  });
}

describe('200 hostile requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ employees: 60 });
  });
  afterAll(() => stack.close());

  it('answers every one with a client error, reaches no upstream, and stays up', async () => {
    const cases = generate(200, 20240611);
    stack.resetLog();
    const outcomes: { kind: string; status: number; codes: unknown[]; ok: boolean }[] = [];
    for (let start = 0; start < cases.length; start += 20) {
      const answers = await Promise.all(
        cases.slice(start, start + 20).map(async ({ kind, send }) => {
          const response = await send(stack.server.url);
          let codes: unknown[] = [];
          try {
            codes = (response.json().errors ?? []).map((error) => error.extensions?.code);
          } catch {
            codes = [];
          }
          // A client error with a GraphQL-shaped body saying what is wrong: refused as a request
          // (4xx), or an argument refused by its resolver before any upstream call (200 with
          // BAD_USER_INPUT, as GraphQL answers execution errors).
          const refused = response.status >= 400 && response.status < 500 && codes.length > 0;
          const badInput = response.status === 200 && codes.length > 0 && codes.every((code) => code === 'BAD_USER_INPUT');
          return { kind, status: response.status, codes, ok: refused || badInput };
        }),
      );
      outcomes.push(...answers);
    }
    if (process.env.HOSTILE_REPORT) console.log(JSON.stringify([...new Set(outcomes.map((o) => `${o.kind}: ${o.status} ${o.codes.join(',')}`))], null, 1));
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes).toHaveLength(200);
    expect(stack.requests()).toEqual({});

    const health = await got(stack.server.url.replace('/graphql', '/healthz'));
    expect(health.statusCode).toBe(200);
    const ordinary = await postJson(stack.server.url, { query: '{ service { name } }' });
    expect(ordinary.json()).toEqual({ data: { service: { name: 'course-activity-graph' } } });
  }, 60_000);
});
