/**
 * Work run one task per turn of the event loop, after the I/O waiting at that moment.
 *
 * Node reads every socket that is ready, one after another, and runs what each one starts before
 * it reads the next. When a hundred answers (or requests) come in at once and each costs a third
 * of a millisecond, the last one waits some 30 ms, and so does anything urgent that came in among
 * them. Work pushed here runs in later turns instead, one task each, with the sockets read again
 * between two tasks: what comes in meanwhile is seen at once, and the queued work fills the time
 * until the next arrivals.
 *
 * Under sustained load one task per turn would fall behind for good, so once the oldest task has
 * waited `maxWaitMs` the next turn runs every task queued (each as its own macrotask, so its
 * promise continuations run before the next one starts), and the queue goes back to one per turn.
 */
interface Queued {
  task: () => void;
  /** `performance.now()` when it was pushed. */
  at: number;
}

export interface TurnQueueOptions {
  /** How long the oldest task may wait before a turn runs the whole queue. */
  maxWaitMs: number;
}

export const DEFAULT_TURN_QUEUE_OPTIONS: TurnQueueOptions = { maxWaitMs: 20 };

export class TurnQueue {
  private tasks: Queued[] = [];
  private next = 0;
  /** Tasks of the current turn whose setImmediate has not run yet; 0 when no turn is scheduled. */
  private inTurn = 0;
  private readonly maxWaitMs: number;

  constructor(options: TurnQueueOptions = DEFAULT_TURN_QUEUE_OPTIONS) {
    this.maxWaitMs = options.maxWaitMs;
  }

  /** Runs `task` in a later turn, after the tasks pushed before it; its promise continuations run in that turn too. */
  push(task: () => void): void {
    this.tasks.push({ task, at: performance.now() });
    if (this.inTurn === 0) this.scheduleTurn();
  }

  /** Tasks pushed and not yet run. */
  get size(): number {
    return this.tasks.length - this.next;
  }

  private scheduleTurn(): void {
    const left = this.tasks.length - this.next;
    if (left === 0) {
      this.tasks = [];
      this.next = 0;
      return;
    }
    const overdue = performance.now() - this.tasks[this.next]!.at >= this.maxWaitMs;
    this.inTurn = overdue ? left : 1;
    for (let i = 0; i < this.inTurn; i += 1) setImmediate(this.runOne);
  }

  private readonly runOne = (): void => {
    const { task } = this.tasks[this.next]!;
    this.tasks[this.next] = DONE;
    this.next += 1;
    this.inTurn -= 1;
    // Immediates set now run in the next turn, after the sockets have been read again.
    if (this.inTurn === 0) this.scheduleTurn();
    // Last: a task that throws has already left the queue going.
    task();
  };
}

const DONE: Queued = { task: () => undefined, at: 0 };
