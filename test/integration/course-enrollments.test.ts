/**
 * A course's enrollments come in id order, like every enrollment list, whatever order the provider
 * lists them in (SelfCommunity by when members joined, a webinar course roster after roster), so a
 * page follows the one before it. A SelfCommunity member is the employee whose employeeID equals
 * the username in any case: their User is the one `user(employeeID:)` gives, with Absorb's name.
 */
import { Expectations } from '../helpers/expected.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
let expected: Expectations;

beforeAll(async () => {
  stack = await startStack({ env: { CACHE_ENABLED: 'false' } });
  expected = new Expectations(stack.simulators.dataset);
});
afterAll(() => stack.close());

type Node = { id: string; user: { id: string; employeeID: string; name: string | null } | null };
type Page = { course: { enrollments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Node[] } } };
const PAGE_QUERY = `query ($id: ID!, $first: Int, $after: String) {
  course(id: $id) { enrollments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id user { id employeeID name } } } }
}`;

async function page(id: string, first: number, after: string | null = null) {
  const result = await stack.query<Page>(PAGE_QUERY, { id, first, after });
  expect(result.errors).toBeUndefined();
  return result.data!.course.enrollments;
}

const inIdOrder = (ids: readonly string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The employee a username names, as Absorb spells their employeeID; the username itself when Absorb does not know them. */
function employeeOfUsername(username: string): string {
  const person = stack.simulators.dataset.people.find((p) => p.employeeID.toLowerCase() === username.toLowerCase());
  return person !== undefined && expected.absorbUser(person.employeeID) !== null ? person.employeeID : username;
}

describe("a SelfCommunity course's enrollments", () => {
  const courseId = () => `selfcommunity:${stack.simulators.dataset.samples.communityCourseId}`;

  it('come in id order, not in the order members joined, and page by page the same', async () => {
    const whole = await page(courseId(), 500);
    const ids = whole.nodes.map((node) => node.id);
    expect(ids.length).toBe(whole.totalCount);
    expect(ids.length).toBeGreaterThan(20);
    expect(ids).toEqual(inIdOrder(ids));

    const first = await page(courseId(), 10);
    const second = await page(courseId(), 10, first.pageInfo.endCursor);
    expect([...first.nodes, ...second.nodes].map((node) => node.id)).toEqual(ids.slice(0, 20));
  });

  it("name the employee as Absorb spells their employeeID, in one batched Absorb lookup", async () => {
    const { dataset, controls } = stack.simulators;
    controls.log.clear();
    const whole = await page(courseId(), 500);
    const membersById = new Map(dataset.selfcommunity.members.map((member) => [`selfcommunity:${member.courseId}:${member.id}`, member]));
    let respelled = 0;
    for (const node of whole.nodes) {
      const member = membersById.get(node.id)!;
      const employeeID = employeeOfUsername(member.username);
      if (employeeID !== member.username) respelled += 1;
      expect(node.user).toEqual({ id: `user:${employeeID}`, employeeID, name: expected.name(employeeID) ?? (member.real_name || null) });
    }
    // The sample course has members whose username is their employeeID in another case.
    expect(respelled).toBeGreaterThan(0);
    const userLookups = controls.log.count({ provider: 'absorb', endpoint: '/users' });
    expect(userLookups).toBeGreaterThan(0);
    expect(userLookups).toBeLessThanOrEqual(Math.ceil(whole.nodes.length / 20));
  });

  it('give one membership the same User by its id as through its employee', async () => {
    const { dataset } = stack.simulators;
    const { communityCourseId } = dataset.samples;
    const member = dataset.selfcommunity.members.find(
      (m) => m.courseId === communityCourseId && m.username !== m.username.toUpperCase() && employeeOfUsername(m.username) !== m.username,
    )!;
    const employeeID = employeeOfUsername(member.username);
    const id = `selfcommunity:${communityCourseId}:${member.id}`;
    const result = await stack.query<{ enrollment: { user: Node['user'] }; user: { enrollments: { nodes: Node[] } } }>(
      'query ($id: ID!, $e: ID!) { enrollment(id: $id) { user { id employeeID name } } user(employeeID: $e) { enrollments(provider: [SELFCOMMUNITY]) { nodes { id user { id employeeID name } } } } }',
      { id, e: employeeID },
    );
    expect(result.errors).toBeUndefined();
    const throughEmployee = result.data!.user.enrollments.nodes.find((node) => node.id === id);
    expect(throughEmployee).toBeDefined();
    expect(result.data!.enrollment.user).toEqual(throughEmployee!.user);
    expect(result.data!.enrollment.user).toEqual({ id: `user:${employeeID}`, employeeID, name: expected.name(employeeID) });
  });
});

it("a webinar course's enrollments come in id order, not roster after roster", async () => {
  const courseId = `ruangkerja:${stack.simulators.dataset.samples.batch.courseSerial}`;
  const whole = await page(courseId, 500);
  const ids = whole.nodes.map((node) => node.id);
  expect(ids.length).toBe(whole.totalCount);
  expect(ids).toEqual(inIdOrder(ids));
  const first = await page(courseId, 100);
  const second = await page(courseId, 100, first.pageInfo.endCursor);
  expect([...first.nodes, ...second.nodes].map((node) => node.id)).toEqual(ids.slice(0, 200));
});
