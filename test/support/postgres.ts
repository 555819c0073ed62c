import { afterAll, beforeAll } from 'vitest';
import { startTestPostgres, type TestPostgres } from './postgres-server';

export {
  POSTGRES_BIN,
  postgresMissing,
  startTestPostgres,
  startTestStandby,
  type TestPostgres,
  type TestPostgresOptions,
} from './postgres-server';

/**
 * One server for the calling test file (a `describe` body): started before its tests, stopped
 * after them. Returns how to reach it from the tests.
 */
export function useTestPostgres(): () => TestPostgres {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the test PostgreSQL has not started');
    return server;
  };
}
