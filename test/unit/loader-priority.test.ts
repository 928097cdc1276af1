/**
 * perKeyLoader's priorities (src/loaders/batch.ts): in one turn, a gating lookup is sent before a
 * wave asked earlier, and a wave starts its calls in slices, with room for other work between.
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
});
