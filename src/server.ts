import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Config } from './config.js';
import { createAuthenticator } from './auth/authenticate.js';
import { authMiddleware, callerOf } from './auth/middleware.js';
import { createContext, type AppInfo, type Context } from './context.js';
import { inFlightLimit } from './http/capacity.js';
import { sequence } from './http/sequence.js';
import { runReadiness, type ReadinessCheck } from './health.js';
import type { Logger } from './logger.js';
import { buildSchema } from './schema.js';
import { toGraphQLError } from './graphql/errors.js';
import { partialFailuresPlugin } from './graphql/partial-failures.js';
import { armorProtection, costLimitPlugin, jsonBody, parseOptions, refuseBatches, tokenLimitPlugin } from './graphql/limits.js';
import { buildSafelist, safelistPlugin } from './graphql/persisted.js';
import { SAFELIST_DOCUMENTS } from './graphql/safelist/index.js';
import { operationMetricsPlugin } from './observability/apollo-plugin.js';
import { requestLogging } from './observability/logging.js';
import { authFailures, metricsHandler, requestsInFlight, requestsRejected } from './observability/metrics.js';
import { requestScopeOf } from './observability/request-scope.js';
import type { Providers } from './providers/api.js';
import { requestDeadline, requestDeadlineOf } from './resilience/deadline.js';
import { dashboardTabs, graphiqlHandler } from './graphiql/index.js';
import type { DatasetSamples } from './simulators/dataset/types.js';

export interface ServerDependencies {
  config: Config;
  logger: Logger;
  app: AppInfo;
  providers: Providers;
  /** What /readyz reports on, besides the configuration itself. */
  readiness: ReadinessCheck[];
  /** Released after in-flight requests finish: upstream agents, Redis, embedded simulators. */
  closeables: (() => Promise<void>)[];
  /** Demo mode: the simulators' well-known values, which GraphiQL's sample variables use. */
  samples?: DatasetSamples | null;
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
  // Before anything listens: a deployment that requires auth but has no way to check it stops here.
  const authenticator = createAuthenticator(config.auth);
  const rejected = (reason: string) => requestsRejected.inc({ reason });
  const limitOptions = { limits: config.limits, blockFieldSuggestions: !config.introspection, onRejected: rejected };
  const armor = armorProtection(limitOptions);
  const safelist = config.operationSafelist ? buildSafelist(SAFELIST_DOCUMENTS) : null;

  const app = express();
  app.disable('x-powered-by');
  // Answers are never stored (no-store) and a GraphQL POST is not revalidated: an ETag would only
  // hash every answer (a team page's is 95 KiB) for nothing.
  app.set('etag', false);
  // First, so every response carries x-request-id and every request gets its log line.
  app.use(requestLogging(logger));
  const httpServer = createHttpServer(app);

  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT; Apollo's own handlers would stop the server a second time.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    // Refused before execution: depth, aliases, directives (armor); tokens and cost (plugins below).
    validationRules: armor.validationRules,
    parseOptions: parseOptions(config.limits),
    allowBatchedHttpRequests: false,
    // CSRF prevention is on by default in Apollo Server 5 and stays on.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // Federation trace data (ftv1) would show resolver timings to any caller that asks for them.
      ApolloServerPluginInlineTraceDisabled(),
      // No whole-response caching (docs/operations.md), so no cache hints to compute: Apollo's
      // default cache-control plugin would run a hook on every resolved field for nothing.
      // `cache-control: no-store` is set by the middleware in front of Apollo instead.
      ApolloServerPluginCacheControlDisabled(),
      ...armor.plugins,
      tokenLimitPlugin<Context>(limitOptions),
      costLimitPlugin<Context>(limitOptions),
      ...(safelist === null ? [] : [safelistPlugin<Context>(safelist, () => rejected('not_safelisted'))]),
      partialFailuresPlugin<Context>(),
      // After partialFailuresPlugin, so it counts the errors the client receives.
      operationMetricsPlugin<Context>(),
    ],
    logger,
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  if (config.metricsEnabled) app.get('/metrics', metricsHandler());

  app.get('/readyz', async (_req, res) => {
    const report = await runReadiness([{ name: 'config', check: async () => ({ ok: true }) }, ...deps.readiness]);
    res.status(report.status === 'ready' ? 200 : 503).json(report);
  });

  const graphiqlOn = config.introspection;
  app.use(
    '/graphql',
    // One router layer for the whole chain (http/sequence.ts): every query takes this path.
    sequence(
      // GraphiQL, offline, for a browser's GET; every other /graphql request falls through to Apollo.
      graphiqlHandler({ enabled: graphiqlOn, endpoint: '/graphql', tabs: graphiqlOn ? dashboardTabs(deps.samples ?? null) : [], logger }),
      // Authentication first: an unauthenticated request is refused before its body is even read.
      authMiddleware({
        authenticator,
        logger,
        onRejected: (reason) => {
          authFailures.inc({ reason });
          rejected('unauthenticated');
        },
      }),
      // Before the body is read: a request refused for capacity costs next to nothing.
      inFlightLimit({
        maxInFlight: config.limits.maxInFlight,
        onAdmitted: () => requestsInFlight.inc(),
        onReleased: () => requestsInFlight.dec(),
        onRejected: () => rejected('busy'),
      }),
      ...jsonBody(limitOptions),
      refuseBatches(limitOptions),
      // Answers depend on the caller: no browser or shared proxy may keep one.
      (_req: express.Request, res: express.Response, next: express.NextFunction) => {
        res.setHeader('cache-control', 'no-store');
        next();
      },
      // One time budget for the whole query: every upstream call it makes gets what is left of it.
      requestDeadline({ budgetMs: config.resilience.requestDeadlineMs }),
      expressMiddleware(apollo, {
        context: async ({ res }) => {
          const caller = callerOf(res);
          // Fail closed: no caller means the auth middleware did not run for this request.
          if (caller === undefined) throw new Error('no caller on the request: authentication did not run');
          return createContext(deps, { scope: requestScopeOf(res), deadline: requestDeadlineOf(res) }, caller);
        },
      }),
    ),
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
