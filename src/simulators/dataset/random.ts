/**
 * The dataset's only source of randomness: a seeded mulberry32 stream, so two builds with the
 * same options are identical (Math.random would make tests and demos unrepeatable).
 */

export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so small neighbouring seeds (1, 2, 3) do not start on similar streams.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick on an empty list');
    return item;
  }

  /** Picks a value by weight: `[[value, weight], …]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (last === undefined) throw new Error('Rng.weighted with no choices');
    return last[0];
  }

  /**
   * `count` distinct items in random order. Small samples of large lists draw indices (cost
   * O(count)), so building scales to large datasets; otherwise a partial Fisher–Yates.
   */
  sample<T>(items: readonly T[], count: number): T[] {
    if (count * 4 < items.length) {
      const seen = new Set<number>();
      const out: T[] = [];
      while (out.length < count) {
        const index = Math.floor(this.next() * items.length);
        if (seen.has(index)) continue;
        seen.add(index);
        out.push(items[index] as T);
      }
      return out;
    }
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i += 1) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const a = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = a;
    }
    return copy.slice(0, n);
  }

  /** Uppercase letters and digits, as Ruangkerja serials use. */
  alnum(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let out = '';
    for (let i = 0; i < length; i += 1) out += chars[Math.floor(this.next() * chars.length)];
    return flat(out);
  }

  /** A uuid-v4-shaped guid, as Absorb ids are. Built from a byte table: datasets hold ~10^5 of them. */
  guid(): string {
    const a = (this.next() * 4294967296) >>> 0;
    const b = (this.next() * 4294967296) >>> 0;
    const c = (this.next() * 4294967296) >>> 0;
    const d = (this.next() * 4294967296) >>> 0;
    return flat(
      h(a, 24) + h(a, 16) + h(a, 8) + h(a, 0) + '-' +
      h(b, 24) + h(b, 16) + '-' +
      // Version nibble 4 and variant bits 10xx, as uuid v4 has.
      h(((b >>> 8) & 0x0f) | 0x40, 0) + h(b, 0) + '-' +
      h(((c >>> 24) & 0x3f) | 0x80, 0) + h(c, 16) + '-' +
      h(c, 8) + h(c, 0) + h(d, 24) + h(d, 16) + h(d, 8) + h(d, 0)
    );
  }
}

/**
 * The same text as one flat string. `+` builds a rope (a V8 cons string), and comparing ropes with
 * `===` is ~10× slower than comparing flat strings: the simulators filter thousands of records by
 * id per request, which made a simulated answer take several ms of CPU beyond its set latency.
 */
function flat(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function h(n: number, shift: number): string {
  return HEX[(n >>> shift) & 0xff] as string;
}

/** Fixed "now" of the dataset: dates are relative to it, never to the wall clock. */
export const REFERENCE_TIME = Date.UTC(2024, 5, 30, 8, 0, 0);
export const DAY_MS = 86_400_000;

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/**
 * `2024-03-05T09:15:00Z`: ISO-8601 in UTC without milliseconds, as Absorb writes dates. Formatted
 * by arithmetic (civil-from-days) rather than through Date: datasets format ~10^6 dates.
 */
export function isoSeconds(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const secondOfDay = totalSeconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(secondOfDay % 60)}Z`;
}

/** `YYYY-MM-DD`, as Ruangkerja writes `completedAt`. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A time `daysAgoMin`–`daysAgoMax` days before the reference, on a whole minute. */
export function daysAgo(rng: Rng, daysAgoMin: number, daysAgoMax: number): number {
  const ms = REFERENCE_TIME - rng.int(Math.round(daysAgoMin * 1440), Math.round(daysAgoMax * 1440)) * 60_000;
  return ms;
}
