/**
 * A bound on the GraphQL requests one process answers at once.
 *
 * An in-flight dashboard query holds its upstream answers and its result in memory until it is
 * answered: about 2 MB for a 50-person team page (docs/operations.md, "Capacity"). Without a bound,
 * a burst of them grows the heap until the process runs out of memory and every request in it is
 * lost. Past the bound a request is refused at once, before its body is read, with 503 and
 * `Retry-After`: the client, or the load balancer in front of the replicas, tries again shortly or
 * elsewhere, and the requests already admitted finish as if the burst had not come.
 */
import type { RequestHandler } from 'express';
import { errorBody } from '../graphql/limits.js';

export interface CapacityOptions {
  /** Most requests in flight at once; the next one is refused. */
  maxInFlight: number;
  /** Seconds a refused client is told to wait (`Retry-After`). */
  retryAfterSeconds?: number;
  onAdmitted?: () => void;
  /** Called once per admitted request, when its response is finished or its connection is gone. */
  onReleased?: () => void;
  onRejected?: () => void;
}

export function inFlightLimit(options: CapacityOptions): RequestHandler {
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const body = JSON.stringify(errorBody(`The server is answering as many requests as it takes at once (${options.maxInFlight}): retry in a moment`, 'SERVER_BUSY'));
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= options.maxInFlight) {
      options.onRejected?.();
      res.status(503).setHeader('retry-after', retryAfter).type('application/json').send(body);
      return;
    }
    inFlight++;
    options.onAdmitted?.();
    // 'close' comes once per response, whether it was sent in full or its client went away first.
    res.once('close', () => {
      inFlight--;
      options.onReleased?.();
    });
    next();
  };
}
