import { describe, expect, it } from '@jest/globals';
import { ODataLiteralError, anyOf, chunkByCost, encodedLength, eq, guidLiteral, packClauses, textLiteral } from '../../../src/providers/absorb/odata.js';

describe('Absorb _filter literals', () => {
  it('doubles single quotes inside a text literal, so a value cannot close it', () => {
    expect(textLiteral('EMP00001')).toBe("'EMP00001'");
    expect(textLiteral("O'Brien")).toBe("'O''Brien'");
    expect(textLiteral("x' or employeeNumber ne 'y")).toBe("'x'' or employeeNumber ne ''y'");
    expect(textLiteral("''")).toBe("''''''");
    expect(textLiteral('')).toBe("''");
  });

  it('writes guid literals lower-cased and refuses anything that is not a guid', () => {
    expect(guidLiteral('A1B2C3D4-0000-4000-8000-00000000000A')).toBe("guid'a1b2c3d4-0000-4000-8000-00000000000a'");
    expect(() => guidLiteral("a1b2c3d4-0000-4000-8000-00000000000a' or 1 eq 1 or id eq guid'")).toThrow(ODataLiteralError);
    expect(() => guidLiteral('')).toThrow(ODataLiteralError);
  });

  it('joins equality clauses with or', () => {
    expect(anyOf([eq('employeeNumber', textLiteral('A')), eq('employeeNumber', textLiteral('B'))])).toBe("employeeNumber eq 'A' or employeeNumber eq 'B'");
  });

  it('measures the form-encoded length a URL carries', () => {
    expect(encodedLength("employeeNumber eq 'EMP00001'")).toBe(32);
    expect(encodedLength(' or ')).toBe(4);
    expect(encodedLength('é')).toBe(6);
    const filter = anyOf([eq('f', textLiteral("a'b c")), eq('f', textLiteral('ü&='))]);
    const url = new URL('http://x/users');
    url.searchParams.append('_filter', filter);
    expect(url.search.length).toBe('?_filter='.length + encodedLength(filter));
  });
});

describe('packClauses', () => {
  const clauses = (n: number, width = 8): string[] => Array.from({ length: n }, (_, i) => eq('employeeNumber', textLiteral(`E${String(i).padStart(width - 1, '0')}`)));

  it('packs equal clauses into ceil(n / per-filter) filters, each within the budget', () => {
    const all = clauses(500);
    const per = Math.floor((1000 + 4) / (32 + 4));
    const { filters, tooLong } = packClauses(all, 1000);
    expect(tooLong).toEqual([]);
    expect(filters).toHaveLength(Math.ceil(500 / per));
    for (const filter of filters) expect(encodedLength(filter)).toBeLessThanOrEqual(1000);
    expect(filters.flatMap((f) => f.split(' or ')).sort()).toEqual([...all].sort());
  });

  it('packs clauses of different lengths tighter than filling in order would', () => {
    // Budget: one long and one short clause. In order (short, short, long, long) a greedy fill
    // needs three filters; first-fit decreasing pairs each long clause with a short one.
    const long = eq('f', textLiteral('x'.repeat(50)));
    const short = eq('f', textLiteral('y'));
    const { filters } = packClauses([short, short, long, long], encodedLength(long) + 4 + encodedLength(short));
    expect(filters).toEqual([`${long} or ${short}`, `${long} or ${short}`]);
  });

  it('returns clauses that cannot fit even alone', () => {
    const { filters, tooLong } = packClauses([eq('f', textLiteral('x'.repeat(200))), eq('f', textLiteral('y'))], 50);
    expect(filters).toEqual(["f eq 'y'"]);
    expect(tooLong).toHaveLength(1);
  });

  it('answers no filter for no clause', () => {
    expect(packClauses([], 100)).toEqual({ filters: [], tooLong: [] });
  });
});

describe('chunkByCost', () => {
  it('splits by item count and by cost, in order', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    expect(chunkByCost(items, 100, 1_000_000, () => 45, 1).chunks.map((c) => c.length)).toEqual([100, 100, 50]);
    // 45 + 1 per further item: 22 items cost 45·22 + 21 = 1011 > 1000, 21 cost 965.
    const byCost = chunkByCost(items, 100, 1000, () => 45, 1).chunks;
    expect(byCost.map((c) => c.length)).toEqual([...Array(11).fill(21), 19]);
    expect(byCost.flat()).toEqual(items);
  });

  it('sets aside items that exceed the budget alone', () => {
    expect(chunkByCost(['a', 'bbbbbbbb', 'c'], 10, 5, (s) => s.length, 1)).toEqual({ chunks: [['a', 'c']], tooLong: ['bbbbbbbb'] });
  });
});
