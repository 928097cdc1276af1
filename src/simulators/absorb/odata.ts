import { parseDateTimeLiteral } from './odata-lexer.js';
import { parseFilter, typeOf, type ComparisonOperator, type FilterNode, type ODataFields } from './odata-parser.js';

/**
 * Absorb's `_filter`: parse once (odata-parser.ts), then compile the AST into closures that a
 * list handler runs over each serialised record. Semantics follow .NET's lifted operators: a null
 * equals only null, and an ordering comparison involving null is false. String comparison is
 * ordinal and case-sensitive (tolower/toupper exist for the other case).
 */

export { ODataError } from './odata-lexer.js';
export { parseFilter, type FilterNode, type ODataFieldType, type ODataFields } from './odata-parser.js';

export type RecordPredicate = (record: Readonly<Record<string, unknown>>) => boolean;
type Evaluator = (record: Readonly<Record<string, unknown>>) => unknown;
type Scalar = string | number | boolean | null;

/** How a comparison reads its operands: date-times as instants, guids case-insensitively. */
type CompareMode = 'plain' | 'guid' | 'datetime';

function toInstant(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const ms = parseDateTimeLiteral(value) ?? Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function normalise(value: unknown, mode: CompareMode): Scalar {
  if (value === undefined || value === null) return null;
  if (mode === 'datetime') return toInstant(value);
  if (mode === 'guid') return typeof value === 'string' ? value.toLowerCase() : null;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** Sign of a − b for same-typed values; NaN when they cannot be ordered. */
function order(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return Number.NaN;
}

function compare(operator: ComparisonOperator, a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) {
    if (operator === 'eq') return a === b;
    if (operator === 'ne') return a !== b;
    return false;
  }
  const sign = order(a, b);
  switch (operator) {
    case 'eq':
      return sign === 0;
    case 'ne':
      return !(sign === 0);
    case 'gt':
      return sign > 0;
    case 'ge':
      return sign >= 0;
    case 'lt':
      return sign < 0;
    case 'le':
      return sign <= 0;
  }
}

function modeOf(node: Extract<FilterNode, { kind: 'compare' }>): CompareMode {
  const types = [typeOf(node.left), typeOf(node.right)];
  if (types.includes('datetime')) return 'datetime';
  if (types.includes('guid')) return 'guid';
  return 'plain';
}

/**
 * `field eq 'a' or field eq 'b' or …` (how a client looks up a batch of users) becomes one set
 * lookup, so a 200-clause chain costs the same per record as one clause.
 */
function equalityChain(operands: FilterNode[]): { field: string; mode: CompareMode; values: Set<Scalar> } | null {
  let field: string | null = null;
  let mode: CompareMode | null = null;
  const values = new Set<Scalar>();
  for (const operand of operands) {
    if (operand.kind !== 'compare' || operand.operator !== 'eq') return null;
    const { left, right } = operand;
    const [fieldNode, literal] = left.kind === 'field' ? [left, right] : [right, left];
    if (fieldNode.kind !== 'field' || literal.kind !== 'literal' || literal.value === null) return null;
    const operandMode = modeOf(operand);
    if ((field !== null && field !== fieldNode.name) || (mode !== null && mode !== operandMode)) return null;
    field = fieldNode.name;
    mode = operandMode;
    values.add(normalise(literal.value, operandMode));
  }
  return field === null || mode === null ? null : { field, mode, values };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function compileNode(node: FilterNode): Evaluator {
  switch (node.kind) {
    case 'literal': {
      const { value } = node;
      return () => value;
    }
    case 'field': {
      const { name } = node;
      return (record) => record[name] ?? null;
    }
    case 'compare': {
      const mode = modeOf(node);
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      const { operator } = node;
      return (record) => compare(operator, normalise(left(record), mode), normalise(right(record), mode));
    }
    case 'and': {
      const operands = node.operands.map(compileNode);
      return (record) => operands.every((operand) => operand(record) === true);
    }
    case 'or': {
      const chain = equalityChain(node.operands);
      if (chain) {
        const { field, mode, values } = chain;
        return (record) => {
          const value = normalise(record[field], mode);
          return value !== null && values.has(value);
        };
      }
      const operands = node.operands.map(compileNode);
      return (record) => operands.some((operand) => operand(record) === true);
    }
    case 'not': {
      const operand = compileNode(node.operand);
      return (record) => operand(record) !== true;
    }
    case 'call': {
      const args = node.args.map(compileNode);
      const [first, second] = args as [Evaluator, Evaluator | undefined];
      const both = (record: Readonly<Record<string, unknown>>): [string | null, string | null] => [
        text(first(record)),
        second ? text(second(record)) : null,
      ];
      switch (node.name) {
        case 'tolower':
          return (record) => text(first(record))?.toLowerCase() ?? null;
        case 'toupper':
          return (record) => text(first(record))?.toUpperCase() ?? null;
        case 'substringof':
          return (record) => {
            const [needle, haystack] = both(record);
            return needle !== null && haystack !== null && haystack.includes(needle);
          };
        case 'startswith':
          return (record) => {
            const [value, prefix] = both(record);
            return value !== null && prefix !== null && value.startsWith(prefix);
          };
        case 'endswith':
          return (record) => {
            const [value, suffix] = both(record);
            return value !== null && suffix !== null && value.endsWith(suffix);
          };
      }
    }
  }
}

/** Compiles a filter into a predicate; throws ODataError for anything the API would answer 400. */
export function compileFilter(source: string, fields: ODataFields): RecordPredicate {
  const evaluate = compileNode(parseFilter(source, fields));
  return (record) => evaluate(record) === true;
}
