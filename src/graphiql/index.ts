/**
 * GraphiQL served by the server itself, offline: the page and its bundle come from this process
 * (see bundle.ts for when the bundle is built), nothing from a CDN. Mounted on the GraphQL path
 * before Apollo, it answers only a browser's GET without a `query` parameter and the bundle's
 * files; every other request goes on to Apollo untouched, so Apollo's GET handling and CSRF
 * prevention stay as they are.
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';
import { loadGraphiqlBundle, type GraphiqlBundle } from './bundle.js';
import type { GraphiqlPageConfig, GraphiqlTab } from './config.js';
import { CONTENT_SECURITY_POLICY, renderGraphiqlPage, renderMessagePage } from './page.js';

export type { GraphiqlTab } from './config.js';
export { dashboardTabs, tabsFromDocument } from './tabs.js';

export interface GraphiqlOptions {
  /** Off where introspection is off (the production default): GraphiQL without a schema is no use. */
  enabled: boolean;
  /** Where the page sends operations: the GraphQL path on this origin. */
  endpoint: string;
  /** Tabs the page opens with, in order; the first is selected. */
  tabs: GraphiqlTab[];
  logger?: Logger;
  /** How the bundle is obtained; tests may replace it. */
  loadBundle?: () => Promise<GraphiqlBundle>;
}

/** Below the mount path: /graphql/graphiql-assets/<bundle key>/<file>. */
const ASSETS = '/graphiql-assets/';

/** A browser navigating here: it prefers HTML to JSON (curl's and clients' Accept do not). */
function prefersHtml(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': CONTENT_SECURITY_POLICY }).send(html);
}

function sendAsset(req: Request, res: Response, bundle: GraphiqlBundle, key: string, name: string): void {
  const file = key === bundle.key ? bundle.files.get(name) : undefined;
  if (!file) {
    res.status(404).type('text/plain').send('not found');
    return;
  }
  // The key in the path changes with the content, so the file never changes under its URL.
  res.set({ 'content-type': file.contentType, 'cache-control': 'public, max-age=31536000, immutable', etag: file.etag, vary: 'accept-encoding' });
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    res.set('content-encoding', 'gzip').send(file.gzip);
  } else {
    res.send(file.body);
  }
}

export function graphiqlHandler(options: GraphiqlOptions): RequestHandler {
  const config: GraphiqlPageConfig = {
    endpoint: options.endpoint,
    tabs: options.tabs,
    storageNamespace: `graphiql-${createHash('sha256').update(JSON.stringify(options.tabs)).digest('hex').slice(0, 12)}`,
  };
  const load = options.loadBundle ?? loadGraphiqlBundle;
  // Built or read once per process, on first use; a failure is retried by the next request.
  let bundle: Promise<GraphiqlBundle> | null = null;
  const getBundle = (): Promise<GraphiqlBundle> =>
    (bundle ??= load().catch((error: unknown) => {
      bundle = null;
      throw error;
    }));

  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();

    if (req.path.startsWith(ASSETS)) {
      if (!options.enabled) return next();
      const [key = '', name = '', ...rest] = req.path.slice(ASSETS.length).split('/');
      if (rest.length > 0) return next();
      sendAsset(req, res, await getBundle(), key, name);
      return;
    }

    if (req.path !== '/' || req.query['query'] !== undefined || !prefersHtml(req)) return next();

    if (!options.enabled) {
      sendHtml(res, 404, renderMessagePage('GraphiQL is off', 'GraphiQL is off on this server: it is offered only where schema introspection is on (INTROSPECTION).'));
      return;
    }
    let loaded: GraphiqlBundle;
    try {
      loaded = await getBundle();
    } catch (error) {
      options.logger?.error({ err: error }, 'GraphiQL bundle unavailable');
      sendHtml(res, 503, renderMessagePage('GraphiQL unavailable', 'GraphiQL is on but its bundle could not be built or read; the server log says why.'));
      return;
    }
    const assets = `${req.baseUrl}${ASSETS}${loaded.key}/`;
    sendHtml(res, 200, renderGraphiqlPage({ title: 'GraphiQL · course-activity-graph', scriptUrl: `${assets}${loaded.script}`, styleUrl: `${assets}${loaded.style}`, config }));
  };
}
