/**
 * Turns a run's results into the targets' verdicts and the Markdown printed by `npm run bench` and
 * written into docs/performance.md between the `bench:results` markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BenchResults, CaseResult, Target } from './results.js';

export const TARGETS = {
  /** p50 at concurrency 1 ÷ critical-path lower bound, at most. */
  latencyRatio: 1.2,
  /** naive ÷ this server for TeamDashboard (50), at least. */
  naiveRatio: 10,
  /** this server ÷ bare Apollo Server for `{ __typename }`, at least. */
  overheadRatio: 0.8,
  /** heap after a forced GC, growth across the run, at most. */
  heapGrowth: 0.1,
} as const;

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
const num = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const yes = (met: boolean) => (met ? 'yes' : '**no**');

export const latencyRatioOf = (c: CaseResult) => c.sequential.latencyMs.p50 / c.criticalPath.lowerBoundMs;
export const naiveRatioOf = (c: CaseResult) => (c.requests.naiveTotal === null ? Number.NaN : c.requests.naiveTotal / c.requests.serverTotal);

export function evaluateTargets(results: Omit<BenchResults, 'targets'>): Target[] {
  const { cases, overhead, memory } = results;
  const team = cases.find((c) => c.name === 'TeamDashboard');
  return [
    {
      name: 'upstream requests = computed minimum, every contract query',
      measured: cases.map((c) => `${c.name} ${c.requests.serverTotal}/${c.requests.minimumTotal}`).join(', '),
      met: cases.every((c) => c.requests.differences.length === 0),
    },
    {
      name: `p50 at concurrency 1 ≤ ${TARGETS.latencyRatio}× the critical-path lower bound`,
      measured: cases.map((c) => `${c.name} ${ratio(latencyRatioOf(c))}`).join(', '),
      met: cases.every((c) => latencyRatioOf(c) <= TARGETS.latencyRatio),
    },
    {
      name: `TeamDashboard (${team?.label ?? '?'}) ≥ ${TARGETS.naiveRatio}× fewer upstream requests than the naive build`,
      measured: team ? `${team.requests.naiveTotal ?? '?'} naive / ${team.requests.serverTotal} = ${ratio(naiveRatioOf(team))}` : 'not run',
      met: team !== undefined && naiveRatioOf(team) >= TARGETS.naiveRatio,
    },
    {
      name: `overhead: requests/s of \`${overhead.query}\` ≥ ${TARGETS.overheadRatio} of bare Apollo Server`,
      measured: `${num(overhead.server.median)} / ${num(overhead.bare.median)} req/s = ${overhead.ratio.toFixed(2)}`,
      met: overhead.ratio >= TARGETS.overheadRatio,
    },
    {
      name: `no memory growth: heap after a forced GC within ${TARGETS.heapGrowth * 100}% of before`,
      measured: `${mib(memory.heapAfterGcBeforeBytes)} → ${mib(memory.heapAfterGcAfterBytes)} (${memory.growth >= 0 ? '+' : ''}${(memory.growth * 100).toFixed(1)}%)`,
      met: memory.growth <= TARGETS.heapGrowth,
    },
  ];
}

function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const rule = header.map((_, i) => ((align?.[i] ?? 'r') === 'l' ? '---' : '--:'));
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** The tables of one run, as Markdown. `chart` is the chart's path relative to the document. */
export function resultsMarkdown(results: BenchResults, chart: string | null): string {
  const { setup, cases, overhead, memory } = results;
  const out: string[] = [];
  out.push(
    `Run of ${results.startedAt} on this machine (${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; load average ${results.machine.loadAverage.start.toFixed(2)} at the start, ${results.machine.loadAverage.end.toFixed(2)} at the end), ` +
      `${Math.round(results.durationSeconds)} s in all. Dataset: seed ${setup.seed}, ${setup.employees} employees; every upstream answer waits ` +
      `${setup.latencyMs} ± ${setup.jitterMs} ms. Server: HTTP cache off (\`CACHE_ENABLED=false\`), \`LOG_LEVEL=${setup.serverEnv.LOG_LEVEL}\`, ` +
      `\`NODE_ENV=${setup.serverEnv.NODE_ENV}\`. Raw figures: \`bench/results/${results.date}.json\`.`,
  );
  out.push('');
  out.push('**Targets**');
  out.push('');
  out.push(table(['target', 'measured', 'met'], results.targets.map((t) => [t.name, t.measured, yes(t.met)]), ['l', 'l', 'l']));
  out.push('');
  if (chart !== null) {
    out.push(`![p50 latency against the critical-path bound, and upstream requests against the naive build and the minimum, per query](${chart})`);
    out.push('');
  }
  out.push('**1. Upstream requests per query** (one run each, after the logins; cache off)');
  out.push('');
  out.push(
    table(
      ['query', 'variables', 'this server', 'naive (DataLoader off)', 'computed minimum', 'naive ÷ this server', '= minimum'],
      cases.map((c) => [
        c.name,
        c.label,
        num(c.requests.serverTotal),
        c.requests.naiveTotal === null ? '–' : num(c.requests.naiveTotal),
        num(c.requests.minimumTotal),
        ratio(naiveRatioOf(c)),
        c.requests.differences.length === 0 ? 'yes' : `**no**: ${c.requests.differences.join('; ')}`,
      ]),
      ['l', 'l', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  out.push('');
  out.push(`**2. Latency at concurrency 1** (${setup.samples} requests per query, one after another)`);
  out.push('');
  out.push(
    table(
      ['query', 'dependent round trips', `lower bound (× ${setup.latencyMs} ms)`, 'p50', 'p95', 'p99', 'p50 ÷ bound', 'naive, one run'],
      cases.map((c) => [
        c.name,
        String(c.criticalPath.roundTrips),
        ms(c.criticalPath.lowerBoundMs),
        ms(c.sequential.latencyMs.p50),
        ms(c.sequential.latencyMs.p95),
        ms(c.sequential.latencyMs.p99),
        ratio(latencyRatioOf(c)),
        c.sequential.naiveSingleRunMs === null ? '–' : ms(c.sequential.naiveSingleRunMs),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(`**3. Under load** (concurrency ${setup.loadConnections}, ${setup.loadSeconds} s per query)`);
  out.push('');
  out.push(
    table(
      ['query', 'answers/s without error', 'p50', 'p95', 'p99', 'errors', 'upstream requests/s', 'of which Absorb', 'server CPU (cores)'],
      cases.map((c) =>
        c.load === null
          ? [c.name, '–', '–', '–', '–', '–', '–', '–', '–']
          : [
              c.name,
              num(c.load.requestsPerSecond, 1),
              ms(c.load.latencyMs.p50),
              ms(c.load.latencyMs.p95),
              ms(c.load.latencyMs.p99),
              num(c.load.errors),
              num(c.load.upstreamRequestsPerSecond),
              num(c.load.upstreamPerProvider.absorb ?? 0),
              c.load.serverCpuCores.toFixed(2),
            ],
      ),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(
    `**4. Overhead** (\`${overhead.query}\`, concurrency ${overhead.connections}, ${overhead.rounds} alternating rounds of ${overhead.secondsPerRound} s each; median)`,
  );
  out.push('');
  out.push(
    table(
      ['server', 'requests/s', 'p50', 'p99', 'rounds (requests/s)'],
      [
        ['bare Apollo Server 5 (same express 5 stack, no plugins)', num(overhead.bare.median), ms(overhead.bare.p50Ms), ms(overhead.bare.p99Ms), overhead.bare.requestsPerSecond.map((v) => num(v)).join(', ')],
        ['this server (auth off, limits, metrics, logging)', num(overhead.server.median), ms(overhead.server.p50Ms), ms(overhead.server.p99Ms), overhead.server.requestsPerSecond.map((v) => num(v)).join(', ')],
        ['ratio', overhead.ratio.toFixed(2), '', '', ''],
        ...(overhead.afterLoad === undefined
          ? []
          : [
              [
                `for the record: the process that ran the load phase (ratio ${overhead.afterLoad.ratio.toFixed(2)})`,
                num(overhead.afterLoad.median),
                ms(overhead.afterLoad.p50Ms),
                ms(overhead.afterLoad.p99Ms),
                overhead.afterLoad.requestsPerSecond.map((v) => num(v)).join(', '),
              ],
            ]),
      ],
      ['l', 'r', 'r', 'r', 'l'],
    ),
  );
  out.push('');
  out.push('**5. Memory of the server process**');
  out.push('');
  out.push(
    table(
      ['peak RSS', 'peak heap used', 'heap after GC, warmed up', 'heap after GC, end of run', 'change'],
      [[mib(memory.peakRssBytes), mib(memory.peakHeapUsedBytes), mib(memory.heapAfterGcBeforeBytes), mib(memory.heapAfterGcAfterBytes), `${memory.growth >= 0 ? '+' : ''}${(memory.growth * 100).toFixed(1)}%`]],
    ),
  );
  return out.join('\n');
}

export const RESULTS_BEGIN = '<!-- bench:results:begin (written by npm run bench) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** Replaces the block between the markers in the document (appends a section when they are missing). */
export function writeIntoDocument(path: string, block: string): void {
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(RESULTS_BEGIN);
  const end = text.indexOf(RESULTS_END);
  const generated = `${RESULTS_BEGIN}\n${block}\n${RESULTS_END}`;
  const next =
    begin >= 0 && end > begin
      ? `${text.slice(0, begin)}${generated}${text.slice(end + RESULTS_END.length)}`
      : `${text.trimEnd()}\n\n## Benchmark results\n\n${generated}\n`;
  writeFileSync(path, next);
}
