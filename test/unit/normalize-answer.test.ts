/**
 * normalizeAnswer: what every provider client does with a value its schema let through and a
 * normalizer refuses. The upstream's bad answer, named by call only, never an internal error.
 */
import { describe, expect, it } from '@jest/globals';
import { ProviderError, normalizeAnswer } from '../../src/providers/errors.js';

const call = { provider: 'ruangkerja' as const, method: 'GET', endpoint: '/ruangkerja/users' };

describe('normalizeAnswer', () => {
  it('maps every item', () => {
    expect(normalizeAnswer(call, [1, 2, 3], (n) => n * 2)).toEqual([2, 4, 6]);
  });

  it('turns a converter failure into UPSTREAM_BAD_RESPONSE naming the call, never the failing value', () => {
    let caught: unknown;
    try {
      normalizeAnswer(call, ['2024-13-45 secret-ish value'], (text) => {
        throw new RangeError(`cannot read ${text}`);
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect(caught).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'ruangkerja', endpoint: '/ruangkerja/users' });
    expect((caught as Error).message).toBe('ruangkerja GET /ruangkerja/users answered a value that cannot be converted (RangeError)');
  });

  it('lets a ProviderError a normalizer raises on purpose pass through', () => {
    const own = new ProviderError({ code: 'NOT_FOUND', provider: 'ruangkerja', endpoint: '/x', message: 'gone' });
    expect(() =>
      normalizeAnswer(call, [1], () => {
        throw own;
      }),
    ).toThrow(own);
  });
});
