/**
 * Process entry point: the only module that reads process.env, installs signal handlers or exits.
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { assembleApplication } from './application.js';
import { startServer } from './server.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One clear line, no stack: the operator fixes the variable and starts again.
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  if (config.demo) {
    logger.info(
      { seed: config.demo.seed, employees: config.demo.employees },
      'demo mode: no upstream is configured, so the embedded Ruangkerja, Absorb and SelfCommunity simulators stand in for them',
    );
  } else {
    logger.info('live mode: using the configured upstream APIs');
  }

  const application = await assembleApplication(config, logger);
  const server = await startServer({ config, logger, ...application });
  logger.info({ url: server.url, port: server.port }, `GraphQL server ready at ${server.url}`);

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const forced = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 900);
    forced.unref();
    server.stop().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  // Some settings can only be judged once their parts are assembled (e.g. auth required but no
  // way to check it): those are configuration errors too, reported the same way.
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
