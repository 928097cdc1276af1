import { randomUUID } from 'node:crypto';

/** Guid handling shared by routes, validation and writes. Absorb ids are case-insensitive. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

export function sameId(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

/** New ids for records the writes create: random, since they need not be reproducible. */
export function newGuid(): string {
  return randomUUID();
}

/** `2024-03-05T09:15:00Z`: how the dataset writes Absorb dates, so written rows look alike. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
