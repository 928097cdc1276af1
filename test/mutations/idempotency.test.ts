/**
 * The idempotency stores on their own: in process, and shared through the machine's real Redis
 * (the same connection class the cache uses), including concurrent claims, keys reused with other
 * input, runs that fail (the key is released), a bounded in-process store, and Redis going away.
 */
import { RedisConnection } from '../../src/cache/redis.js';
import { MemoryIdempotencyStore, RedisIdempotencyStore, fingerprintOf, idempotencyKeyOf, runIdempotent, type IdempotencyStore } from '../../src/mutations/idempotency.js';
import { REDIS_URL, deleteKeys, eventually, runPrefix, startRedisProxy } from '../resilience/helpers.js';

const connections: RedisConnection[] = [];
const prefixes: string[] = [];

async function redis(url = REDIS_URL): Promise<RedisConnection> {
  const connection = new RedisConnection({ url, timeoutMs: 200 });
  connection.start();
  connections.push(connection);
  expect(await eventually(() => connection.state === 'ready')).toBe(true);
  return connection;
}

function prefix(): string {
  const made = runPrefix('idem');
  prefixes.push(made);
  return made;
}

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await Promise.all(prefixes.map((p) => deleteKeys(p)));
});

const deferred = <T,>() => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

function behavesAsAStore(name: string, make: () => Promise<IdempotencyStore>): void {
  describe(name, () => {
    it('runs once, then replays the payload for the same input and refuses other input', async () => {
      const store = await make();
      let runs = 0;
      const execute = async () => ({ run: ++runs });
      expect(await runIdempotent(store, 'k1', fingerprintOf({ a: 1, b: [2] }), execute)).toEqual({ kind: 'ran', payload: { run: 1 } });
      // Key order does not change the fingerprint.
      expect(await runIdempotent(store, 'k1', fingerprintOf({ b: [2], a: 1 }), execute)).toEqual({ kind: 'replayed', payload: { run: 1 } });
      expect(await runIdempotent(store, 'k1', fingerprintOf({ a: 2, b: [2] }), execute)).toEqual({ kind: 'reused' });
      expect(runs).toBe(1);
    });

    it('lets concurrent claims of one key run once; the others get its payload', async () => {
      const store = await make();
      const gate = deferred<void>();
      let runs = 0;
      const execute = async () => {
        runs += 1;
        await gate.promise;
        return { run: runs };
      };
      const all = Promise.all(Array.from({ length: 5 }, () => runIdempotent(store, 'k2', 'f', execute)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      gate.resolve();
      const outcomes = await all;
      expect(runs).toBe(1);
      expect(outcomes.filter((o) => o.kind === 'ran')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'replayed').map((o) => ('payload' in o ? o.payload : null))).toEqual([{ run: 1 }, { run: 1 }, { run: 1 }, { run: 1 }]);
    });

    it('forgets a run that failed, so the retry runs', async () => {
      const store = await make();
      await expect(runIdempotent(store, 'k3', 'f', async () => Promise.reject(new Error('upstream down')))).rejects.toThrow('upstream down');
      expect(await runIdempotent(store, 'k3', 'f', async () => 'second')).toEqual({ kind: 'ran', payload: 'second' });
    });
  });
}

behavesAsAStore('MemoryIdempotencyStore', async () => new MemoryIdempotencyStore());
behavesAsAStore('RedisIdempotencyStore', async () => new RedisIdempotencyStore({ connection: await redis(), keyPrefix: prefix(), pollMs: 10 }));

describe('MemoryIdempotencyStore bounds', () => {
  it('holds at most maxKeys, forgetting the least recently used', async () => {
    const store = new MemoryIdempotencyStore({ maxKeys: 2 });
    for (const key of ['a', 'b', 'c']) await runIdempotent(store, key, 'f', async () => key);
    expect((await runIdempotent(store, 'a', 'f', async () => 'again')).kind).toBe('ran');
    expect((await runIdempotent(store, 'c', 'f', async () => 'again')).kind).toBe('replayed');
  });

  it('forgets keys after their TTL', async () => {
    const store = new MemoryIdempotencyStore({ ttlMs: 30 });
    await runIdempotent(store, 'a', 'f', async () => 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await runIdempotent(store, 'a', 'f', async () => 2)).kind).toBe('ran');
  });
});

describe('RedisIdempotencyStore across replicas', () => {
  it('shares keys between two stores (two replicas) on one Redis', async () => {
    const keyPrefix = prefix();
    const [a, b] = [new RedisIdempotencyStore({ connection: await redis(), keyPrefix }), new RedisIdempotencyStore({ connection: await redis(), keyPrefix })];
    expect(await runIdempotent(a, 'shared', 'f', async () => 'from a')).toEqual({ kind: 'ran', payload: 'from a' });
    expect(await runIdempotent(b, 'shared', 'f', async () => 'from b')).toEqual({ kind: 'replayed', payload: 'from a' });
    expect(await runIdempotent(b, 'shared', 'g', async () => 'from b')).toEqual({ kind: 'reused' });
  });

  it('answers busy when another replica runs the key past the longest wait', async () => {
    const keyPrefix = prefix();
    const a = new RedisIdempotencyStore({ connection: await redis(), keyPrefix });
    const b = new RedisIdempotencyStore({ connection: await redis(), keyPrefix, waitMs: 100, pollMs: 10 });
    const gate = deferred<string>();
    const first = runIdempotent(a, 'slow', 'f', () => gate.promise);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await runIdempotent(b, 'slow', 'f', async () => 'b')).toEqual({ kind: 'busy' });
    gate.resolve('a');
    expect(await first).toEqual({ kind: 'ran', payload: 'a' });
  });

  it('keeps de-duplicating in this process while Redis is away', async () => {
    const proxy = await startRedisProxy();
    try {
      const store = new RedisIdempotencyStore({ connection: await redis(proxy.url), keyPrefix: prefix() });
      await proxy.stop();
      let runs = 0;
      const execute = async () => ++runs;
      expect(await runIdempotent(store, 'offline', 'f', execute)).toEqual({ kind: 'ran', payload: 1 });
      expect(await runIdempotent(store, 'offline', 'f', execute)).toEqual({ kind: 'replayed', payload: 1 });
    } finally {
      await proxy.stop();
    }
  });
});

describe('idempotencyKeyOf', () => {
  it('keeps callers and mutations apart, and spells out neither the key nor the subject', () => {
    const key = idempotencyKeyOf('alice', 'enrollInCourse', 'k');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set([key, idempotencyKeyOf('bob', 'enrollInCourse', 'k'), idempotencyKeyOf('alice', 'unenroll', 'k')]).size).toBe(3);
  });
});
