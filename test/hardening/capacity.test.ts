/**
 * LIMIT_MAX_IN_FLIGHT over real HTTP: past the bound a request is refused at once with 503,
 * Retry-After and SERVER_BUSY, the admitted ones finish untouched, and a slot comes back when its
 * response is sent or its client goes away.
 */
import { startStack, type Stack } from '../helpers/stack.js';
import { postJson } from './support.js';

const QUERY = { query: 'query Person($id: ID!) { user(employeeID: $id) { employeeID name } }' };
const person = (id: string) => ({ ...QUERY, variables: { id } });

describe('requests in flight (LIMIT_MAX_IN_FLIGHT=2)', () => {
  let stack: Stack;
  let metricsUrl: string;

  beforeAll(async () => {
    // Every upstream answer waits 300 ms, so admitted requests stay in flight long enough to fill the bound.
    stack = await startStack({ employees: 20, latency: { fixedMs: 300, jitterMs: 0 }, env: { LIMIT_MAX_IN_FLIGHT: '2' } });
    metricsUrl = stack.server.url.replace(/\/graphql$/, '/metrics');
  });
  afterAll(() => stack.close());

  async function metric(line: RegExp): Promise<number> {
    const text = await (await fetch(metricsUrl)).text();
    const match = line.exec(text);
    return match === null ? 0 : Number(match[1]);
  }
  const inFlight = () => metric(/^graphql_requests_in_flight (\d+)$/m);
  const refusedBusy = () => metric(/^graphql_requests_rejected_total\{reason="busy"\} (\d+)$/m);

  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('condition not met within 2 s');
  }

  it('refuses the request past the bound with 503, and answers the admitted ones in full', async () => {
    const refusedBefore = await refusedBusy();
    const first = postJson(stack.server.url, person('EMP00001'));
    const second = postJson(stack.server.url, person('EMP00002'));
    await until(async () => (await inFlight()) === 2);

    const third = await postJson(stack.server.url, person('EMP00003'));
    expect(third.status).toBe(503);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.headers['content-type']).toMatch(/^application\/json/);
    const body = third.json();
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('SERVER_BUSY');
    expect(body.errors?.[0]?.message).toMatch(/at once \(2\): retry in a moment/);

    for (const [response, id] of [
      [await first, 'EMP00001'],
      [await second, 'EMP00002'],
    ] as const) {
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ data: { user: { employeeID: id, name: expect.any(String) } } });
    }
    expect(await refusedBusy()).toBe(refusedBefore + 1);
    await until(async () => (await inFlight()) === 0);

    const after = await postJson(stack.server.url, person('EMP00003'));
    expect(after.status).toBe(200);
  });

  it('gives a slot back when its client goes away before the answer', async () => {
    const aborts = [new AbortController(), new AbortController()];
    const abandoned = aborts.map((abort, i) =>
      fetch(stack.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(person(`EMP0000${i + 4}`)), signal: abort.signal }).catch(
        (error: unknown) => error,
      ),
    );
    await until(async () => (await inFlight()) === 2);
    for (const abort of aborts) abort.abort();
    await Promise.all(abandoned);
    await until(async () => (await inFlight()) === 0);

    const [one, two] = await Promise.all([postJson(stack.server.url, person('EMP00006')), postJson(stack.server.url, person('EMP00007'))]);
    expect([one.status, two.status]).toEqual([200, 200]);
  });

  it('does not count what is not a GraphQL request: health, readiness and metrics answer when it is full', async () => {
    const held = [postJson(stack.server.url, person('EMP00008')), postJson(stack.server.url, person('EMP00009'))];
    await until(async () => (await inFlight()) === 2);
    const base = stack.server.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await Promise.all(held)).map((response) => response.status)).toEqual([200, 200]);
  });
});
