/**
 * Units the providers disagree on, converted once at the edge: durations to whole seconds, dates
 * to ISO-8601, empty strings to null.
 */

export class UnitParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitParseError';
  }
}

/** .NET TimeSpan `[-][d.]hh:mm:ss[.fffffff]`, as Absorb serialises `timeSpent`. */
const TIME_SPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** Whole seconds in a TimeSpan string, rounded down (`1.02:03:04.5000000` is 93784). */
export function timeSpanToSeconds(value: string): number {
  const match = TIME_SPAN.exec(value.trim());
  if (!match) throw new UnitParseError(`"${value}" is not a TimeSpan (d.hh:mm:ss.fffffff)`);
  const [, negative, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) {
    throw new UnitParseError(`"${value}" is not a TimeSpan: a component is out of range`);
  }
  const total = Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  // Fractions are dropped (rounded toward zero), so a negative span does not gain a second.
  return negative ? -total : total;
}

/** One tick is 100 ns: 10,000,000 ticks a second. */
export const TICKS_PER_SECOND = 10_000_000;

export function ticksToSeconds(ticks: number): number {
  return Math.trunc(ticks / TICKS_PER_SECOND);
}

/** Absorb gives both `timeSpent` and `timeSpentTicks` on some resources; ticks are exact. */
export function absorbTimeSpentSeconds(ticks: number | null | undefined, timeSpan: string | null | undefined): number | null {
  if (ticks !== null && ticks !== undefined) return ticksToSeconds(ticks);
  if (timeSpan !== null && timeSpan !== undefined && timeSpan !== '') return timeSpanToSeconds(timeSpan);
  return null;
}

/** Ruangkerja's `timeSpent` is a number of seconds, possibly fractional. */
export function wholeSeconds(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.trunc(value);
}

export function emptyToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD`, or null for "" / null. Invalid dates are an error, not a guess. */
export function isoDate(value: string | null | undefined): string | null {
  const text = emptyToNull(value);
  if (text === null) return null;
  const match = DATE_ONLY.exec(text.trim());
  if (match) {
    const date = new Date(`${text.trim()}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(text.trim())) return text.trim();
    throw new UnitParseError(`"${text}" is not a valid calendar date`);
  }
  // An instant: its UTC calendar day.
  return isoDateTime(text)?.slice(0, 10) ?? null;
}

/**
 * An instant in ISO-8601 UTC (`2024-03-05T09:15:00.000Z`), or null for "" / null. Values without a
 * zone (as .NET often writes them) are read as UTC.
 */
export function isoDateTime(value: string | null | undefined): string | null {
  const text = emptyToNull(value)?.trim();
  if (text === undefined || text === null) return null;
  const known = isoDateTimes.get(text);
  if (known !== undefined) return known;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const normalized = DATE_ONLY.test(text) ? `${text}T00:00:00Z` : hasZone ? text : `${text}Z`;
  const date = new Date(normalized);
  if (Number.isNaN(date.getTime())) throw new UnitParseError(`"${text}" is not an ISO-8601 date-time`);
  const iso = date.toISOString();
  if (isoDateTimes.size >= MAX_REMEMBERED_DATE_TIMES) isoDateTimes.clear();
  isoDateTimes.set(text, iso);
  return iso;
}

/**
 * Upstream date-times already converted: a dashboard's lists carry thousands of them, read again
 * on every visit, and parsing and printing a Date is most of a normalizer's time. Bounded (cleared
 * when full), and only successful conversions are kept.
 */
const isoDateTimes = new Map<string, string>();
const MAX_REMEMBERED_DATE_TIMES = 20_000;
