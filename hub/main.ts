/**
 * The hub's command line: `node dist/hub/main.js [--db FILE | --store postgres://… --data-dir DIR]
 * [--host ADDR] [--port N] [--config FILE] [--demo]`, or the variables OKNO_HUB_DB, OKNO_HUB_STORE,
 * OKNO_HUB_DATA_DIR, OKNO_HUB_HOST, OKNO_HUB_PORT, OKNO_HUB_CONFIG, OKNO_HUB_DEMO=1,
 * OKNO_HUB_LOG_LEVEL. With `--store`, several hub instances share one PostgreSQL database (and
 * the data folder, for the content's files). Prints one line with the URL on stdout;
 * logs are JSON lines on stderr. SIGTERM or SIGINT shut it down gracefully.
 * See docs/operations/hub.md.
 */
import { parseArgs } from 'node:util';
import { chooseHubStore, DEFAULT_HUB_DB, HUB_STORE_OPTIONS, parsePort, readHubConfigFile } from './cli-support';
import { createHubLogger } from './server/hub-logger';
import { startHub } from './server/start-hub';

const { values } = parseArgs({
  options: {
    ...HUB_STORE_OPTIONS,
    host: { type: 'string' },
    port: { type: 'string' },
    config: { type: 'string' },
    demo: { type: 'boolean' },
  },
});

const logger = createHubLogger({ level: process.env.OKNO_HUB_LOG_LEVEL ?? 'info' });
try {
  const configFile = values.config ?? process.env.OKNO_HUB_CONFIG;
  const { provisioningTokens, ...config } = configFile ? readHubConfigFile(configFile) : { provisioningTokens: [] };
  const store = chooseHubStore(values, process.env);
  const hub = await startHub({
    dbPath: store.kind === 'sqlite' ? store.dbPath : DEFAULT_HUB_DB,
    ...(store.kind === 'postgres' ? { postgres: { url: store.url, dataDir: store.dataDir } } : {}),
    host: values.host ?? process.env.OKNO_HUB_HOST ?? '127.0.0.1',
    port: parsePort(values.port ?? process.env.OKNO_HUB_PORT ?? '8080'),
    seedDemo: values.demo === true || process.env.OKNO_HUB_DEMO === '1',
    provisioningTokens,
    config,
    logger,
  });
  process.stdout.write(`okno hub listening on ${hub.url}\n`);
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.error({ err: error }, 'the hub did not start');
  process.stderr.write(`okno hub: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
