/** The shape of bench/results/<date>.json, read by the report and the chart. */
import type { CaseName } from './cases.js';
import type { RequestCounts } from './minimum.js';
import type { Percentiles } from './load.js';

export interface CaseResult {
  name: CaseName;
  label: string;
  requests: {
    /** This server (DataLoader on, HTTP cache off), one run after warm-up. */
    server: RequestCounts;
    serverTotal: number;
    /** The same server with DATALOADER_BATCHING=false: the N+1 baseline. */
    naive: RequestCounts | null;
    naiveTotal: number | null;
    minimum: RequestCounts;
    minimumTotal: number;
    /** Endpoints where this server differs from the minimum (`endpoint: measured/minimum`). */
    differences: string[];
  };
  criticalPath: { roundTrips: number; chain: string[]; lowerBoundMs: number };
  /** Concurrency 1, `samples` requests one after another. */
  sequential: { samples: number; latencyMs: Percentiles; errors: number; naiveSingleRunMs: number | null };
  /** Concurrency `connections` for `seconds`. */
  load: {
    connections: number;
    seconds: number;
    requests: number;
    requestsPerSecond: number;
    latencyMs: Percentiles;
    errors: number;
    errorSample: string | null;
    upstreamRequestsPerSecond: number;
    upstreamPerProvider: Record<string, number>;
    /** CPU time of the server process over the run ÷ wall time (1 = one core busy). */
    serverCpuCores: number;
  } | null;
}

export interface OverheadResult {
  query: string;
  connections: number;
  secondsPerRound: number;
  rounds: number;
  bare: { requestsPerSecond: number[]; median: number; p50Ms: number; p99Ms: number };
  /** A fresh process of this server, started and warmed as the bare one is: the ratio's numerator. */
  server: { requestsPerSecond: number[]; median: number; p50Ms: number; p99Ms: number };
  ratio: number;
  /** The process that ran every earlier phase, measured in the same rounds, for the record. */
  afterLoad?: { requestsPerSecond: number[]; median: number; p50Ms: number; p99Ms: number; ratio: number };
}

export interface MemoryResult {
  /** Kernel high-water mark of the server process's RSS. */
  peakRssBytes: number;
  /** Highest heapUsed seen by the 50 ms sampler. */
  peakHeapUsedBytes: number;
  /** heapUsed after a forced GC once warmed up, and after the whole run. */
  heapAfterGcBeforeBytes: number;
  heapAfterGcAfterBytes: number;
  growth: number;
}

export interface Target {
  name: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  date: string;
  startedAt: string;
  durationSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    /** 1-minute load average when the run started and ended: other work on the machine skews timings. */
    loadAverage: { start: number; end: number };
  };
  setup: {
    seed: number;
    employees: number;
    latencyMs: number;
    jitterMs: number;
    samples: number;
    loadConnections: number;
    loadSeconds: number;
    serverEnv: Record<string, string>;
  };
  cases: CaseResult[];
  overhead: OverheadResult;
  memory: MemoryResult;
  targets: Target[];
}
