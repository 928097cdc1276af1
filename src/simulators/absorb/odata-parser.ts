import { ODataError, parseDateTimeLiteral, tokenize, type Token } from './odata-lexer.js';

/**
 * Recursive-descent parser from tokens to a typed AST. Types are checked while parsing, as the
 * .NET OData binder does, so `firstName eq 5` or `not firstName` fail with a 400 naming the place
 * instead of silently matching nothing.
 *
 * Precedence, highest first: `not`, comparisons, `and`, `or`; parentheses group.
 */

/** How a resource's field may be used in a filter. `unfilterable` covers arrays and objects. */
export type ODataFieldType = 'string' | 'guid' | 'number' | 'boolean' | 'datetime' | 'unfilterable';
export type ODataFields = Readonly<Record<string, ODataFieldType>>;

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FunctionName = 'substringof' | 'startswith' | 'endswith' | 'tolower' | 'toupper';

/** Static type of an expression; `null` is the type of the `null` literal. */
export type ValueType = Exclude<ODataFieldType, 'unfilterable'> | 'null';

export type FilterNode =
  | { kind: 'literal'; type: ValueType; value: string | number | boolean | null; position: number }
  | { kind: 'field'; name: string; type: ValueType; position: number }
  | { kind: 'compare'; operator: ComparisonOperator; left: FilterNode; right: FilterNode; position: number }
  | { kind: 'and' | 'or'; operands: FilterNode[]; position: number }
  | { kind: 'not'; operand: FilterNode; position: number }
  | { kind: 'call'; name: FunctionName; args: FilterNode[]; position: number };

const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const KEYWORDS: ReadonlySet<string> = new Set([...COMPARISONS, 'and', 'or', 'not']);

/** Arity and result type per function; every argument must be text (a guid counts as text). */
const FUNCTIONS: Readonly<Record<FunctionName, { arity: number; result: ValueType }>> = {
  substringof: { arity: 2, result: 'boolean' },
  startswith: { arity: 2, result: 'boolean' },
  endswith: { arity: 2, result: 'boolean' },
  tolower: { arity: 1, result: 'string' },
  toupper: { arity: 1, result: 'string' },
};

/** Deep enough for any real filter, shallow enough that `((((…` cannot overflow the stack. */
const MAX_DEPTH = 100;

export function typeOf(node: FilterNode): ValueType {
  switch (node.kind) {
    case 'literal':
    case 'field':
      return node.type;
    case 'call':
      return FUNCTIONS[node.name].result;
    default:
      return 'boolean';
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'identifier':
      return `'${token.text}'`;
    case 'string':
      return 'a string literal';
    case 'number':
      return `'${token.text}'`;
    case 'guid':
      return 'a guid literal';
    case 'datetime':
      return 'a datetime literal';
    case 'end':
      return 'the end of the filter';
    default:
      return `'${token.kind}'`;
  }
}

function isTextual(type: ValueType): boolean {
  return type === 'string' || type === 'guid' || type === 'null';
}

/**
 * Whether two operand types may be compared. Text literals stand in for guids and dates (a
 * `'2024-01-01'` against a date field), as the .NET binder promotes them.
 */
function comparable(left: FilterNode, right: FilterNode): boolean {
  const a = typeOf(left);
  const b = typeOf(right);
  if (a === b || a === 'null' || b === 'null') return true;
  const pair = (x: ValueType, y: ValueType): boolean => (a === x && b === y) || (a === y && b === x);
  if (pair('guid', 'string')) return true;
  if (pair('datetime', 'string')) {
    const text = a === 'string' ? left : right;
    return text.kind === 'literal' && parseDateTimeLiteral(String(text.value)) !== null;
  }
  return false;
}

class Parser {
  private index = 0;
  private depth = 0;
  private readonly fieldsByLowerName = new Map<string, [string, ODataFieldType]>();

  constructor(
    private readonly tokens: Token[],
    fields: ODataFields,
  ) {
    for (const [name, type] of Object.entries(fields)) this.fieldsByLowerName.set(name.toLowerCase(), [name, type]);
  }

  parse(): FilterNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') throw new ODataError(`Unexpected ${describe(next)}; expected 'and', 'or' or the end of the filter`, next.position);
    this.requireBoolean(node, 'The filter');
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private keyword(): string | null {
    const token = this.peek();
    return token.kind === 'identifier' ? token.text.toLowerCase() : null;
  }

  private expect(kind: '(' | ')' | ',', context: string): void {
    const token = this.peek();
    if (token.kind !== kind) throw new ODataError(`Expected '${kind}' ${context} but found ${describe(token)}`, token.position);
    this.advance();
  }

  private requireBoolean(node: FilterNode, what: string): void {
    const type = typeOf(node);
    if (type !== 'boolean') throw new ODataError(`${what} must be a boolean expression, not ${type}`, node.position);
  }

  /** `or` chains are flattened into one node so a 200-clause chain is one loop, not 200 frames. */
  private parseOr(): FilterNode {
    const first = this.parseAnd();
    if (this.keyword() !== 'or') return first;
    const operands = [first];
    while (this.keyword() === 'or') {
      this.advance();
      operands.push(this.parseAnd());
    }
    for (const operand of operands) this.requireBoolean(operand, "An operand of 'or'");
    return { kind: 'or', operands, position: first.position };
  }

  private parseAnd(): FilterNode {
    const first = this.parseComparison();
    if (this.keyword() !== 'and') return first;
    const operands = [first];
    while (this.keyword() === 'and') {
      this.advance();
      operands.push(this.parseComparison());
    }
    for (const operand of operands) this.requireBoolean(operand, "An operand of 'and'");
    return { kind: 'and', operands, position: first.position };
  }

  private parseComparison(): FilterNode {
    let left = this.parseUnary();
    for (let op = this.keyword(); op !== null && COMPARISONS.has(op); op = this.keyword()) {
      const operatorToken = this.advance();
      const right = this.parseUnary();
      if (!comparable(left, right)) {
        throw new ODataError(`Operator '${op}' cannot compare ${typeOf(left)} with ${typeOf(right)}`, operatorToken.position);
      }
      left = { kind: 'compare', operator: op as ComparisonOperator, left, right, position: left.position };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.keyword() !== 'not') return this.parsePrimary();
    const token = this.advance();
    const operand = this.nested(() => this.parseUnary());
    this.requireBoolean(operand, "The operand of 'not'");
    return { kind: 'not', operand, position: token.position };
  }

  private nested<T>(parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw new ODataError(`Filter nested deeper than ${MAX_DEPTH} levels`, this.peek().position);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private parsePrimary(): FilterNode {
    const token = this.advance();
    const position = token.position;
    switch (token.kind) {
      case '(': {
        const inner = this.nested(() => this.parseOr());
        this.expect(')', `to close the '(' at position ${position}`);
        return inner;
      }
      case 'string':
        return { kind: 'literal', type: 'string', value: token.value, position };
      case 'number':
        return { kind: 'literal', type: 'number', value: token.value, position };
      case 'guid':
        return { kind: 'literal', type: 'guid', value: token.value, position };
      case 'datetime':
        return { kind: 'literal', type: 'datetime', value: token.value, position };
      case 'identifier':
        return this.parseIdentifier(token.text, position);
      default:
        throw new ODataError(`Unexpected ${describe(token)}; expected a field, a literal, a function or '('`, position);
    }
  }

  private parseIdentifier(text: string, position: number): FilterNode {
    const lower = text.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'literal', type: 'boolean', value: lower === 'true', position };
    if (lower === 'null') return { kind: 'literal', type: 'null', value: null, position };
    if (this.peek().kind === '(') {
      if (!(lower in FUNCTIONS)) throw new ODataError(`Unknown function '${text}'`, position);
      return this.parseCall(lower as FunctionName, position);
    }
    if (KEYWORDS.has(lower)) throw new ODataError(`Unexpected '${text}'; expected a field, a literal, a function or '('`, position);
    const field = this.fieldsByLowerName.get(lower);
    if (field === undefined) throw new ODataError(`Unknown field '${text}'`, position);
    const [name, type] = field;
    if (type === 'unfilterable') throw new ODataError(`Field '${name}' cannot be used in a filter`, position);
    return { kind: 'field', name, type, position };
  }

  private parseCall(name: FunctionName, position: number): FilterNode {
    this.advance(); // '('
    const args: FilterNode[] = [];
    this.nested(() => {
      if (this.peek().kind !== ')') {
        args.push(this.parseOr());
        while (this.peek().kind === ',') {
          this.advance();
          args.push(this.parseOr());
        }
      }
      this.expect(')', `to close the arguments of ${name}() at position ${position}`);
    });
    const { arity } = FUNCTIONS[name];
    if (args.length !== arity) throw new ODataError(`${name}() takes ${arity} argument${arity === 1 ? '' : 's'}, not ${args.length}`, position);
    for (const arg of args) {
      if (!isTextual(typeOf(arg))) throw new ODataError(`${name}() takes text arguments, not ${typeOf(arg)}`, arg.position);
    }
    return { kind: 'call', name, args, position };
  }
}

/** Parses `_filter` against a resource's fields (names matched case-insensitively). */
export function parseFilter(source: string, fields: ODataFields): FilterNode {
  return new Parser(tokenize(source), fields).parse();
}
