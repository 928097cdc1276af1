/**
 * Building Absorb `_filter` expressions (OData v3 subset) from values that may come from users.
 * Every value goes through a literal builder: a text literal doubles its single quotes, so
 * `O'Brien` cannot end the literal and inject an operator; a guid literal accepts only a guid.
 * Field names are never taken from input: callers pass one of a fixed set.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ODataLiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ODataLiteralError';
  }
}

/** `'text'` with each `'` doubled, as OData escapes quotes inside a literal. */
export function textLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** `guid'…'` (lower-cased). A value that is not a guid is refused rather than quoted. */
export function guidLiteral(value: string): string {
  if (!GUID.test(value)) throw new ODataLiteralError('a guid literal needs a guid');
  return `guid'${value.toLowerCase()}'`;
}

/** `field eq <literal>`; the literal must come from textLiteral or guidLiteral. */
export function eq(field: string, literal: string): string {
  return `${field} eq ${literal}`;
}

/**
 * `tolower(field) eq <value lower-cased>`: a match that ignores case, for values another system
 * spells in its own case (a SelfCommunity username that is an employeeID).
 */
export function eqIgnoringCase(field: string, value: string): string {
  return `tolower(${field}) eq ${textLiteral(value.toLowerCase())}`;
}

/** Joins clauses with `or`; `and` binds tighter, so plain `eq` clauses need no parentheses. */
export function anyOf(clauses: readonly string[]): string {
  return clauses.join(' or ');
}

/** What one clause costs in a query string (form-encoded: spaces as `+`, quotes as `%27`, …). */
export function encodedLength(text: string): number {
  // URLSearchParams encodes character by character, so lengths of parts add up exactly.
  return new URLSearchParams({ q: text }).toString().length - 'q='.length;
}

/** The encoded length of the ` or ` between two clauses. */
export const OR_SEPARATOR_LENGTH = encodedLength(' or ');

/**
 * Splits clauses into as few `anyOf` filters as fit in `budget` encoded characters each, by
 * first-fit decreasing (optimal when the clauses are the same length, as ids and employee numbers
 * usually are; within a few percent otherwise). A clause longer than the budget on its own cannot
 * be sent and is returned in `tooLong`.
 */
export function packClauses(clauses: readonly string[], budget: number): { filters: string[]; tooLong: string[] } {
  const sized = clauses.map((clause) => ({ clause, length: encodedLength(clause) }));
  sized.sort((a, b) => b.length - a.length);
  const bins: { clauses: string[]; length: number }[] = [];
  const tooLong: string[] = [];
  for (const { clause, length } of sized) {
    if (length > budget) {
      tooLong.push(clause);
      continue;
    }
    const bin = bins.find((candidate) => candidate.length + OR_SEPARATOR_LENGTH + length <= budget);
    if (bin === undefined) bins.push({ clauses: [clause], length });
    else {
      bin.clauses.push(clause);
      bin.length += OR_SEPARATOR_LENGTH + length;
    }
  }
  return { filters: bins.map((bin) => anyOf(bin.clauses)), tooLong };
}

/**
 * Splits `items` into groups in input order where each group has at most `maxItems` and its cost
 * (`itemCost` each plus `separatorCost` between two) stays within `budget`. Used for repeated query
 * parameters (`userIds=…&userIds=…`), where every item costs the same.
 */
export function chunkByCost<T>(items: readonly T[], maxItems: number, budget: number, itemCost: (item: T) => number, separatorCost: number): { chunks: T[][]; tooLong: T[] } {
  const chunks: T[][] = [];
  const tooLong: T[] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const cost = itemCost(item);
    if (cost > budget) {
      tooLong.push(item);
      continue;
    }
    const extra = current.length === 0 ? cost : separatorCost + cost;
    if (current.length >= maxItems || used + extra > budget) {
      chunks.push(current);
      current = [item];
      used = cost;
    } else {
      current.push(item);
      used += extra;
    }
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, tooLong };
}
