/**
 * API key check. Only SHA-256 digests of the keys are held; the presented key is hashed and
 * compared with every digest in constant time (no early exit), so neither the comparison nor the
 * number of keys tried leaks how much of a key was right.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config.js';

export interface ApiKeyVerifier {
  /** The key's configured name, or null when no key matches. */
  verify(presented: string): string | null;
  readonly size: number;
}

export function createApiKeyVerifier(keys: readonly ApiKeyConfig[]): ApiKeyVerifier {
  const digests = keys.map((key) => ({ name: key.name, digest: Buffer.from(key.sha256, 'hex') }));
  return {
    size: digests.length,
    verify(presented) {
      const candidate = createHash('sha256').update(presented, 'utf8').digest();
      let match: string | null = null;
      for (const { name, digest } of digests) {
        // Both are 32-byte digests, so timingSafeEqual never throws on a length mismatch.
        if (timingSafeEqual(candidate, digest) && match === null) match = name;
      }
      return match;
    },
  };
}
