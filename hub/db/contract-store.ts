/**
 * One store under a contract suite (hub-core-repository.contract.ts, queue-repository.contract.ts):
 * a fresh, empty store for the test (`repository`), and `another` instance on the same data (a
 * second SQLite connection to the file, a second PostgreSQL pool), standing for a second hub
 * process.
 */
export interface ContractStore<R> {
  repository: R;
  another(): Promise<R>;
}

/**
 * How a contract runs each test: `withStore(test)` is an `it` body that opens a fresh store with
 * `openStore`, runs `test` on it, and closes every instance it opened, passed or failed.
 */
export function contractStores<R extends { close(): Promise<void> }>(
  openStore: () => Promise<ContractStore<R>>,
): (test: (store: ContractStore<R>) => Promise<void>) => () => Promise<void> {
  const opened: R[] = [];
  async function store(): Promise<ContractStore<R>> {
    const fresh = await openStore();
    opened.push(fresh.repository);
    return {
      repository: fresh.repository,
      another: async () => {
        const second = await fresh.another();
        opened.push(second);
        return second;
      },
    };
  }
  return (test) => async () => {
    try {
      await test(await store());
    } finally {
      await Promise.all(opened.splice(0).map((repository) => repository.close()));
    }
  };
}
