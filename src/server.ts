import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Config } from './config.js';
import { createContext, requestIdFrom, type AppInfo, type Context } from './context.js';
import { runReadiness, type ReadinessCheck } from './health.js';
import type { Logger } from './logger.js';
import { buildSchema } from './schema.js';
import { toGraphQLError } from './graphql/errors.js';
import { partialFailuresPlugin } from './graphql/partial-failures.js';
import type { Providers } from './providers/api.js';

export interface ServerDependencies {
  config: Config;
  logger: Logger;
  app: AppInfo;
  providers: Providers;
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

/**
 * Errors a client sees: a code and a safe message, never a stack trace or an upstream's raw
 * answer. Known failures (provider errors, bad ids, bad page arguments) keep their message and
 * gain their code; anything unexpected is masked and logged.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const original = unwrapResolverError(error);
    const known = toGraphQLError(original);
    if (known instanceof GraphQLError && known !== original) {
      return { message: known.message, locations: formatted.locations, path: formatted.path, extensions: { ...known.extensions } };
    }
    if (extensions.code === 'INTERNAL_SERVER_ERROR' && !(original instanceof GraphQLError)) {
      logger.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return { ...formatted, extensions };
  };
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
    // main.ts owns SIGTERM/SIGINT; Apollo's own handlers would stop the server a second time.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    // CSRF prevention is on by default in Apollo Server 5 and stays on.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      partialFailuresPlugin<Context>(),
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
        // The drain plugin closes the listener and waits for in-flight requests. It only half-closes
        // a keep-alive socket once its request is done, and many clients never close their side, so
        // idle sockets are also cut here as soon as their last request has been answered.
        const reaper = setInterval(() => httpServer.closeIdleConnections(), 100);
        try {
          await apollo.stop();
        } finally {
          clearInterval(reaper);
        }
        for (const close of deps.closeables) {
          await close().catch((error: unknown) => logger.warn({ err: error }, 'error while releasing a resource'));
        }
      })()),
  };
}
