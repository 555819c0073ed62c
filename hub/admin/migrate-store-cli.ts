import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { copySqliteToPostgres } from '../db/postgres/copy-sqlite-to-postgres';
import { migratePostgres } from '../db/postgres/migrate-postgres';
import { POSTGRES_MIGRATIONS } from '../db/postgres/migrations/migrations';

export const MIGRATE_STORE_USAGE = `usage: admin.js [--db FILE] migrate-store --to postgres://USER@HOST/DATABASE
  Copies the hub's SQLite file into an empty PostgreSQL database: migrates it to this hub's
  schema, then every table in one transaction (all or nothing). Stop the hub first: what it
  writes after the copy began stays in the file. The password, if any, from PGPASSWORD or ~/.pgpass.
`;

/** What `migrate-store` needs from the admin command line. */
export interface MigrateStoreContext {
  db: Database.Database;
  out: (line: string) => void;
}

/** `admin.js migrate-store --to URL`: the SQLite file (`--db`) into PostgreSQL, with a line per table. */
export async function runMigrateStore(args: string[], context: MigrateStoreContext): Promise<void> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
  const url = values.to;
  if (url === undefined || !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('migrate-store needs --to postgres://…');
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    const migration = await migratePostgres(pool, POSTGRES_MIGRATIONS);
    context.out(`PostgreSQL schema: version ${migration.from} → ${migration.to}`);
    const report = await copySqliteToPostgres(context.db, pool);
    for (const table of report.tables) context.out(`${table.name}: ${table.rows} rows`);
    const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
    context.out(`copied ${total} rows of ${report.tables.length} tables; start the hub with --store ${redacted(url)}`);
  } finally {
    await pool.end();
  }
}

/** The URL without its password, for the terminal. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
