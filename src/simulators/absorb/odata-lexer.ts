/**
 * Tokenizer for Absorb's `_filter` (the OData v3 filter subset the Integration API documents).
 * Kept apart from the parser so the parser works on whole tokens and every error, lexical or
 * syntactic, carries the position of the character that caused it.
 */

/** A filter the simulator refuses; `position` is the 0-based character offset of the culprit. */
export class ODataError extends Error {
  override readonly name = 'ODataError';

  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

export type Token =
  | { kind: 'identifier'; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'guid'; value: string; position: number }
  | { kind: 'datetime'; value: number; text: string; position: number }
  | { kind: '(' | ')' | ','; position: number }
  | { kind: 'end'; position: number };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Parses a `datetime'…'` body as an instant (epoch ms); a date alone is midnight UTC. */
export function parseDateTimeLiteral(text: string): number | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(\.\d{1,7})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!match) return null;
  const [, date, hoursMinutes, seconds, , zone] = match;
  // JavaScript dates keep milliseconds; .NET's seven fraction digits are cut to three.
  const time = `${hoursMinutes ?? '00:00'}${seconds?.slice(0, 7) ?? ':00'}`;
  // A value without a zone is read as UTC: the API stores and answers UTC.
  let offset = 'Z';
  if (zone !== undefined && zone.toUpperCase() !== 'Z') offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${time}${offset}`);
  return Number.isNaN(ms) ? null : ms;
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;

  /** Reads a quoted body starting at the opening quote; `''` inside is one quote. */
  const readQuoted = (start: number): { value: string; next: number } => {
    let value = '';
    let j = start + 1;
    for (;;) {
      if (j >= source.length) throw new ODataError('Unterminated string literal', start);
      const ch = source[j] as string;
      if (ch === "'") {
        if (source[j + 1] === "'") {
          value += "'";
          j += 2;
          continue;
        }
        return { value, next: j + 1 };
      }
      value += ch;
      j += 1;
    }
  };

  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, position: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      const { value, next } = readQuoted(i);
      tokens.push({ kind: 'string', value, position: i });
      i = next;
      continue;
    }
    if (DIGIT.test(ch) || (ch === '-' && DIGIT.test(source[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      const text = (match as RegExpExecArray)[0];
      const after = source[i + text.length];
      if (after !== undefined && IDENTIFIER_PART.test(after)) {
        throw new ODataError(`Malformed number '${text}${after}'`, i);
      }
      tokens.push({ kind: 'number', value: Number(text), text, position: i });
      i += text.length;
      continue;
    }
    if (IDENTIFIER_START.test(ch)) {
      let j = i + 1;
      while (j < source.length && IDENTIFIER_PART.test(source[j] as string)) j += 1;
      const text = source.slice(i, j);
      if (source[j] === "'") {
        // A typed literal: the prefix touches the opening quote, as in guid'…' and datetime'…'.
        const { value, next } = readQuoted(j);
        const prefix = text.toLowerCase();
        if (prefix === 'guid') {
          if (!GUID.test(value)) throw new ODataError(`Malformed guid literal '${value}'`, i);
          tokens.push({ kind: 'guid', value: value.toLowerCase(), position: i });
        } else if (prefix === 'datetime' || prefix === 'datetimeoffset') {
          const ms = parseDateTimeLiteral(value);
          if (ms === null) throw new ODataError(`Malformed datetime literal '${value}'`, i);
          tokens.push({ kind: 'datetime', value: ms, text: value, position: i });
        } else {
          throw new ODataError(`Unknown literal type '${text}'`, i);
        }
        i = next;
        continue;
      }
      tokens.push({ kind: 'identifier', text, position: i });
      i = j;
      continue;
    }
    throw new ODataError(`Unexpected character '${ch}'`, i);
  }
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
}
