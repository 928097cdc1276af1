/**
 * When a query asks for people's names, the Ruangkerja lookup of someone Absorb does not know is
 * made beside SelfCommunity's member lists, not after them (src/loaders/people.ts, personExists):
 * the name needs it anyway, so the requests are the same and the wait is one round trip shorter.
 * Here SelfCommunity's member pages never answer (until their 1 s response timeout): the
 * directory lookups must go out long before that.
 */
import { SELFCOMMUNITY_PATHS } from '../../src/simulators/selfcommunity/paths.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { CACHE_ENABLED: 'false', UPSTREAM_RESPONSE_TIMEOUT_MS: '1000', UPSTREAM_RETRIES: '0' } });
  await stack.query('{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }');
});
afterAll(() => stack.close());

it("asks Ruangkerja's directory for people Absorb does not know without waiting for SelfCommunity", async () => {
  const { controls, dataset } = stack.simulators;
  controls.log.clear();
  controls.addFault({ provider: 'selfcommunity', endpoint: SELFCOMMUNITY_PATHS.courseUsers, kind: 'hang' });
  try {
    const ids = dataset.samples.teamEmployeeIDs.slice(0, 20);
    const result = await stack.query<{ users: ({ employeeID: string; name: string | null } | null)[] }>(
      'query ($ids: [ID!]!) { users(employeeIDs: $ids) { employeeID name } }',
      { ids },
    );
    expect(result.data?.users.length).toBe(ids.length);
  } finally {
    controls.clearFaults();
  }
  const memberPages = controls.log.matching({ provider: 'selfcommunity', endpoint: SELFCOMMUNITY_PATHS.courseUsers });
  const directory = controls.log.matching({ provider: 'ruangkerja', endpoint: '/ruangkerja/users' });
  expect(memberPages.length).toBeGreaterThan(0);
  expect(directory.length).toBeGreaterThan(0);
  const membersAskedAt = Math.min(...memberPages.map((entry) => entry.at));
  // Waiting for SelfCommunity would have put them a second (its timeout) after the member pages.
  for (const lookup of directory) expect(lookup.at - membersAskedAt).toBeLessThan(500);
});
