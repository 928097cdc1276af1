/**
 * `JSON.parse` of a large upstream body, one list item at a time.
 *
 * Why: a whole-page answer (Absorb's 1,000 course enrollments, 290 KB) parsed in one piece costs
 * twice over in V8. The decoded text is one string past the large-object threshold: it gets fresh
 * memory pages of its own, each paid for by a page fault on first touch (two bytes per character
 * once a single name carries an accent). And V8's JSON parser allocates everything it builds from
 * a source of 100 K characters or more straight in the old generation, so data that lives for one
 * GraphQL request fills the old generation, and costs collections, as if it were long-lived.
 * Parsed in pieces, each item's text is a small young string and its objects are young, where
 * request-scoped data belongs. In `npm run bench:profile` terms: the enrollment page parses in
 * 1.3 ms with no page fault instead of 2.9 ms with about 150.
 *
 * How: one pass over the bytes finds the top-level lists: the body itself when it is an array,
 * else every array that is the value of a member of the body's object. Their items, split at the
 * commas between them, are each parsed alone; the rest of the body, with those lists emptied
 * (`"enrollments":[]`), is parsed as the skeleton the items are put back into. Every byte of the
 * body is read by `JSON.parse` exactly once, as part of an item or of the skeleton, so a body is
 * accepted exactly when `JSON.parse` would accept it, and gives the same value.
 *
 * The scan works on UTF-8 bytes: every byte of a multi-byte character is ≥ 0x80, so none is ever
 * taken for a quote, a backslash, a bracket or a comma.
 */

/** Bodies smaller than this are parsed whole: their text is a small string and their objects are young. */
export const PIECEWISE_MIN_BYTES = 32 * 1024;
/** A list shorter than this (in bytes) stays in the skeleton: splitting it gains nothing. */
const MIN_LIST_BYTES = 8 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A list found at the top of the body: its brackets, its items' byte ranges, and its member name. */
interface TopLevelList {
  open: number;
  close: number;
  /** Item boundaries: item i is bytes `starts[i]` up to `ends[i]` (the comma or closing bracket). */
  starts: number[];
  ends: number[];
  /** The member it is the value of; undefined when the list is the body itself. */
  key: string | undefined;
}

/**
 * The body's value, as `JSON.parse(raw.toString('utf8'))` gives it (a leading byte-order mark
 * ignored); throws a SyntaxError exactly when that would. `minListBytes`: lists shorter than this
 * stay in the skeleton (tests split small bodies with 0).
 */
export function parseJsonPiecewise(raw: Buffer, minListBytes = MIN_LIST_BYTES): unknown {
  const start = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  const lists = findTopLevelLists(raw, start, minListBytes);
  if (lists === null || lists.length === 0) return JSON.parse(raw.toString('utf8', start));

  // The skeleton: the body with every found list emptied.
  let skeletonText = '';
  let from = start;
  for (const list of lists) {
    skeletonText += raw.toString('utf8', from, list.open + 1);
    from = list.close;
  }
  skeletonText += raw.toString('utf8', from);
  const skeleton: unknown = JSON.parse(skeletonText);

  for (const list of lists) {
    const items = parseItems(raw, list);
    if (list.key === undefined) return items;
    // Found by the scan as the value of a member whose name occurs once (see findTopLevelLists),
    // so this is the emptied list itself. Filled in place, never assigned: the member may be
    // named `__proto__`.
    const emptied = (skeleton as Record<string, unknown[]>)[list.key]!;
    for (const item of items) emptied.push(item);
  }
  return skeleton;
}

function parseItems(raw: Buffer, list: TopLevelList): unknown[] {
  // `[ ]`: one blank "item", which is no item at all (while a blank item among others is an error).
  if (list.starts.length === 1 && isBlank(raw, list.starts[0]!, list.ends[0]!)) return [];
  const items: unknown[] = new Array(list.starts.length);
  for (let i = 0; i < list.starts.length; i++) items[i] = JSON.parse(raw.toString('utf8', list.starts[i], list.ends[i]));
  return items;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isBlank(raw: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhitespace(raw[i]!)) return false;
  return true;
}

/**
 * The lists worth parsing item by item, in order, or null when the body is better parsed whole:
 * not an object or array at the top, not balanced, anything but whitespace after it, or a list
 * whose member name occurs more than once (`JSON.parse` keeps the last occurrence, which need not
 * be the one split). Any of these that makes the body invalid is then reported by the whole parse.
 */
function findTopLevelLists(raw: Buffer, start: number, minListBytes: number): TopLevelList[] | null {
  const length = raw.length;
  let position = start;
  while (position < length && isWhitespace(raw[position]!)) position++;
  const first = raw[position];
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return null;
  const bodyIsList = first === OPEN_BRACKET;
  /** The body's own object or array is depth 1; the lists split open at depth 2 (depth 1: the body is the list). */
  const listDepth = bodyIsList ? 1 : 2;

  const lists: TopLevelList[] = [];
  /** How often each member name of an object body occurs. */
  const nameCounts = new Map<string, number>();
  let depth = 0;
  let current: TopLevelList | null = null;
  /** In an object body at depth 1: a string now is a member name (after `{` or `,`), not a value. */
  let expectName = false;
  let lastName: string | undefined;

  for (let i = position; i < length; i++) {
    const byte = raw[i]!;
    if (byte === QUOTE) {
      const stringStart = i;
      i++;
      while (i < length && raw[i] !== QUOTE) i += raw[i] === BACKSLASH ? 2 : 1;
      if (i >= length) return null;
      if (depth === 1 && expectName) {
        // A name is parsed for real: an escaped spelling and a plain one are the same member.
        lastName = JSON.parse(raw.toString('utf8', stringStart, i + 1)) as string;
        nameCounts.set(lastName, (nameCounts.get(lastName) ?? 0) + 1);
        expectName = false;
      }
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      if (depth === 1) expectName = !bodyIsList;
      if (depth === listDepth && byte === OPEN_BRACKET) {
        current = { open: i, close: -1, starts: [i + 1], ends: [], key: bodyIsList ? undefined : lastName };
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === listDepth && current !== null) {
        current.close = i;
        current.ends.push(i);
        if (current.close - current.open >= minListBytes) lists.push(current);
        current = null;
      }
      depth--;
      if (depth < 0) return null;
      if (depth === 0) {
        if (!isBlank(raw, i + 1, length)) return null;
        break;
      }
    } else if (byte === COMMA) {
      if (depth === 1) expectName = !bodyIsList;
      if (depth === listDepth && current !== null) {
        current.ends.push(i);
        current.starts.push(i + 1);
      }
    }
  }
  if (depth !== 0) return null;
  for (const list of lists) {
    if (bodyIsList) continue;
    if (list.key === undefined || nameCounts.get(list.key) !== 1) return null;
  }
  return lists;
}
