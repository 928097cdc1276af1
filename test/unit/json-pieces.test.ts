/**
 * parseJsonPiecewise (src/providers/http/json-pieces.ts) must be `JSON.parse` of the body's text,
 * only cheaper: the same value for every body `JSON.parse` accepts, a SyntaxError for every body
 * it refuses. Checked on hand-picked bodies, then on seeded random ones and random one-byte
 * corruptions of them, all split down to lists of one item (`minListBytes` 0).
 */
import { describe, expect, it } from '@jest/globals';
import { parseJsonBody } from '../../src/providers/http/body.js';
import { parseJsonPiecewise, PIECEWISE_MIN_BYTES } from '../../src/providers/http/json-pieces.js';

type Outcome = { ok: true; value: unknown } | { ok: false };

function outcome(parse: () => unknown): Outcome {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
    return { ok: false };
  }
}

/** The reference: the whole text, byte-order mark dropped, as the server parsed bodies before. */
const whole = (raw: Buffer): Outcome => outcome(() => JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, '')));
const piecewise = (raw: Buffer): Outcome => outcome(() => parseJsonPiecewise(raw, 0));

function expectSameAsWhole(text: string): void {
  const raw = Buffer.from(text, 'utf8');
  const expected = whole(raw);
  const actual = piecewise(raw);
  expect({ text, ...actual }).toEqual({ text, ...expected });
  // Own properties named __proto__ must stay own data, never become a prototype.
  if (actual.ok && expected.ok) expect(Object.getPrototypeOf(actual.value)).toBe(Object.getPrototypeOf(expected.value));
}

/** A small seeded generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWKWARD_STRINGS = ['', 'plain', 'a "quoted" word', 'back\\slash', 'ends with \\', '[brackets], {braces}: and, commas', 'Đặng Thị Ngọc', 'tab\there', 'line\nbreak', '\u2028', '😀'];

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 4 : 7));
  switch (pick) {
    case 0:
      return AWKWARD_STRINGS[Math.floor(next() * AWKWARD_STRINGS.length)];
    case 1:
      return Math.round(next() * 1e6) / 100 - 5000;
    case 2:
      return next() < 0.5 ? null : next() < 0.5;
    case 3:
      return Math.floor(next() * 100);
    case 4:
    case 5: {
      const object: Record<string, unknown> = {};
      const keys = Math.floor(next() * 4);
      for (let i = 0; i < keys; i++) object[AWKWARD_STRINGS[Math.floor(next() * AWKWARD_STRINGS.length)]! + String(i % 2)] = randomValue(next, depth + 1);
      return object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  }
}

/** JSON text with random whitespace between tokens (never inside a string). */
function spaced(value: unknown, next: () => number): string {
  const gap = (): string => [' ', '\n', '\t', '\r\n', ''][Math.floor(next() * 5)]!.repeat(next() < 0.7 ? 0 : 1);
  if (Array.isArray(value)) return `[${gap()}${value.map((item) => `${gap()}${spaced(item, next)}${gap()}`).join(',')}${gap()}]`;
  if (value !== null && typeof value === 'object') {
    return `{${gap()}${Object.entries(value)
      .map(([key, item]) => `${gap()}${JSON.stringify(key)}${gap()}:${gap()}${spaced(item, next)}${gap()}`)
      .join(',')}${gap()}}`;
  }
  return JSON.stringify(value);
}

/** Bodies shaped like the upstreams' answers: a bare list, or an object with a list among other members. */
function randomBody(next: () => number): string {
  const items = Array.from({ length: Math.floor(next() * 6) }, () => randomValue(next, 1));
  if (next() < 0.3) return spaced(items, next);
  const page: Record<string, unknown> = { totalItems: items.length };
  page[next() < 0.5 ? 'enrollments' : 'results'] = items;
  if (next() < 0.3) page.other = Array.from({ length: 2 }, () => randomValue(next, 2));
  if (next() < 0.5) page.next = next() < 0.5 ? null : 'https://example.test/?page=2';
  return spaced(page, next);
}

const CORRUPTIONS = ['', ',', ']', '[', '}', '{', '"', '\\', ':', ' ', 'x', '0'];

describe('parseJsonPiecewise', () => {
  it.each([
    ['a page object', '{"totalItems":2,"limit":1000,"enrollments":[{"id":"a","name":"Đặng"},{"id":"b","name":null}]}'],
    ['a bare list', '[{"a":1},{"b":[1,2,{"c":"]"}]},3,"x",null]'],
    ['two lists and a nested one', '{"a":[1,2],"b":{"c":[3,4]},"d":[[5],[6,[7]]]}'],
    ['empty lists, also spaced', '{"a":[],"b":[ \n ],"c":[ ]}'],
    ['a byte-order mark', '\uFEFF{"a":[1,2]}'],
    ['strings holding structure', '{"a":["x,y","[{","}]","\\"","\\\\",",\\"]"]}'],
    ['a member named __proto__', '{"__proto__":[1,2],"a":[3]}'],
    ['a list named __proto__ with an object prototype inside', '{"__proto__":[{"__proto__":{"x":1}}]}'],
    ['an escaped member name', '{"\\u0061":[1,2]}'],
    ['a duplicate list member (the last wins)', '{"a":[1,2],"a":[3]}'],
    ['a list member and a later duplicate', '{"a":[1,2],"b":0,"a":{"x":[1]}}'],
    ['the same name spelled two ways', '{"a":[1],"\\u0061":[2,3]}'],
    ['whitespace around everything', ' \r\n\t{ "a" : [ 1 , 2 ] } \n'],
    ['a trailing comma in a list', '{"a":[1,2,]}'],
    ['a missing comma between items', '{"a":[{"x":1} {"y":2}]}'],
    ['a double comma', '[1,,2]'],
    ['a leading comma', '[,1]'],
    ['a blank list item alone with a comma', '[ , ]'],
    ['mismatched brackets', '{"a":[{"x":1]}]}'],
    ['mismatched brackets in a list body', '[{]}]'],
    ['an unclosed list', '{"a":[1,2}'],
    ['an unclosed string', '{"a":["x]}'],
    ['garbage after the body', '{"a":[1]} x'],
    ['a second body', '[1][2]'],
    ['a missing colon', '{"a" [1]}'],
    ['a value where a name belongs', '{"a":[1],[2]}'],
    ['a bare string body', '"just text"'],
    ['a number body', '42'],
    ['a blank body', '   '],
    ['an empty body', ''],
    ['unbalanced closers', ']]'],
    ['a control character in a string', '{"a":["x\u0001y"]}'],
    ['a control character in a name', '{"a\u0001":[1]}'],
  ])('matches JSON.parse on %s', (_label, text) => {
    expectSameAsWhole(text);
  });

  it('matches JSON.parse on 2,000 random bodies and 14,000 one-byte corruptions of them', () => {
    const next = random(20261125);
    let accepted = 0;
    let refused = 0;
    for (let body = 0; body < 2000; body++) {
      const text = randomBody(next);
      expectSameAsWhole(text);
      for (let corruption = 0; corruption < 7; corruption++) {
        const at = Math.floor(next() * (text.length + 1));
        const insert = CORRUPTIONS[Math.floor(next() * CORRUPTIONS.length)]!;
        const removeOne = next() < 0.5 ? 1 : 0;
        const broken = text.slice(0, at) + insert + text.slice(at + removeOne);
        expectSameAsWhole(broken);
        if (whole(Buffer.from(broken)).ok) accepted++;
        else refused++;
      }
    }
    // The corruptions must exercise both sides: some stay valid JSON, most do not.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(3000);
  });

  it('gives a large page the same value as a whole parse, and parseJsonBody takes this path for it', () => {
    const enrollments = Array.from({ length: 600 }, (_, i) => ({ id: `e${i}`, fullName: i % 7 === 0 ? 'Nguyễn Văn Đức' : `Learner ${i}`, score: i / 3, dateAdded: '2025-01-02T03:04:05' }));
    const text = JSON.stringify({ totalItems: enrollments.length, limit: 1000, enrollments });
    const raw = Buffer.from(text, 'utf8');
    expect(raw.length).toBeGreaterThanOrEqual(PIECEWISE_MIN_BYTES);
    expect(parseJsonPiecewise(raw)).toEqual(JSON.parse(text));
    expect(parseJsonBody(raw)).toEqual({ kind: 'json', value: JSON.parse(text) });
  });

  it('tells a large malformed body from a large blank one', () => {
    const valid = JSON.stringify({ items: Array.from({ length: 4000 }, (_, i) => ({ i })) });
    expect(Buffer.byteLength(valid)).toBeGreaterThanOrEqual(PIECEWISE_MIN_BYTES);
    expect(parseJsonBody(Buffer.from(valid.replace('{"i":5}', '{"i":5')))).toEqual({ kind: 'malformed' });
    expect(parseJsonBody(Buffer.from(valid.slice(0, -2)))).toEqual({ kind: 'malformed' });
    expect(parseJsonBody(Buffer.from(' '.repeat(PIECEWISE_MIN_BYTES)))).toEqual({ kind: 'empty' });
  });
});
