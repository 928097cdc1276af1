/**
 * A tiny node:http upstream for the few answers the simulators cannot give (the PermissionDenied
 * envelope with status 200, a 404 on a per-user list, upstreams quoting secrets back): it records
 * every request and answers with the handler's `[status, body]` (a string body is sent raw).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TinyRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type TinyAnswer = [status: number, body: unknown];

export interface TinyServer {
  url: string;
  requests: TinyRequest[];
  count(pathname: string): number;
  close(): Promise<void>;
}

export async function startTinyServer(handler: (request: TinyRequest) => TinyAnswer | Promise<TinyAnswer>): Promise<TinyServer> {
  const requests: TinyRequest[] = [];
  const server: Server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://tiny');
      const request: TinyRequest = { method: raw.method ?? 'GET', pathname: url.pathname, query: url.searchParams, headers: raw.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      void Promise.resolve(handler(request)).then(([status, body]) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        response.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (pathname) => requests.filter((r) => r.pathname === pathname).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
