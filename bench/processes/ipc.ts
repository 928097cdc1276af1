/**
 * The parent's side of the benchmark's child processes: each child (the server under test, the
 * bare Apollo Server, the simulators) is forked with tsx, says `{ type: 'ready', ... }` once it
 * listens, and answers requests `{ id, ... }` with `{ id, ... }` over the IPC channel. Nothing of
 * this is reachable over HTTP: the GC and heap readings exist only on this channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildMessage {
  type: string;
  id?: number;
  [key: string]: unknown;
}

export interface Child<Ready extends ChildMessage> {
  process: ChildProcess;
  ready: Ready;
  /** Sends a request and waits for the answer carrying the same id. */
  request<Answer extends ChildMessage>(message: ChildMessage, timeoutMs?: number): Promise<Answer>;
  /** Asks the child to stop, then kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ForkOptions {
  /** Arguments after the script. */
  args?: string[];
  /** The child's whole environment (not merged with the parent's unless the caller does). */
  env: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. --expose-gc. */
  nodeFlags?: string[];
  /** Longest wait for `ready`. */
  startTimeoutMs?: number;
}

/** Forks a TypeScript module of this folder under tsx and waits for its `ready` message. */
export async function forkChild<Ready extends ChildMessage>(script: string, options: ForkOptions): Promise<Child<Ready>> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, options.args ?? [], {
    env: options.env,
    execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (message: ChildMessage) => void; reject: (error: Error) => void }>();
  let exited: Error | null = null;

  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    exited = new Error(`${script} exited (code ${code}, signal ${signal})`);
    for (const { reject } of waiting.values()) reject(exited);
    waiting.clear();
  };
  child.on('exit', onExit);

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${options.startTimeoutMs ?? 60_000} ms`)), options.startTimeoutMs ?? 60_000);
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message as Ready);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${script} failed to start: ${String(message.error)}`));
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });

  child.on('message', (message: ChildMessage) => {
    if (message.id === undefined) return;
    const pending = waiting.get(message.id);
    if (pending === undefined) return;
    waiting.delete(message.id);
    if (message.type === 'error') pending.reject(new Error(String(message.error)));
    else pending.resolve(message);
  });

  return {
    process: child,
    ready,
    request: <Answer extends ChildMessage>(message: ChildMessage, timeoutMs = 60_000) =>
      new Promise<Answer>((resolve, reject) => {
        if (exited) return reject(exited);
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${script}: no answer to ${message.type} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (answer) => {
            clearTimeout(timer);
            resolve(answer as Answer);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ ...message, id });
      }),
    stop: async (graceMs = 15_000) => {
      if (exited || child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** The child's side: answers each request with `handle`'s result (or an error message). */
export function serveRequests(handle: (message: ChildMessage) => Promise<Record<string, unknown>> | Record<string, unknown>): void {
  process.on('message', (message: ChildMessage) => {
    if (message.id === undefined) return;
    Promise.resolve()
      .then(() => handle(message))
      .then(
        (answer) => process.send?.({ type: message.type, ...answer, id: message.id }),
        (error: unknown) => process.send?.({ type: 'error', id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/** Stops the child when the parent goes away, so no orphan keeps a port. */
export function exitWithParent(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('disconnect', shutdown);
  process.on('message', (message: ChildMessage) => {
    if (message.type === 'stop') shutdown();
  });
}
