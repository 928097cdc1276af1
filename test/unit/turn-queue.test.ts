/**
 * TurnQueue (src/event-loop/turn-queue.ts): one task per turn of the event loop, with other work
 * between two tasks, until the oldest has waited too long; then a turn runs the whole queue.
 */
import { describe, expect, it } from '@jest/globals';
import { TurnQueue } from '../../src/event-loop/turn-queue.js';

const nextTurns = async (turns: number): Promise<void> => {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
};

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Holding the event loop, as a long piece of work would.
  }
}

/** Pushes tasks a, b and c; a also queues `otherWork` for the turn after its own. */
function pushThree(queue: TurnQueue, ran: string[], otherWork: string): void {
  queue.push(() => {
    ran.push('a');
    setImmediate(() => ran.push(otherWork));
  });
  queue.push(() => ran.push('b'));
  queue.push(() => ran.push('c'));
}

describe('TurnQueue', () => {
  it('runs one task per turn, in order, letting work queued meanwhile run between two tasks', async () => {
    const queue = new TurnQueue({ maxWaitMs: 1_000 });
    const ran: string[] = [];
    pushThree(queue, ran, 'other work');
    expect(queue.size).toBe(3);
    await nextTurns(5);
    expect(ran).toEqual(['a', 'b', 'other work', 'c']);
    expect(queue.size).toBe(0);
  });

  it('runs each task with its promise continuations before the next task starts', async () => {
    const queue = new TurnQueue({ maxWaitMs: 1_000 });
    const ran: string[] = [];
    queue.push(() => void Promise.resolve().then(() => ran.push('a continued')));
    queue.push(() => ran.push('b'));
    await nextTurns(4);
    expect(ran).toEqual(['a continued', 'b']);
  });

  it('runs the whole queue in one turn once the oldest task has waited maxWaitMs, then goes back to one per turn', async () => {
    const queue = new TurnQueue({ maxWaitMs: 20 });
    const ran: string[] = [];
    pushThree(queue, ran, 'other work');
    // The tasks wait behind 25 ms of other work: overdue when the first one runs.
    blockFor(25);
    await nextTurns(4);
    expect(ran).toEqual(['a', 'b', 'c', 'other work']);

    ran.length = 0;
    pushThree(queue, ran, 'more work');
    await nextTurns(5);
    expect(ran).toEqual(['a', 'b', 'more work', 'c']);
  });

  it('keeps going after a task pushed later, once the queue had emptied', async () => {
    const queue = new TurnQueue();
    const ran: number[] = [];
    queue.push(() => ran.push(1));
    await nextTurns(2);
    queue.push(() => ran.push(2));
    await nextTurns(2);
    expect(ran).toEqual([1, 2]);
  });
});
