import { describe, expect, it } from '@jest/globals';
import { compileFilter, ODataError, parseFilter, type ODataFields } from '../../src/simulators/absorb/odata.js';

const fields: ODataFields = {
  id: 'guid',
  username: 'string',
  firstName: 'string',
  lastName: 'string',
  employeeNumber: 'string',
  emailAddress: 'string',
  activeStatus: 'number',
  score: 'number',
  isActive: 'boolean',
  dateEdited: 'datetime',
  sessionIds: 'unfilterable',
};

interface Row extends Record<string, unknown> {
  id: string;
  username: string;
}

const rows: Row[] = [
  {
    id: '0b3b3a52-2f61-4f0e-9a53-1c1f2d000001',
    username: "o'brien",
    firstName: 'Siobhan',
    lastName: "O'Brien",
    employeeNumber: 'EMP001',
    emailAddress: 'siobhan@example.com',
    activeStatus: 0,
    score: 91.5,
    isActive: true,
    dateEdited: '2024-03-01T10:00:00Z',
  },
  {
    id: '0B3B3A52-2F61-4F0E-9A53-1C1F2D000002',
    username: 'budi',
    firstName: 'Budi',
    lastName: 'Santoso',
    employeeNumber: 'EMP002',
    emailAddress: null,
    activeStatus: 1,
    score: null,
    isActive: false,
    dateEdited: '2024-05-20T08:30:00.1234567Z',
  },
  {
    id: '0b3b3a52-2f61-4f0e-9a53-1c1f2d000003',
    username: 'ana',
    firstName: 'Ana',
    lastName: 'Lima',
    employeeNumber: 'EMP003',
    emailAddress: 'ANA@EXAMPLE.COM',
    activeStatus: 0,
    score: 40,
    isActive: true,
    dateEdited: '2023-12-31T23:59:59Z',
  },
];

/** Usernames of the rows a filter keeps, in order. */
function select(filter: string): string[] {
  const predicate = compileFilter(filter, fields);
  return rows.filter(predicate).map((row) => row.username);
}

function errorOf(filter: string): ODataError {
  try {
    compileFilter(filter, fields);
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error(`expected ${filter} to be refused`);
}

describe('OData comparisons', () => {
  it.each([
    ["employeeNumber eq 'EMP002'", ['budi']],
    ["employeeNumber ne 'EMP002'", ["o'brien", 'ana']],
    ['score gt 40', ["o'brien"]],
    ['score ge 40', ["o'brien", 'ana']],
    ['score lt 91.5', ['ana']],
    ['score le 91.5', ["o'brien", 'ana']],
    ["firstName gt 'Ana'", ["o'brien", 'budi']],
    ['activeStatus eq 1', ['budi']],
    ['isActive eq false', ['budi']],
    ['isActive', ["o'brien", 'ana']],
  ])('%s', (filter, expected) => {
    expect(select(filter)).toEqual(expected);
  });

  it('treats null as equal only to null and never ordered', () => {
    expect(select('score eq null')).toEqual(['budi']);
    expect(select('score ne null')).toEqual(["o'brien", 'ana']);
    expect(select('score lt 100')).toEqual(["o'brien", 'ana']);
    expect(select('null eq emailAddress')).toEqual(['budi']);
  });

  it('compares negative and decimal numbers', () => {
    expect(select('score gt -1')).toEqual(["o'brien", 'ana']);
    expect(select('score eq 91.50')).toEqual(["o'brien"]);
  });

  it('matches field names case-insensitively, as the .NET API does', () => {
    expect(select("EmployeeNumber eq 'EMP001'")).toEqual(["o'brien"]);
    expect(select("EMPLOYEENUMBER eq 'EMP001'")).toEqual(["o'brien"]);
  });

  it('accepts keywords and functions in any case', () => {
    expect(select("employeeNumber EQ 'EMP001' OR NOT isActive")).toEqual(["o'brien", 'budi']);
    expect(select("StartsWith(username,'an')")).toEqual(['ana']);
  });

  it('compares strings case-sensitively', () => {
    expect(select("firstName eq 'budi'")).toEqual([]);
  });
});

describe('OData logical operators and precedence', () => {
  it('binds and tighter than or', () => {
    // or(a, and(b, c)), not and(or(a, b), c)
    expect(select("username eq 'budi' or activeStatus eq 0 and score gt 50")).toEqual(["o'brien", 'budi']);
    expect(select("(username eq 'budi' or activeStatus eq 0) and score gt 50")).toEqual(["o'brien"]);
  });

  it('binds not tighter than a comparison', () => {
    // (not isActive) eq true: the inactive row
    expect(select('not isActive eq true')).toEqual(['budi']);
    expect(select("not (username eq 'budi')")).toEqual(["o'brien", 'ana']);
    expect(select("not not (username eq 'budi')")).toEqual(['budi']);
  });

  it('refuses not applied to a non-boolean operand', () => {
    expect(errorOf("not username eq 'budi'").message).toMatch(/operand of 'not' must be a boolean/);
  });

  it('nests parentheses', () => {
    expect(select("((username eq 'ana') or ((username eq 'budi')))")).toEqual(['budi', 'ana']);
  });

  it('evaluates a 200-clause or chain quickly', () => {
    const wanted = Array.from({ length: 200 }, (_, i) => `EMP${String(i).padStart(3, '0')}`);
    const filter = wanted.map((value) => `employeeNumber eq '${value}'`).join(' or ');
    const started = performance.now();
    const predicate = compileFilter(filter, fields);
    const many = Array.from({ length: 20000 }, (_, i) => ({ employeeNumber: `EMP${String(i % 1000).padStart(3, '0')}` }));
    const kept = many.filter(predicate).length;
    const elapsed = performance.now() - started;
    expect(kept).toBe(4000);
    expect(elapsed).toBeLessThan(500);
  });

  it('evaluates a long or chain of mixed clauses', () => {
    const clauses = Array.from({ length: 200 }, (_, i) => (i === 150 ? "startswith(username,'bu')" : `score eq ${i + 1000}`));
    expect(select(clauses.join(' or '))).toEqual(['budi']);
  });
});

describe('OData functions', () => {
  it('substringof(value, field)', () => {
    expect(select("substringof('an', username)")).toEqual(['ana']);
    expect(select("substringof('example', emailAddress)")).toEqual(["o'brien"]);
  });

  it('startswith and endswith', () => {
    expect(select("startswith(employeeNumber,'EMP00')")).toEqual(["o'brien", 'budi', 'ana']);
    expect(select("endswith(lastName,'oso')")).toEqual(['budi']);
    expect(select("startswith(emailAddress,'a')")).toEqual([]);
  });

  it('tolower and toupper on either side of a comparison', () => {
    expect(select("tolower(emailAddress) eq 'ana@example.com'")).toEqual(['ana']);
    expect(select("'BUDI' eq toupper(firstName)")).toEqual(['budi']);
  });

  it('nests functions', () => {
    expect(select("startswith(tolower(emailAddress),'ana@')")).toEqual(['ana']);
    expect(select("substringof('SANT', toupper(lastName))")).toEqual(['budi']);
    expect(select("substringof(tolower('SANT'), tolower(lastName))")).toEqual(['budi']);
  });

  it('compares a boolean function result with a boolean literal', () => {
    expect(select("startswith(username,'b') eq false")).toEqual(["o'brien", 'ana']);
  });

  it('checks arity and argument types', () => {
    expect(errorOf("startswith(username)").message).toMatch(/startswith\(\) takes 2 arguments, not 1 at position 0/);
    expect(errorOf('tolower(score) eq 1').message).toMatch(/tolower\(\) takes text arguments/);
    expect(errorOf("frobnicate(username) eq 'x'").message).toMatch(/Unknown function 'frobnicate'/);
  });
});

describe('OData literals', () => {
  it("reads '' inside a string as one quote", () => {
    expect(select("lastName eq 'O''Brien'")).toEqual(["o'brien"]);
    expect(select("substringof('''', username)")).toEqual(["o'brien"]);
    expect(parseFilter("username eq ''''''", fields)).toMatchObject({ right: { value: "''" } });
  });

  it('reads the empty string', () => {
    expect(select("username eq ''")).toEqual([]);
  });

  it('compares guid literals case-insensitively', () => {
    expect(select("id eq guid'0B3B3A52-2F61-4F0E-9A53-1C1F2D000001'")).toEqual(["o'brien"]);
    expect(select("id eq guid'0b3b3a52-2f61-4f0e-9a53-1c1f2d000002'")).toEqual(['budi']);
    expect(select("id eq '0b3b3a52-2f61-4f0e-9a53-1c1f2d000002'")).toEqual(['budi']);
    expect(select("id ne guid'0b3b3a52-2f61-4f0e-9a53-1c1f2d000002'")).toEqual(["o'brien", 'ana']);
  });

  it('compares datetime literals as instants with date fields', () => {
    expect(select("dateEdited gt datetime'2024-01-01T00:00:00Z'")).toEqual(["o'brien", 'budi']);
    expect(select("dateEdited lt datetime'2024-01-01'")).toEqual(['ana']);
    // The same instant written in another zone.
    expect(select("dateEdited eq datetime'2024-03-01T17:00:00+07:00'")).toEqual(["o'brien"]);
    expect(select("dateEdited ge datetime'2024-05-20T08:30:00.123Z'")).toEqual(['budi']);
    expect(select("dateEdited gt '2024-04-01'")).toEqual(['budi']);
  });

  it('reads true, false and null in any case', () => {
    expect(select('isActive eq TRUE')).toEqual(["o'brien", 'ana']);
    expect(select('score eq NULL')).toEqual(['budi']);
  });
});

describe('OData errors', () => {
  it('names an unknown field and where it is', () => {
    const error = errorOf("employeeNumber eq 'x' and department eq 'y'");
    expect(error).toBeInstanceOf(ODataError);
    expect(error.position).toBe(26);
    expect(error.message).toBe("Unknown field 'department' at position 26");
  });

  it('refuses fields that cannot be filtered', () => {
    expect(errorOf("sessionIds eq 'x'").message).toMatch(/Field 'sessionIds' cannot be used in a filter/);
  });

  it('reports an unterminated string at its opening quote', () => {
    const error = errorOf("username eq 'budi");
    expect(error.message).toBe('Unterminated string literal at position 12');
  });

  it('reports a trailing token', () => {
    const error = errorOf("username eq 'budi' 'extra'");
    expect(error.position).toBe(19);
    expect(error.message).toMatch(/Unexpected a string literal; expected 'and', 'or' or the end/);
    expect(errorOf("username eq 'budi')").message).toMatch(/Unexpected '\)'/);
  });

  it.each([
    ['username eq', /expected a field, a literal, a function or '\(' at position 11/],
    ["(username eq 'budi'", /Expected '\)' to close the '\(' at position 0 but found the end of the filter at position 19/],
    ["username eq 'budi' and", /at position 22/],
    ["username eq 'budi' and or", /Unexpected 'or'/],
    ["username == 'budi'", /Unexpected character '='/],
    ["username eq 'a' & score eq 1", /Unexpected character '&' at position 16/],
    ["id eq guid'not-a-guid'", /Malformed guid literal 'not-a-guid' at position 6/],
    ["dateEdited gt datetime'yesterday'", /Malformed datetime literal/],
    ["username eq blob'00'", /Unknown literal type 'blob'/],
    ['score eq 12abc', /Malformed number/],
    ["username eq 5", /Operator 'eq' cannot compare string with number at position 9/],
    ["dateEdited gt 'not a date'", /cannot compare datetime with string/],
    ['username', /The filter must be a boolean expression, not string at position 0/],
    ["username and isActive", /An operand of 'and' must be a boolean expression/],
    ['score or isActive', /An operand of 'or' must be a boolean expression/],
    ['', /Unexpected the end of the filter/],
  ])('%s', (filter, pattern) => {
    expect(errorOf(filter).message).toMatch(pattern);
  });

  it('refuses nesting deep enough to threaten the stack', () => {
    const deep = `${'('.repeat(5000)}isActive${')'.repeat(5000)}`;
    expect(errorOf(deep).message).toMatch(/nested deeper than 100 levels/);
  });
});
