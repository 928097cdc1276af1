/**
 * A roster page shows the first 100 participants, which the roster's first upstream page holds:
 * their people are looked up as soon as that page is in, while the roster's other pages are still
 * being read for the summary (src/loaders/ruangkerja.ts, rosterHead). Every upstream answer here
 * waits 150 ms, and the roster's pages a whole second more, so "beside the second page" and "after
 * it" are a second apart however busy the machine is.
 */
import { contractQueries } from '../helpers/contract.js';
import { startStack, type Stack } from '../helpers/stack.js';

const LATENCY_MS = 150;
const ROSTER_PAGE_EXTRA_MS = 1_000;
const ROSTER = '/ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ latency: { fixedMs: LATENCY_MS, jitterMs: 0 }, env: { CACHE_ENABLED: 'false' } });
  await stack.query('{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }');
});
afterAll(() => stack.close());
afterEach(() => stack.simulators.controls.clearFaults());

it('looks the shown participants up once the first roster page is in, not after the last', async () => {
  const { controls, dataset } = stack.simulators;
  const { courseSerial, batchSerial } = dataset.samples.batch;
  controls.log.clear();
  controls.addFault({ provider: 'ruangkerja', endpoint: ROSTER, kind: 'slow', delayMs: ROSTER_PAGE_EXTRA_MS, times: 2 });
  const result = await stack.query<{ batch: { summary: { participants: number }; participants: { totalCount: number; pageInfo: { hasNextPage: boolean }; nodes: { user: { employeeID: string; name: string | null } }[] } } }>(
    contractQueries().BatchRoster!,
    { courseSerial, batchSerial },
  );
  expect(result.errors).toBeUndefined();
  const { summary, participants } = result.data!.batch;
  // The sample batch has more participants than one upstream page: the summary needs both pages.
  expect(summary.participants).toBeGreaterThan(100);
  expect(participants.totalCount).toBe(summary.participants);
  expect(participants.nodes.length).toBe(100);
  expect(participants.pageInfo.hasNextPage).toBe(true);
  expect(participants.nodes.every(({ user }) => user.name !== null)).toBe(true);

  const rosterPages = controls.log.matching({ provider: 'ruangkerja', endpoint: ROSTER });
  expect(rosterPages.map((entry) => new URL(entry.url, 'http://x').searchParams.get('page')).sort()).toEqual(['1', '2']);
  const lastRosterAnswer = Math.max(...rosterPages.map((entry) => entry.answeredAt));
  const absorbLookups = controls.log.matching({ provider: 'absorb', endpoint: '/users' });
  const lists = controls.log.matching({ provider: 'ruangkerja', endpoint: '/ruangkerja/dashboard/users/:employeeID/courses/online' });
  expect(absorbLookups.length).toBeGreaterThan(0);
  expect(lists.length).toBe(100);
  // Sent while the second roster page was still on its way: the Absorb lookup and the first lists
  // well before its answer (waiting for it would put every one of them after it).
  for (const entry of absorbLookups) expect(entry.at).toBeLessThan(lastRosterAnswer - ROSTER_PAGE_EXTRA_MS / 2);
  expect(Math.min(...lists.map((entry) => entry.at))).toBeLessThan(lastRosterAnswer - ROSTER_PAGE_EXTRA_MS / 2);
});

it('pages past the first upstream page, or across it, from the whole roster, in the same order', async () => {
  const { courseSerial, batchSerial } = stack.simulators.dataset.samples.batch;
  type Page = { batch: { participants: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { user: { employeeID: string } }[] } } };
  const page = async (first: number, after: string | null) => {
    const result = await stack.query<Page>(
      'query ($c: ID!, $b: ID!, $first: Int, $after: String) { batch(courseSerial: $c, batchSerial: $b) { participants(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { user { employeeID } } } } }',
      { c: courseSerial, b: batchSerial, first, after },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.batch.participants;
  };
  const whole = await page(200, null);
  const order = whole.nodes.map((node) => node.user.employeeID);
  expect(order.length).toBe(whole.totalCount);
  expect(whole.pageInfo.hasNextPage).toBe(false);

  // 100 from the first upstream page, then the rest.
  const first = await page(100, null);
  const rest = await page(100, first.pageInfo.endCursor);
  expect([...first.nodes, ...rest.nodes].map((node) => node.user.employeeID)).toEqual(order);
  expect(rest.pageInfo.hasNextPage).toBe(false);
  // Pages of 40: the third (80–119) straddles the upstream pages' boundary.
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 4; i++) {
    const next = await page(40, after);
    seen.push(...next.nodes.map((node) => node.user.employeeID));
    expect(next.totalCount).toBe(order.length);
    after = next.pageInfo.endCursor;
  }
  expect(seen).toEqual(order);
});
