import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLFormattedError } from 'graphql';
import type { Config } from './config.js';
import { createContext, requestIdFrom, type AppInfo, type Context } from './context.js';
import { runReadiness, type ReadinessCheck } from './health.js';
import type { Logger } from './logger.js';
import { buildSchema } from './schema.js';

export interface ServerDependencies {
  config: Config;
  logger: Logger;
  app: AppInfo;
  /** What /readyz reports on, besides the configuration itself. */
  readiness: ReadinessCheck[];
  /** Released after in-flight requests finish: upstream agents, Redis, embedded simulators. */
  closeables: (() => Promise<void>)[];
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  /** Stops accepting, lets in-flight requests finish, then releases every closeable. */
  stop(): Promise<void>;
}

/** Errors a client sees: code and message, never a stack trace or an upstream's raw answer. */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

export async function startServer(deps: ServerDependencies): Promise<RunningServer> {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createHttpServer(app);

  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError,
    // CSRF prevention is on by default in Apollo Server 5 and stays on.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
    ],
    logger,
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const report = await runReadiness([{ name: 'config', check: async () => ({ ok: true }) }, ...deps.readiness]);
    res.status(report.status === 'ready' ? 200 : 503).json(report);
  });

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(deps, requestIdFrom(req.headers['x-request-id'])),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    httpServer,
    stop: () =>
      (stopping ??= (async () => {
        // The drain plugin closes the listener, waits for in-flight requests, then cuts idle sockets.
        await apollo.stop();
        for (const close of deps.closeables) {
          await close().catch((error: unknown) => logger.warn({ err: error }, 'error while releasing a resource'));
        }
      })()),
  };
}
