import { describe } from 'vitest';
import { postgresMissing, useTestPostgres } from '../../../test/support/postgres';
import type { ContractStore } from '../contract-store';
import { hubCoreRepositoryContract } from '../hub-core-repository.contract';
import type { HubRepository } from '../hub-repository';
import { queueRepositoryContract } from '../queue-repository.contract';
import { PostgresHubRepository } from './postgres-hub-repository';

describe.skipIf(postgresMissing())('the PostgreSQL hub store, under the shared contract', () => {
  const server = useTestPostgres();

  // A database per test; `another` is a second pool on it (a second hub instance).
  const openStore = async (): Promise<ContractStore<HubRepository>> => {
    const config = server().config(await server().createDatabase());
    const { repository } = await PostgresHubRepository.open(config);
    return { repository, another: async () => (await PostgresHubRepository.open(config)).repository };
  };
  describe('outside the queue', () => hubCoreRepositoryContract(openStore));
  describe('the queue', () => queueRepositoryContract(openStore));
});
