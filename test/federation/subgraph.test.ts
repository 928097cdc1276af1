/**
 * Our server as a federation subgraph, asked directly the way a router asks it: `_entities` for
 * each entity type, through the same lookups (and at the same cost) as the matching Query fields,
 * and `_service { sdl }`, which must compose into the committed supergraph.graphql.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, composeSubgraphs } from '../../scripts/drift.js';
import { hrTypeDefs } from '../fixtures/hr-subgraph/server.js';
import { startStack, type Stack } from '../helpers/stack.js';

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on User { employeeID name }
      ... on Course { id name kind }
      ... on Batch { id name course { id } }
      ... on Session { id name course { id } }
      ... on Enrollment { id status course { id } }
    }
  }
`;

type Entity = Record<string, unknown> | null;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { CACHE_ENABLED: 'false' } });
  // Log in to Ruangkerja and Absorb first, so neither login lands in a measured request.
  await stack.query('{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }');
});
afterAll(() => stack.close());
beforeEach(() => stack.resetLog());

it('resolves 100 User references at exactly the upstream cost of users(employeeIDs:) with the same 100 ids', async () => {
  const ids = stack.simulators.dataset.people.slice(0, 100).map((person) => person.employeeID);

  const references = await stack.query<{ _entities: Entity[] }>(
    'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { employeeID } } }',
    { representations: ids.map((employeeID) => ({ __typename: 'User', employeeID })) },
  );
  const referenceCost = stack.requests();
  stack.resetLog();
  const users = await stack.query<{ users: Entity[] }>('query($ids: [ID!]!) { users(employeeIDs: $ids) { employeeID } }', { ids });

  expect(references.errors).toBeUndefined();
  expect(users.errors).toBeUndefined();
  // The same answer (null for the people no provider knows), at the same cost, request for request.
  expect(references.data?._entities).toEqual(users.data?.users);
  expect(references.data?._entities).toContain(null);
  expect(referenceCost).toEqual(stack.requests());
  // Batched, not one lookup per reference: 100 Absorb lookups fit in one filtered request.
  expect(referenceCost['absorb GET /users']).toBe(1);
});

it('resolves a reference to every entity type as the matching Query field does', async () => {
  const { samples, absorb } = stack.simulators.dataset;
  const session = absorb.sessions.find((s) => s.courseId === samples.absorbIlcCourseId)!;
  const enrollmentId = `absorb:${samples.absorbEnrollmentId}`;
  const representations = [
    { __typename: 'Course', id: `absorb:${samples.absorbCourseId}` },
    { __typename: 'Batch', id: `ruangkerja:${samples.batch.courseSerial}:${samples.batch.batchSerial}` },
    { __typename: 'Session', id: `absorb:${session.id}` },
    { __typename: 'Enrollment', id: enrollmentId },
    { __typename: 'AbsorbCourseEnrollment', id: enrollmentId },
  ];
  const result = await stack.query<{ _entities: Entity[] }>(ENTITIES, { representations });
  const direct = await stack.query<Record<string, Entity>>(
    `query($course: ID!, $courseSerial: ID!, $batchSerial: ID!, $session: ID!, $enrollment: ID!) {
      course(id: $course) { __typename id name kind }
      batch(courseSerial: $courseSerial, batchSerial: $batchSerial) { __typename id name course { id } }
      session(id: $session) { __typename id name course { id } }
      enrollment(id: $enrollment) { __typename id status course { id } }
    }`,
    { course: representations[0]!.id, ...samples.batch, session: representations[2]!.id, enrollment: enrollmentId },
  );

  expect(result.errors).toBeUndefined();
  expect(direct.errors).toBeUndefined();
  expect(Object.values(direct.data!)).not.toContain(null);
  const { course, batch, session: directSession, enrollment } = direct.data!;
  expect(result.data?._entities).toEqual([course, batch, directSession, enrollment, enrollment]);
  expect(enrollment).toMatchObject({ __typename: 'AbsorbCourseEnrollment', id: enrollmentId });
});

it('answers a bad or mismatched reference with null and its own error, and the others still resolve', async () => {
  const { samples } = stack.simulators.dataset;
  const courseId = `absorb:${samples.absorbCourseId}`;
  const result = await stack.query<{ _entities: Entity[] }>(ENTITIES, {
    representations: [
      { __typename: 'Course', id: 'not-a-course-id' },
      { __typename: 'Course', id: courseId },
      // An Absorb enrollment's id handed over as a Ruangkerja webinar enrollment: nothing answers to it.
      { __typename: 'WebinarEnrollment', id: `absorb:${samples.absorbEnrollmentId}` },
      { __typename: 'User', employeeID: 'not an id' },
    ],
  });

  expect(result.data?._entities).toEqual([null, expect.objectContaining({ __typename: 'Course', id: courseId }), null, null]);
  expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
    [['_entities', 0], 'BAD_USER_INPUT'],
    [['_entities', 3], 'BAD_USER_INPUT'],
  ]);
});

it('serves the SDL that composes, with the HR subgraph, into exactly the committed supergraph.graphql', async () => {
  const result = await stack.query<{ _service: { sdl: string } }>('{ _service { sdl } }');
  expect(result.errors).toBeUndefined();

  const composed = composeSubgraphs(result.data!._service.sdl, hrTypeDefs());

  expect(composed).toEqual({ ok: true, supergraphSdl: readFileSync(join(ROOT, 'supergraph.graphql'), 'utf8') });
});
