import { limitConcurrency, mapConcurrent, singleFlight } from '../../../src/providers/http/index.js';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('limitConcurrency', () => {
  it('never runs more than n tasks at once and runs them all', async () => {
    const limit = limitConcurrency(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await delay(5);
          active -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(limit.activeCount).toBe(0);
    expect(limit.pendingCount).toBe(0);
  });

  it('frees the slot of a failing task', async () => {
    const limit = limitConcurrency(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('after'))).resolves.toBe('after');
  });
});

describe('mapConcurrent', () => {
  it('keeps order and starts nothing after a failure', async () => {
    const started: number[] = [];
    const failing = mapConcurrent([0, 1, 2, 3, 4, 5, 6, 7], 2, async (n) => {
      started.push(n);
      await delay(5);
      if (n === 1) throw new Error('page 1 failed');
      return n;
    });
    await expect(failing).rejects.toThrow('page 1 failed');
    expect(started.length).toBeLessThanOrEqual(3);
    await expect(mapConcurrent([3, 1, 2], 2, async (n) => n * 10)).resolves.toEqual([30, 10, 20]);
  });
});

describe('singleFlight', () => {
  it('shares one call among concurrent callers of the same key, then forgets it', async () => {
    const flight = singleFlight<string, number>();
    let calls = 0;
    const task = async (): Promise<number> => {
      calls += 1;
      await delay(5);
      return calls;
    };
    const results = await Promise.all([flight('a', task), flight('a', task), flight('b', task), flight('a', task)]);
    expect(calls).toBe(2);
    expect(results[0]).toBe(results[1]);
    expect(results[0]).toBe(results[3]);
    await flight('a', task);
    expect(calls).toBe(3);
  });

  it('shares a failure too, and lets the next call retry', async () => {
    const flight = singleFlight<number, string>();
    const failing = (): Promise<string> => Promise.reject(new Error('nope'));
    await expect(Promise.all([flight(1, failing), flight(1, failing)])).rejects.toThrow('nope');
    await expect(flight(1, () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
