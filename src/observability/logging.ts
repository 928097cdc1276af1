/**
 * One structured log line per HTTP request: request id, method, path (never the query string,
 * which may carry a GET query's variables), status, duration, operation name and caller subject.
 * No header is logged, so no credential can reach a log line from here. The request id is taken
 * from `x-request-id` when it is plain (or generated) and echoed in the response.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';
import { REQUEST_ID_HEADER, requestIdFrom, type RequestScope } from './request-scope.js';

/** Probes and scrapes would drown the log at info. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLogging(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const scope: RequestScope = { requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) };
    const locals = res.locals as { requestScope?: RequestScope; requestId?: string; caller?: { subject: string } };
    locals.requestScope = scope;
    locals.requestId = scope.requestId;
    res.setHeader(REQUEST_ID_HEADER, scope.requestId);
    // originalUrl: a mounted router rewrites req.url and req.path while it runs.
    const path = req.originalUrl.split('?', 1)[0] ?? '/';
    res.once('finish', () => {
      const quiet = QUIET_PATHS.has(path);
      // At LOG_LEVEL=warn and above (production's usual choice) no request line is written: none is built.
      if (!logger.isLevelEnabled(quiet ? 'debug' : 'info')) return;
      const line = {
        requestId: scope.requestId,
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round(performance.now() - started),
        ...(scope.operationName === undefined ? {} : { operation: scope.operationName }),
        ...(locals.caller === undefined ? {} : { caller: locals.caller.subject }),
      };
      if (quiet) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
