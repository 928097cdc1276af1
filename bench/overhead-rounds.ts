/**
 * The overhead phase's measurement, shared by `npm run bench` and `npm run bench:overhead`:
 * `{ __typename }` against each target, warmed first, then in alternating rounds, so that a machine
 * getting busier or quieter during the phase weighs on every target alike.
 */
import { runLoad, type LoadResult } from './load.js';

export const OVERHEAD_QUERY = '{ __typename }';

export interface OverheadRoundOptions<K extends string> {
  /** The targets warmed for 2 s each before the rounds, in this order. */
  warm: readonly K[];
  rounds: number;
  secondsPerRound: number;
  connections: number;
  /** Hears each round when it is over. */
  onRound?: (index: number, results: Record<K, LoadResult>) => void;
}

/** Each round's result per target (each round runs the targets in `order`); throws when the trivial query fails. */
export async function overheadRounds<K extends string>(order: readonly K[], urls: Record<K, string>, options: OverheadRoundOptions<K>): Promise<Record<K, LoadResult>[]> {
  const body = JSON.stringify({ query: OVERHEAD_QUERY });
  const load = (name: K, durationSeconds: number) => runLoad({ url: urls[name], body, connections: options.connections, durationSeconds });
  for (const name of options.warm) await load(name, 2);
  const rounds: Record<K, LoadResult>[] = [];
  for (let i = 0; i < options.rounds; i++) {
    const results = {} as Record<K, LoadResult>;
    for (const name of order) results[name] = await load(name, options.secondsPerRound);
    const failed = order.map((name) => results[name]).find((result) => result.errors > 0);
    if (failed !== undefined) throw new Error(`the trivial query failed: ${failed.errorSample}`);
    rounds.push(results);
    options.onRound?.(i, results);
  }
  return rounds;
}
