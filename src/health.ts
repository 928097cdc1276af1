import { connect } from 'node:net';

/** One dependency /readyz reports on. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<ReadinessResult>;
}

export interface ReadinessResult {
  ok: boolean;
  detail?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: Record<string, ReadinessResult>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function withTimeout(check: ReadinessCheck): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.check().catch((error: unknown) => ({ ok: false, detail: safeMessage(error) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function safeMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'check failed';
}

export async function runReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map(async (check) => [check.name, await withTimeout(check)] as const));
  return {
    status: results.every(([, result]) => result.ok) ? 'ready' : 'not_ready',
    checks: Object.fromEntries(results),
  };
}

/**
 * Reachability of an upstream by opening (and closing) a TCP connection to its host: cheap for
 * the upstream, and it catches DNS and network faults without spending an API call or a token.
 */
export function tcpReachable(name: string, baseUrl: string): ReadinessCheck {
  const url = new URL(baseUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return {
    name,
    check: () =>
      new Promise((resolve) => {
        const socket = connect({ host: url.hostname, port, timeout: CHECK_TIMEOUT_MS });
        const done = (result: ReadinessResult) => {
          socket.destroy();
          resolve(result);
        };
        socket.once('connect', () => done({ ok: true }));
        socket.once('timeout', () => done({ ok: false, detail: `${url.host} did not accept a connection in time` }));
        socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, detail: `${url.host} unreachable (${error.code ?? 'error'})` }));
      }),
  };
}
