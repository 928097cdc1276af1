import { DEFAULT_BACKOFF, backoffDelay, parseRetryAfter, sleep } from '../../../src/providers/http/retry.js';

describe('retry timing', () => {
  it('draws full-jitter waits between 0 and min(cap, base·2^n)', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999)).toBe(99);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5)).toBe(200);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 0.999)).toBe(1_998);
    expect(backoffDelay(4, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('1', now)).toBe(1_000);
    expect(parseRetryAfter(' 2.5 ', now)).toBe(2_500);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('sleeps abortably', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(5_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
