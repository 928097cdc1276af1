import { TokenBucket } from '../../../src/providers/http/index.js';

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces at the rate (300 takes at 200/s, burst 100)', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 200, burst: 100 });
    const started = performance.now();
    const takes = Array.from({ length: 300 }, () => bucket.take().then(() => performance.now() - started));
    const times = await Promise.all(takes);
    const immediate = times.filter((t) => t < 50).length;
    const elapsed = performance.now() - started;
    expect(immediate).toBeGreaterThanOrEqual(100);
    expect(immediate).toBeLessThan(115);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2_500);
  });

  it('serves waiters first come, first served', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 1 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('does not let a new caller jump the queue when a token has just arrived', async () => {
    let skew = 0;
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, now: () => performance.now() + skew });
    await bucket.take();
    const order: string[] = [];
    const first = bucket.take().then(() => order.push('first'));
    skew = 100; // the next token is due now, but its timer has not fired: it belongs to `first`
    const second = bucket.take().then(() => order.push('second'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('rejects an aborted waiter and serves the others', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 20, burst: 1 });
    await bucket.take();
    const controller = new AbortController();
    const aborted = bucket.take(controller.signal);
    const next = bucket.take();
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    await expect(next).resolves.toBeUndefined();
    expect(bucket.pending).toBe(0);
  });
});
