import {
  UnitParseError,
  absorbTimeSpentSeconds,
  emptyToNull,
  isoDate,
  isoDateTime,
  ticksToSeconds,
  timeSpanToSeconds,
  wholeSeconds,
} from '../../src/domain/units.js';

describe('durations', () => {
  it.each([
    ['1.02:03:04.5000000', 93784],
    ['1.13:02:39.9878697', 133359],
    ['00:14:33.0000000', 873],
    ['00:14:33', 873],
    ['23:59:59.9999999', 86399],
    ['00:00:00', 0],
    ['12.00:00:00', 1036800],
    ['00:00:00.5', 0],
  ])('TimeSpan %s is %i whole seconds', (value, seconds) => {
    expect(timeSpanToSeconds(value)).toBe(seconds);
  });

  it.each(['', '1:2', '00:60:00', '24:00:00', 'abc', '1.2.03:04:05'])('rejects %j', (value) => {
    expect(() => timeSpanToSeconds(value)).toThrow(UnitParseError);
  });

  it('reads ticks (100 ns) and rounds down', () => {
    expect(ticksToSeconds(0)).toBe(0);
    expect(ticksToSeconds(9_999_999)).toBe(0);
    expect(ticksToSeconds(10_000_000)).toBe(1);
    expect(ticksToSeconds(937_845_000_000)).toBe(93784);
  });

  it('prefers exact ticks over the TimeSpan, and falls back to it', () => {
    expect(absorbTimeSpentSeconds(8_730_000_000, '99:00:00')).toBe(873);
    expect(absorbTimeSpentSeconds(null, '00:14:33.0000000')).toBe(873);
    expect(absorbTimeSpentSeconds(undefined, '')).toBeNull();
    expect(absorbTimeSpentSeconds(null, null)).toBeNull();
  });

  it('keeps Ruangkerja numbers as whole seconds', () => {
    expect(wholeSeconds(873)).toBe(873);
    expect(wholeSeconds(873.9)).toBe(873);
    expect(wholeSeconds(null)).toBeNull();
  });
});

describe('dates', () => {
  it('turns empty strings into null', () => {
    expect(emptyToNull('')).toBeNull();
    expect(emptyToNull('  ')).toBeNull();
    expect(emptyToNull(null)).toBeNull();
    expect(emptyToNull('x')).toBe('x');
    expect(isoDate('')).toBeNull();
    expect(isoDateTime('')).toBeNull();
  });

  it('keeps calendar dates and takes the UTC day of instants', () => {
    expect(isoDate('2022-07-22')).toBe('2022-07-22');
    expect(isoDate('2024-03-05T23:15:00Z')).toBe('2024-03-05');
    expect(isoDate('2024-03-05T23:15:00-05:00')).toBe('2024-03-06');
  });

  it('normalizes instants to UTC ISO-8601, reading zone-less .NET values as UTC', () => {
    expect(isoDateTime('2019-08-24T14:15:22Z')).toBe('2019-08-24T14:15:22.000Z');
    expect(isoDateTime('2019-08-24T14:15:22.1234567')).toBe('2019-08-24T14:15:22.123Z');
    expect(isoDateTime('2019-08-24T16:15:22+02:00')).toBe('2019-08-24T14:15:22.000Z');
    expect(isoDateTime('2022-07-22')).toBe('2022-07-22T00:00:00.000Z');
  });

  it('rejects what is not a date', () => {
    expect(() => isoDate('2022-02-30')).toThrow(UnitParseError);
    expect(() => isoDateTime('yesterday')).toThrow(UnitParseError);
  });
});
