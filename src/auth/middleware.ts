/**
 * Express middleware in front of /graphql: authenticates before the body is even parsed, so an
 * unauthenticated request costs no parsing, no resolver and no upstream request. The refusal is a
 * GraphQL-shaped JSON body with `extensions.code = UNAUTHENTICATED` and a `WWW-Authenticate`
 * challenge; the reason is logged (never the credential) and counted, but not told to the caller.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';
import type { Authenticator } from './authenticate.js';
import type { Caller } from './caller.js';

export interface AuthMiddlewareOptions {
  authenticator: Authenticator;
  logger: Logger;
  onRejected?: (reason: string) => void;
}

/** Where the middleware leaves the caller for the GraphQL context. */
export function callerOf(res: Response): Caller | undefined {
  return (res.locals as { caller?: Caller }).caller;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function authMiddleware({ authenticator, logger, onRejected }: AuthMiddlewareOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    authenticator
      .authenticate({ authorization: header(req.headers.authorization), apiKey: header(req.headers['x-api-key']) })
      .then((result) => {
        if (result.ok) {
          (res.locals as { caller?: Caller }).caller = result.caller;
          next();
          return;
        }
        onRejected?.(result.reason);
        logger.info({ requestId: (res.locals as { requestId?: string }).requestId, reason: result.reason }, 'request refused: not authenticated');
        const challenge = result.reason === 'missing' ? 'Bearer realm="course-activity-graph"' : 'Bearer realm="course-activity-graph", error="invalid_token"';
        res
          .status(401)
          .set('www-authenticate', challenge)
          .json({
            errors: [
              {
                message: result.reason === 'missing' ? 'Authentication required: send an API key (x-api-key) or a bearer token' : 'The credential sent is not valid',
                extensions: { code: 'UNAUTHENTICATED' },
              },
            ],
          });
      })
      .catch(next);
  };
}
