/**
 * Several express handlers run as one. Listed one by one in `app.use`, each is a router layer that
 * the router walks, path-matches and wraps on every request; on `/graphql`, the route every query
 * takes, that bookkeeping cost more than the handlers themselves (docs/performance.md). The
 * semantics are express's: handlers run in order; `next(error)`, a thrown error or a rejected
 * promise skips to the next error handler (four parameters), which normal flow skips; what the
 * sequence does not handle goes to the router's `next`.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';

export function sequence(...handlers: readonly (RequestHandler | ErrorRequestHandler)[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const next = (error?: unknown): void => {
      // express's own signals for "leave this route/router": not errors, and not ours to handle.
      if (error === 'route' || error === 'router') return done(error);
      const failed = Boolean(error);
      while (index < handlers.length) {
        const handler = handlers[index++]!;
        const handlesErrors = handler.length === 4;
        if (failed !== handlesErrors) continue;
        try {
          const result: unknown = failed ? (handler as ErrorRequestHandler)(error, req, res, next) : (handler as RequestHandler)(req, res, next);
          if (result instanceof Promise) result.catch((rejection: unknown) => next(rejection ?? new Error('Rejected promise')));
        } catch (thrown) {
          next(thrown);
        }
        return;
      }
      done(failed ? error : undefined);
    };
    next();
  };
}
