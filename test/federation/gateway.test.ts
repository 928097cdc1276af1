/**
 * Our subgraph and the example HR subgraph behind an @apollo/gateway on the committed
 * supergraph.graphql: a query that crosses both is answered from the dataset, and costs the
 * upstreams exactly what asking our server for the same people directly costs.
 */
import { MinimumRequests } from '../../bench/minimum.js';
import { Expectations } from '../helpers/expected.js';
import { postGraphQL } from '../helpers/server.js';
import { API_KEY, AUDIENCE, ISSUER, JWT_SECRET, signHs256 } from '../hardening/support.js';
import { startFederation, type Federation } from './federation.js';

const TEAM_LEARNING = /* GraphQL */ `
  query TeamLearning($managerID: ID!) {
    team(managerID: $managerID) {
      employeeID
      department
      manager { employeeID }
      name
      summary { total completed }
    }
  }
`;

interface Member {
  employeeID: string;
  department: string | null;
  manager: { employeeID: string } | null;
  name: string | null;
  summary: { total: number; completed: number };
}

/** A dashboard back end: its API key reads every employee; the gateway forwards it as sent. */
const DASHBOARD = { authorization: `Bearer ${API_KEY}` };
/** Well beyond what 50 people cost here (under a second), well within jest's timeout. */
const TIME_BOUND_MS = 10_000;

let federation: Federation;
let expected: Expectations;
let minimum: MinimumRequests;
let managerID: string;

beforeAll(async () => {
  federation = await startFederation({
    CACHE_ENABLED: 'false',
    AUTH_REQUIRED: 'true',
    API_KEYS: `dashboard:${API_KEY}`,
    AUTH_JWT_SECRET: JWT_SECRET,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_ISSUER: ISSUER,
  });
  const { dataset } = federation.stack.simulators;
  expected = new Expectations(dataset);
  minimum = new MinimumRequests(dataset, federation.stack.simulators.urls.absorb);
  managerID = dataset.samples.learnerEmployeeID;
  // Log in to Ruangkerja and Absorb first: the minimum counts assume a process already logged in.
  const warmUp = await federation.query('{ a: user(employeeID: "EMP00002") { name } b: batch(courseSerial: "NONE", batchSerial: "NONE") { id } }', {}, DASHBOARD);
  expect(warmUp.errors).toBeUndefined();
});
afterAll(() => federation.close());
beforeEach(() => {
  federation.stack.resetLog();
  federation.resetFetches();
});

it('answers a team with HR departments and our course summaries, at the TeamDashboard minimum of upstream requests', async () => {
  const team = federation.hr.directory.team(managerID);
  // HR's team of the sample learner is the dataset's sample team (50 people, one of them known to no provider).
  expect(team).toEqual(federation.stack.simulators.dataset.samples.teamEmployeeIDs);

  const started = Date.now();
  const result = await federation.query<{ team: (Member | null)[] }>(TEAM_LEARNING, { managerID }, DASHBOARD);
  const elapsed = Date.now() - started;

  expect(result.errors).toBeUndefined();
  expect(result.data?.team).toEqual(
    team.map((employeeID) => {
      // Like users(employeeIDs:), a person no learning platform knows is null: the reference resolves to nothing.
      if (!expected.exists(employeeID)) return null;
      const summary = expected.summary(expected.userEnrollments(employeeID));
      return {
        employeeID,
        department: federation.hr.directory.get(employeeID)?.department,
        manager: { employeeID: managerID },
        name: expected.name(employeeID),
        summary: { total: summary.total, completed: summary.completed },
      };
    }),
  );
  expect(result.data?.team.filter((member) => member === null)).toHaveLength(team.filter((id) => !expected.exists(id)).length);
  // One fetch per subgraph: HR's team, then all 50 references in one `_entities` request.
  expect(federation.fetches()).toEqual({ hr: 1, learning: 1 });
  expect(federation.stack.requests()).toEqual(minimum.teamDashboard(team));
  expect(elapsed).toBeLessThan(TIME_BOUND_MS);
});

it('costs the same through the gateway as users(employeeIDs:) asked of our server directly', async () => {
  const team = federation.hr.directory.team(managerID);
  const viaGateway = await federation.query(TEAM_LEARNING, { managerID }, DASHBOARD);
  expect(viaGateway.errors).toBeUndefined();
  const gatewayCost = federation.stack.requests();

  federation.stack.resetLog();
  const direct = await postGraphQL(
    federation.stack.server.url,
    'query($ids: [ID!]!) { users(employeeIDs: $ids) { employeeID name summary { total completed } } }',
    { ids: team },
    DASHBOARD,
  );
  expect(direct.body.errors).toBeUndefined();
  expect(gatewayCost).toEqual(federation.stack.requests());
});

it('forwards the caller: a manager whose token names three team members reads their learning, and is refused the rest', async () => {
  const team = federation.hr.directory.team(managerID);
  const inScope = team.filter((id) => expected.exists(id)).slice(0, 3);
  const token = await signHs256({ sub: 'manager-1', employee_ids: inScope });

  const result = await federation.query<{ team: Pick<Member, 'employeeID' | 'department' | 'name'>[] }>(
    'query($managerID: ID!) { team(managerID: $managerID) { employeeID department name } }',
    { managerID },
    { authorization: `Bearer ${token}` },
  );

  // HR's own fields are HR's business; ours are answered for the three and refused, one by one, for the rest.
  expect(result.data?.team).toEqual(
    team.map((employeeID) => ({
      employeeID,
      department: federation.hr.directory.get(employeeID)?.department,
      name: inScope.includes(employeeID) ? expected.name(employeeID) : null,
    })),
  );
  const outOfScope = team.flatMap((id, index) => (inScope.includes(id) ? [] : [index]));
  expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual(outOfScope.map((index) => [['team', index], 'FORBIDDEN']));
  // Nobody outside the scope was looked up: one Absorb user lookup, for the three (all in Absorb).
  expect(federation.stack.requests()).toEqual({ 'absorb GET /users': 1 });
});
