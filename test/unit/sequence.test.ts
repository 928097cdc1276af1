/**
 * `sequence` must behave as the same handlers listed in `app.use` would: checked over a real
 * express app and HTTP, for the normal flow, errors passed, thrown and rejected, error handlers
 * skipped in normal flow, and what falls through to the next route.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sequence } from '../../src/http/sequence.js';

let server: Server;
let base: string;
const seen: string[] = [];

const mark =
  (name: string): RequestHandler =>
  (_req, _res, next) => {
    seen.push(name);
    next();
  };
const recover: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  seen.push('recover');
  res.status(418).json({ recovered: error instanceof Error ? error.message : String(error) });
};

beforeAll(async () => {
  const app = express();
  app.use(
    '/chain',
    sequence(
      mark('first'),
      // Skipped in normal flow: it handles errors only.
      (_error: unknown, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
        seen.push('error handler in normal flow');
        next();
      },
      ((req, _res, next) => {
        seen.push('second');
        if (req.query.fail === 'next') return next(new Error('passed'));
        if (req.query.fail === 'throw') throw new Error('thrown');
        if (req.query.fail === 'reject') return Promise.reject(new Error('rejected'));
        if (req.query.fail === 'through') return next();
        next();
      }) as RequestHandler,
      ((req, res, next) => {
        if (req.query.fail === 'through') return next();
        seen.push('last');
        res.json({ ok: true });
      }) as RequestHandler,
      recover,
    ),
  );
  app.use('/chain', (_req, res) => {
    seen.push('next route');
    res.status(404).json({ fellThrough: true });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chain`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function get(query: string): Promise<{ status: number; body: unknown; seen: string[] }> {
  seen.length = 0;
  const response = await fetch(`${base}${query}`);
  return { status: response.status, body: await response.json(), seen: [...seen] };
}

describe('sequence', () => {
  it('runs the handlers in order and skips error handlers in normal flow', async () => {
    expect(await get('')).toEqual({ status: 200, body: { ok: true }, seen: ['first', 'second', 'last'] });
  });

  it.each([
    ['next', 'passed'],
    ['throw', 'thrown'],
    ['reject', 'rejected'],
  ])('sends an error given by %s to the next error handler, skipping the rest', async (how, message) => {
    expect(await get(`?fail=${how}`)).toEqual({ status: 418, body: { recovered: message }, seen: ['first', 'second', 'recover'] });
  });

  it('hands what it does not answer to the next route', async () => {
    expect(await get('?fail=through')).toEqual({ status: 404, body: { fellThrough: true }, seen: ['first', 'second', 'next route'] });
  });
});
