import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import type { ContractStore } from '../contract-store';
import { hubCoreRepositoryContract } from '../hub-core-repository.contract';
import type { HubRepository } from '../hub-repository';
import { queueRepositoryContract } from '../queue-repository.contract';
import { PostgresHubRepository, type PostgresHubRepositoryOptions } from './postgres-hub-repository';

describe.skipIf(postgresMissing())('the PostgreSQL hub store, under the shared contract', () => {
  const server = useTestPostgres();

  // A database per test; `another` is a second pool on it (a second hub instance).
  const openStore = (options: PostgresHubRepositoryOptions) => async (): Promise<ContractStore<HubRepository>> => {
    const config = server().config(await server().createDatabase());
    const { repository } = await PostgresHubRepository.open(config, options);
    return { repository, another: async () => (await PostgresHubRepository.open(config, options)).repository };
  };
  // As the hub runs it: the lookup log and last contacts batched (a failed batch fails the test run).
  const batched = openStore({
    batchedWrites: {
      onError: (error) => {
        throw error;
      },
    },
  });
  describe('outside the queue', () => hubCoreRepositoryContract(batched));
  describe('outside the queue, each lookup-log row and last contact committed alone (the bench’s fixes-off)', () =>
    hubCoreRepositoryContract(openStore({})));
  describe('the queue', () => queueRepositoryContract(batched));
});
