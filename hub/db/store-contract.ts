/**
 * One store under a contract suite (`*.contract.ts`): a fresh, empty store for the test, and
 * `another` instance on the same data (a second SQLite connection to the file, a second
 * PostgreSQL pool), standing for a second hub process. Made by each engine's test support.
 */
export interface StoreUnderContract<S> {
  store: S;
  another(): Promise<S>;
  /** Adds an office row (reference data the stores under test read but do not write). */
  addOffice(id: string, name: string): Promise<void>;
  /** Closes every connection or pool opened for this test. */
  close(): Promise<void>;
}

/** Wraps a contract test: runs it on a fresh store and closes what was opened, passed or failed. */
export function onFreshStore<S>(open: () => Promise<StoreUnderContract<S>>) {
  return (test: (opened: StoreUnderContract<S>) => Promise<void>) => async () => {
    const opened = await open();
    try {
      await test(opened);
    } finally {
      await opened.close();
    }
  };
}
