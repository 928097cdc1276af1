/** A provider's part of a merged answer: its value, or the failure to report beside the others. */
import { notConfigured } from '../graphql/errors.js';
import { isProviderError, ProviderError, type ProviderName } from '../providers/errors.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

export async function settle<T>(provider: ProviderName, loaders: unknown, run: () => Promise<T>): Promise<Outcome<T>> {
  if (loaders === null) return { ok: false, error: notConfigured(provider) };
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (isProviderError(error)) return { ok: false, error };
    throw error;
  }
}
