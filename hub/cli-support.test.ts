import { describe, expect, it } from 'vitest';
import { chooseHubStore, DEFAULT_HUB_DB, UsageError } from './cli-support';

const URL = 'postgres://okno@db1/okno';

/** Which store `main.js` and `admin.js` open, from their flags and variables. */
describe('chooseHubStore', () => {
  it('opens the SQLite file of --db, else OKNO_HUB_DB, else the default', () => {
    expect(chooseHubStore({ db: 'a.sqlite' }, { OKNO_HUB_DB: 'b.sqlite' })).toEqual({
      kind: 'sqlite',
      dbPath: 'a.sqlite',
    });
    expect(chooseHubStore({}, { OKNO_HUB_DB: 'b.sqlite' })).toEqual({ kind: 'sqlite', dbPath: 'b.sqlite' });
    expect(chooseHubStore({}, {})).toEqual({ kind: 'sqlite', dbPath: DEFAULT_HUB_DB });
  });

  it('opens PostgreSQL from the flags or the variables, a flag winning over a variable', () => {
    expect(chooseHubStore({ store: URL, 'data-dir': '/srv/a' }, { OKNO_HUB_DATA_DIR: '/srv/b' })).toEqual({
      kind: 'postgres',
      url: URL,
      dataDir: '/srv/a',
    });
    expect(chooseHubStore({}, { OKNO_HUB_STORE: URL, OKNO_HUB_DATA_DIR: '/srv/b' })).toEqual({
      kind: 'postgres',
      url: URL,
      dataDir: '/srv/b',
    });
    // An explicit file wins over a store in the environment (migrate-store's source).
    expect(chooseHubStore({ db: 'a.sqlite' }, { OKNO_HUB_STORE: URL })).toEqual({ kind: 'sqlite', dbPath: 'a.sqlite' });
  });

  it('refuses what does not go together, as a usage error', () => {
    const refusal = (flags: Parameters<typeof chooseHubStore>[0], env: NodeJS.ProcessEnv = {}) => {
      try {
        chooseHubStore(flags, env);
        return 'accepted';
      } catch (error) {
        return error instanceof UsageError ? error.message : `not a usage error: ${String(error)}`;
      }
    };
    expect(refusal({ db: 'a.sqlite', store: URL, 'data-dir': '/srv' })).toMatch(/give one of them/);
    expect(refusal({ store: URL })).toMatch(/--store needs --data-dir/);
    expect(refusal({ store: 'mysql://db1/okno', 'data-dir': '/srv' })).toMatch(/postgres:\/\/ URL/);
    expect(refusal({ 'data-dir': '/srv' })).toMatch(/--data-dir goes with --store/);
  });
});
