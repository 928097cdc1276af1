/**
 * The server as an operator runs it: a child process started like `npm start`, with its logs,
 * its exit codes and its signal handling.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import got from 'got';

const ROOT = new URL('../../', import.meta.url).pathname;

function startMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '', ...env },
  });
}

interface LogLine {
  msg: string;
  port?: number;
  [key: string]: unknown;
}

/** Collects every JSON log line the child prints; `waitFor` resolves once one matches. */
function collectLogs(child: ChildProcessWithoutNullStreams) {
  const lines: LogLine[] = [];
  const waiters: { predicate: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.predicate(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const waitFor = (predicate: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve, reject) => {
      const found = lines.find(predicate);
      if (found) return resolve(found);
      waiters.push({ predicate, resolve });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before the expected log line`)));
    });
  return { lines, waitFor };
}

describe('process', () => {
  it('stops at once with one line naming a bad variable', async () => {
    const child = startMain({ PORT: 'eighty' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(78);
    expect(stderr.trim()).toBe('Configuration error: PORT must be an integer port between 0 and 65535 (got "eighty")');
  });

  it('stops when a provider URL is set without its credentials, naming the variable', async () => {
    const child = startMain({ RUANGKERJA_BASE_URL: 'https://api.example.test' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(78);
    expect(stderr).toContain('RUANGKERJA_CLIENT_ID is required');
  });

  it('says demo mode first, and on SIGTERM lets a slow request finish before exiting 0', async () => {
    const child = startMain({ PORT: '0', HOST: '127.0.0.1', DEMO_EMPLOYEES: '50', DEMO_LATENCY_MS: '600', LOG_LEVEL: 'info' });
    const { lines, waitFor } = collectLogs(child);
    try {
      const ready = await waitFor((line) => typeof line.port === 'number');
      expect(lines[0]?.msg).toMatch(/^demo mode/);
      const url = `http://127.0.0.1:${ready.port}/graphql`;

      // Each upstream answer waits 600 ms, and this query needs several in sequence.
      const slow = got.post(url, { json: { query: '{ user(employeeID: "EMP00001") { employeeID name } }' }, retry: { limit: 0 } }).json<{ data: unknown }>();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const exited = once(child, 'exit');
      child.kill('SIGTERM');

      const answer = await slow;
      expect(answer.data).toEqual({ user: { employeeID: 'EMP00001', name: expect.any(String) } });
      const [code] = (await exited) as [number];
      expect(code).toBe(0);
      expect(lines.map((l) => l.msg)).toContain('stopped');
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
