import { DEFAULT_EMPLOYEES, DEFAULT_SEED, startSimulators } from './index.js';

/**
 * `npm run simulators`: the three simulators on fixed ports for manual use, printing the
 * environment a server needs (VAR=value lines on stdout, so `> .env` works); notes go to stderr.
 */

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`${name} must be a non-negative integer (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return Number(raw);
}

const employees = intFromEnv('DEMO_EMPLOYEES', DEFAULT_EMPLOYEES);
const seed = intFromEnv('DEMO_SEED', DEFAULT_SEED);
const startedAt = performance.now();
const running = await startSimulators({
  seed,
  employees,
  latency: { fixedMs: intFromEnv('DEMO_LATENCY_MS', 0), jitterMs: intFromEnv('DEMO_JITTER_MS', 0) },
  host: process.env.SIMULATOR_HOST?.trim() || '127.0.0.1',
  ports: {
    ruangkerja: intFromEnv('SIMULATOR_RUANGKERJA_PORT', 4101),
    absorb: intFromEnv('SIMULATOR_ABSORB_PORT', 4102),
    selfcommunity: intFromEnv('SIMULATOR_SELFCOMMUNITY_PORT', 4103),
  },
});

for (const [name, value] of Object.entries(running.env)) console.log(`${name}=${value}`);
const s = running.dataset.samples;
console.error(
  `simulators ready in ${Math.round(performance.now() - startedAt)} ms (seed ${seed}, ${employees} employees); ` +
    `learner ${s.learnerEmployeeID}, batch ${s.batch.courseSerial}/${s.batch.batchSerial}, ` +
    `absorb course ${s.absorbCourseId}, community course ${s.communityCourseId}. Ctrl-C stops.`,
);

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.error(`${signal}: stopping simulators`);
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
