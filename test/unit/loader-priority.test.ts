/**
 * perKeyLoader's priorities (src/loaders/batch.ts): in one turn, a gating lookup is sent before a
 * wave asked earlier, and a wave starts its calls in slices, with room for other work between.
 * Each key settles with its own call, not with the slowest of its batch.
 */
import { describe, expect, it } from '@jest/globals';
import { BATCHED, perKeyLoader } from '../../src/loaders/batch.js';

describe('perKeyLoader priorities', () => {
  it('sends a gating lookup first, and a wave 16 calls at a time with other work between slices', async () => {
    const started: string[] = [];
    const wave = perKeyLoader(BATCHED, async (key: number) => started.push(`w${key}`), { priority: 'wave' });
    const gating = perKeyLoader(BATCHED, async (key: string) => started.push(key), { priority: 'gating' });
    const normal = perKeyLoader(BATCHED, async (key: string) => started.push(key));

    const keys = Array.from({ length: 40 }, (_, i) => i + 1);
    const waveDone = wave.loadMany(keys);
    const normalDone = normal.load('n');
    const gatingDone = gating.load('g');
    // Queued after the wave's dispatch: it runs once the first slice has started.
    setImmediate(() => started.push('other work'));
    await Promise.all([waveDone, normalDone, gatingDone]);

    const slice = (from: number, to: number) => keys.slice(from - 1, to).map((k) => `w${k}`);
    expect(started).toEqual(['g', 'n', ...slice(1, 16), 'other work', ...slice(17, 32), ...slice(33, 40)]);
  });

  it('still answers every key, and the same key once', async () => {
    let calls = 0;
    const wave = perKeyLoader(
      BATCHED,
      async (key: number) => {
        calls += 1;
        return key * 10;
      },
      { priority: 'wave' },
    );
    expect(await Promise.all([wave.load(1), wave.load(2), wave.load(1)])).toEqual([10, 20, 10]);
    expect(calls).toBe(2);
  });

  it.each(['gating', 'normal', 'wave'] as const)('settles each key with its own call, not the slowest of its batch (%s)', async (priority) => {
    const release = new Map<string, () => void>();
    const loader = perKeyLoader(
      BATCHED,
      (key: string) =>
        new Promise<string>((resolve, reject) => {
          release.set(key, () => (key === 'bad' ? reject(new Error(`no ${key}`)) : resolve(key.toUpperCase())));
        }),
      { priority },
    );
    const settled: string[] = [];
    const fast = loader.load('fast').then((value) => settled.push(value));
    const bad = loader.load('bad').catch((error: Error) => settled.push(error.message));
    const slow = loader.load('slow').then((value) => settled.push(value));
    while (release.size < 3) await new Promise<void>((resolve) => setImmediate(resolve));

    // Waiting on the one released, with a limit: a loader that settles a batch at once never gets there.
    const soon = (promise: Promise<unknown>) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('not settled on its own')), 1000).unref())]);
    release.get('fast')!();
    await soon(fast);
    expect(settled).toEqual(['FAST']);
    release.get('bad')!();
    await soon(bad);
    expect(settled).toEqual(['FAST', 'no bad']);
    release.get('slow')!();
    await slow;
    expect(settled).toEqual(['FAST', 'no bad', 'SLOW']);
    // Cached per key, the settled value and the failure alike.
    expect(await loader.load('fast')).toBe('FAST');
    await expect(loader.load('bad')).rejects.toThrow('no bad');
  });
});
