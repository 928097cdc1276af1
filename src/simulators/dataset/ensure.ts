import type { Rng } from './random.js';

/**
 * Small datasets may miss a rare enum value by chance, yet the dataset promises every value.
 * Each missing value is written onto a random candidate row whose current value occurs more than
 * once, so filling one gap never opens another. `candidates` excludes rows chosen by hand (the
 * sample learner's); presence is checked over `all`.
 */
export function ensureEvery<R, V>(
  rng: Rng,
  all: readonly R[],
  candidates: readonly R[],
  values: readonly V[],
  get: (row: R) => V,
  set: (row: R, value: V) => void,
): void {
  const counts = new Map<V, number>();
  for (const row of all) counts.set(get(row), (counts.get(get(row)) ?? 0) + 1);
  for (const value of values) {
    if ((counts.get(value) ?? 0) > 0) continue;
    const donors = candidates.filter((row) => (counts.get(get(row)) ?? 0) > 1);
    // Fewer rows than values: nothing can be done without losing another value.
    if (donors.length === 0) return;
    const row = rng.pick(donors);
    counts.set(get(row), (counts.get(get(row)) ?? 0) - 1);
    set(row, value);
    counts.set(value, 1);
  }
}
