/**
 * `npm run bench:transport`: the CPU one upstream call costs this process, through the server's
 * transport (src/providers/http/attempt.ts, Node's http module) and through got 14 configured as
 * that transport used to configure it. Both send the same GET over the same keep-alive agent to a
 * local server answering the same small JSON list, 100 calls in flight at a time, as a dashboard
 * query's fan-out does. The figure includes the local server's share, which is the same for both.
 *
 * This is the measurement behind the transport choice in docs/architecture.md ("Upstream transport").
 */
import { Agent as HttpAgent, createServer } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import got from 'got';
import { sendOnce } from '../src/providers/http/attempt.js';
import { median } from './load.js';

const CALLS = 5_000;
const IN_FLIGHT = 100;
const ROUNDS = 3;

const body = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `course ${i}`, status: 'completed' })) });
const server = createServer((_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/users/EMP00001/courses?page=1`);
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: IN_FLIGHT }), https: new HttpsAgent({ keepAlive: true }) };
const timeouts = { connectMs: 2_000, responseMs: 5_000, requestMs: 10_000 };

const transports: Record<string, () => Promise<unknown>> = {
  'node:http (attempt.ts)': () =>
    sendOnce({ url, method: 'GET', headers: { accept: 'application/json' }, json: undefined, agents, timeouts, maxResponseBytes: 32 << 20, signal: new AbortController().signal }),
  'got 14': () =>
    got(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      agent: agents,
      http2: false,
      timeout: { connect: timeouts.connectMs, response: timeouts.responseMs, request: timeouts.requestMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'buffer',
      signal: new AbortController().signal,
    }).then((response) => JSON.parse(response.body.toString('utf8')) as unknown),
};

/** CPU microseconds per call, over CALLS calls with IN_FLIGHT at a time. */
async function measure(call: () => Promise<unknown>): Promise<{ cpuUs: number; wallUs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let sent = 0; sent < CALLS; sent += IN_FLIGHT) await Promise.all(Array.from({ length: IN_FLIGHT }, call));
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / CALLS, wallUs: ((performance.now() - started) * 1000) / CALLS };
}

const results = new Map<string, number[]>();
for (const call of Object.values(transports)) await measure(call); // warm-up: JIT, sockets
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, call] of Object.entries(transports)) {
    const { cpuUs } = await measure(call);
    results.set(name, [...(results.get(name) ?? []), cpuUs]);
  }
}
server.close();
agents.http.destroy();

process.stdout.write(`CPU per upstream call (${CALLS} calls, ${IN_FLIGHT} in flight; median of ${ROUNDS} rounds; includes the local server's share)\n`);
for (const [name, values] of results) process.stdout.write(`  ${name.padEnd(24)} ${median(values).toFixed(0).padStart(5)} µs   rounds: ${values.map((v) => v.toFixed(0)).join(', ')}\n`);
