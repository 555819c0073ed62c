import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import { hubCoreRepositoryContract } from '../hub-core-repository.contract';
import { PostgresHubRepository } from './postgres-hub-repository';

describe.skipIf(postgresMissing())('the PostgreSQL hub store, under the shared contract', () => {
  const server = useTestPostgres();

  // A database per test; `another` is a second pool on it (a second hub instance).
  hubCoreRepositoryContract(async () => {
    const config = server().config(await server().createDatabase());
    const { repository } = await PostgresHubRepository.open(config);
    return { repository, another: async () => (await PostgresHubRepository.open(config)).repository };
  });
});
