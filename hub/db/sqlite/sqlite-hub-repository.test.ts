import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import type { ContractStore } from '../contract-store';
import { hubCoreRepositoryContract } from '../hub-core-repository.contract';
import type { HubRepository } from '../hub-repository';
import { queueRepositoryContract } from '../queue-repository.contract';
import { SqliteHubRepository } from './sqlite-hub-repository';

describe('the SQLite hub store, under the shared contract', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'okno-sqlite-contract-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  let count = 0;

  // A file per test; `another` is a second connection to it (a second hub process).
  const openStore = async (): Promise<ContractStore<HubRepository>> => {
    count += 1;
    const file = path.join(dir, `hub-${count}.sqlite`);
    return { repository: SqliteHubRepository.open(file), another: async () => SqliteHubRepository.open(file) };
  };
  describe('outside the queue', () => hubCoreRepositoryContract(openStore));
  describe('the queue', () => queueRepositoryContract(openStore));
});
