import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { TestPostgres } from '../../test/support/postgres';
import type { LaunchedHub, StartHubOptions } from '../server/start-hub';
import { launchPostgresTestHub, memoryHubLogger } from './hub-test-support';

/** Hub instances on one fresh PostgreSQL database and one data folder, as behind a load balancer. */
export interface PostgresHubInstances {
  /** The database's name on the test server. */
  database: string;
  /** Starts one more demo hub instance on it (closed after the test). */
  start(): Promise<LaunchedHub & { log: ReturnType<typeof memoryHubLogger> }>;
}

/**
 * For a `describe` body: makes a fresh database (and data folder) on the test server whose hub
 * instances start with the demo data, the test token and `options`; every instance is closed and
 * the folder removed after the test.
 */
export function usePostgresHubInstances(
  server: () => TestPostgres,
): (options?: Partial<StartHubOptions>) => Promise<PostgresHubInstances> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const database = await server().createDatabase();
    const url = `postgres://okno@127.0.0.1:${server().port}/${database}`;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-pg-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const start = async () => {
      const log = memoryHubLogger();
      // No polling within a test: what other instances change can reach this one only by its signals.
      const hub = await launchPostgresTestHub(url, dataDir, {
        logger: log.logger,
        changePollMs: 3_600_000,
        ...options,
      });
      cleanups.push(() => hub.close());
      return { ...hub, log };
    };
    return { database, start };
  };
}
