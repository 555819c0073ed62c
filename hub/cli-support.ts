import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { HubConfigFile } from './server/hub-config';

/** Where the CLIs keep the database when neither `--db` nor `OKNO_HUB_DB` says. */
export const DEFAULT_HUB_DB = '.okno-data/hub/hub.sqlite';

/** Reads and validates a hub config file (JSON); a readable error names the bad fields. */
export function readHubConfigFile(file: string): HubConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the hub config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = HubConfigFile.safeParse(json);
  if (!parsed.success) throw new Error(`invalid hub config ${file}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A port from a flag or variable: an integer 0…65535, or a clear error. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${value}`);
  return port;
}

/** A wrong combination of flags or variables: the programs print it with their usage and exit 2. */
export class UsageError extends Error {}

/** The hub's database as its programs' flags and variables name it. */
export type HubStoreChoice = { kind: 'sqlite'; dbPath: string } | { kind: 'postgres'; url: string; dataDir: string };

/** The `parseArgs` options naming the database, alike in `main.js` and `admin.js`. */
export const HUB_STORE_OPTIONS = {
  db: { type: 'string' },
  store: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** The flags `main.js` and `admin.js` take to name the database. */
export interface HubStoreFlags {
  db?: string | undefined;
  store?: string | undefined;
  'data-dir'?: string | undefined;
}

/**
 * Which store the hub's programs open (`main.js` and `admin.js` alike): `--store URL --data-dir
 * DIR` (or OKNO_HUB_STORE, OKNO_HUB_DATA_DIR) for PostgreSQL, else the SQLite file of `--db`
 * (OKNO_HUB_DB, else the default). A flag wins over a variable, so `--db FILE` names the file
 * even where OKNO_HUB_STORE is set (`migrate-store` reads it); flags that contradict each other
 * are refused rather than one silently ignored.
 */
export function chooseHubStore(flags: HubStoreFlags, env: NodeJS.ProcessEnv): HubStoreChoice {
  if (flags.db !== undefined && flags.store !== undefined) {
    throw new UsageError('--db names a SQLite file, --store a PostgreSQL database: give one of them');
  }
  const store = flags.db === undefined ? (flags.store ?? env.OKNO_HUB_STORE) : undefined;
  if (store === undefined) {
    if (flags['data-dir'] !== undefined) {
      throw new UsageError('--data-dir goes with --store: a hub on SQLite keeps its files beside its database file');
    }
    return { kind: 'sqlite', dbPath: flags.db ?? env.OKNO_HUB_DB ?? DEFAULT_HUB_DB };
  }
  if (!/^postgres(ql)?:\/\//.test(store)) throw new UsageError('--store takes a postgres:// URL');
  const dataDir = flags['data-dir'] ?? env.OKNO_HUB_DATA_DIR;
  if (dataDir === undefined) {
    throw new UsageError('--store needs --data-dir: the folder of the content files every instance shares');
  }
  return { kind: 'postgres', url: store, dataDir };
}
