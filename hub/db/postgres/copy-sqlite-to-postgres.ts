import type Database from 'better-sqlite3';
import pg from 'pg';
import { inTransaction } from './postgres-transaction';

/** Tables never copied: each store numbers its own migrations. */
const NOT_COPIED = new Set(['schema_migrations']);

/** The most parameters one INSERT takes (PostgreSQL's limit is 65,535). */
const MAX_PARAMETERS = 60_000;

/** What was copied: each table and its rows, in the order written. */
export interface StoreCopyReport {
  tables: { name: string; rows: number }[];
}

/** A column of the target table: its name and PostgreSQL type (`data_type` of information_schema). */
interface TargetColumn {
  name: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

/**
 * Copies every table of a hub's SQLite database into an empty, migrated PostgreSQL database (the
 * `hub migrate-store` command), in ONE transaction: the target ends with all of it or none of it.
 *
 * Both stores keep the same tables and columns (each with migrations of its own); a SQLite table
 * or column the target lacks is refused by name before anything is written (the PostgreSQL schema
 * is older than the file: upgrade the hub first). Tables are written parents first (by the
 * target's foreign keys), rows in the order SQLite stored them; values are converted where the
 * types differ (SQLite's 0/1 to boolean); identity and serial columns continue after the highest
 * id copied; every table's row count is compared before the commit.
 */
export async function copySqliteToPostgres(source: Database.Database, target: pg.Pool): Promise<StoreCopyReport> {
  // One read transaction over every table: the copy is one moment of the file, even of a hub still
  // writing to it (WAL keeps the snapshot); what it writes after that moment is not copied.
  const snapshot = !source.inTransaction;
  if (snapshot) {
    source.exec('BEGIN');
    source.prepare('SELECT count(*) FROM sqlite_master').get();
  }
  try {
    return await copyTables(source, target);
  } finally {
    if (snapshot) source.exec('COMMIT');
  }
}

async function copyTables(source: Database.Database, target: pg.Pool): Promise<StoreCopyReport> {
  const sourceTables = (
    source
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
  )
    .map((row) => row.name)
    .filter((name) => !NOT_COPIED.has(name));

  return inTransaction(target, async (client) => {
    const targetColumns = await columnsOf(client);
    const missing = sourceTables.filter((table) => !targetColumns.has(table));
    if (missing.length > 0) {
      throw new Error(
        `the PostgreSQL database has no table ${missing.join(', ')}: migrate it with a hub of this version`,
      );
    }
    const plans = sourceTables.map((table) => planTable(source, table, targetColumns.get(table) ?? []));
    for (const plan of plans) {
      const { rows } = await client.query<{ used: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${quote(plan.table)}) AS used`,
      );
      if (rows[0]?.used)
        throw new Error(`the PostgreSQL table ${plan.table} is not empty: copy into a new database only`);
    }

    const report: StoreCopyReport = { tables: [] };
    for (const table of parentsFirst(sourceTables, await foreignKeysOf(client))) {
      const plan = plans.find((candidate) => candidate.table === table);
      if (plan === undefined) continue;
      const copied = await copyTable(source, client, plan);
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${quote(table)}`);
      if (Number(rows[0]?.count) !== copied) {
        throw new Error(`table ${table}: ${copied} rows read, ${rows[0]?.count ?? 0} in PostgreSQL`);
      }
      await continueSequences(client, table);
      report.tables.push({ name: table, rows: copied });
    }
    return report;
  });
}

/** How one table is copied: the columns both sides have, and their target types. */
interface TablePlan {
  table: string;
  columns: TargetColumn[];
  /** Whether SQLite gives the table a rowid (the order rows were stored in). */
  hasRowid: boolean;
}

function planTable(source: Database.Database, table: string, target: readonly TargetColumn[]): TablePlan {
  const sourceColumns = (source.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map(
    (column) => column.name,
  );
  const byName = new Map(target.map((column) => [column.name, column]));
  const unknown = sourceColumns.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `the PostgreSQL table ${table} has no column ${unknown.join(', ')}: migrate it with a hub of this version`,
    );
  }
  const unfilled = target.filter(
    (column) => !sourceColumns.includes(column.name) && !column.nullable && !column.hasDefault,
  );
  if (unfilled.length > 0) {
    throw new Error(`the SQLite table ${table} has nothing for ${unfilled.map((c) => c.name).join(', ')}`);
  }
  const withoutRowid = /\bWITHOUT\s+ROWID\b/i.test(
    (source.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string })
      .sql,
  );
  return {
    table,
    columns: sourceColumns.map((name) => byName.get(name) as TargetColumn),
    hasRowid: !withoutRowid,
  };
}

async function copyTable(source: Database.Database, client: pg.PoolClient, plan: TablePlan): Promise<number> {
  const names = plan.columns.map((column) => quote(column.name));
  const rows = source
    .prepare(`SELECT ${names.join(', ')} FROM ${quote(plan.table)}${plan.hasRowid ? ' ORDER BY rowid' : ''}`)
    .raw()
    .iterate() as IterableIterator<unknown[]>;
  const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / plan.columns.length));
  let batch: unknown[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value, i) => {
        values.push(toTarget(value, plan.columns[i] as TargetColumn));
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await client.query(`INSERT INTO ${quote(plan.table)} (${names.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    copied += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return copied;
}

/** A SQLite value as the target column takes it. */
export function toTarget(value: unknown, column: Pick<TargetColumn, 'name' | 'type'>): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'boolean':
      if (value === 0 || value === 1) return value === 1;
      throw new Error(`column ${column.name}: ${JSON.stringify(value)} is not a SQLite boolean (0 or 1)`);
    case 'text':
    case 'character varying':
      return typeof value === 'string' ? value : String(value);
    default:
      return value;
  }
}

async function columnsOf(client: pg.PoolClient): Promise<Map<string, TargetColumn[]>> {
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.is_identity
     FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, TargetColumn[]>();
  for (const row of rows) {
    const columns = tables.get(row.table_name) ?? [];
    columns.push({
      name: row.column_name,
      type: row.data_type,
      nullable: row.is_nullable === 'YES',
      hasDefault: row.column_default !== null || row.is_identity === 'YES',
    });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** Each table's parents (the tables its foreign keys point to), itself left out. */
async function foreignKeysOf(client: pg.PoolClient): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map<string, Set<string>>();
  for (const { child, parent } of rows) {
    if (child === parent) continue;
    const set = parents.get(unquote(child)) ?? new Set<string>();
    set.add(unquote(parent));
    parents.set(unquote(child), set);
  }
  return parents;
}

/** `tables` with every table after the tables it references (a cycle is an error: it cannot be loaded in order). */
export function parentsFirst(tables: readonly string[], parents: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: string, path: readonly string[]) => {
    if (state.get(table) === 'done') return;
    if (state.get(table) === 'visiting') throw new Error(`foreign keys form a cycle: ${[...path, table].join(' → ')}`);
    state.set(table, 'visiting');
    for (const parent of [...(parents.get(table) ?? [])].sort()) {
      if (tables.includes(parent)) visit(parent, [...path, table]);
    }
    state.set(table, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

/** Identity and serial columns of `table` continue after its highest value. */
async function continueSequences(client: pg.PoolClient, table: string): Promise<void> {
  const { rows } = await client.query<{ column_name: string; sequence: string }>(
    `SELECT a.attname AS column_name, pg_get_serial_sequence($1, a.attname) AS sequence
     FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND pg_get_serial_sequence($1, a.attname) IS NOT NULL`,
    [quote(table)],
  );
  for (const { column_name: column, sequence } of rows) {
    await client.query(
      `SELECT setval($1, coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 1), (SELECT count(*) > 0 FROM ${quote(table)}))`,
      [sequence],
    );
  }
}

/** An identifier for SQL text (table and column names come from the databases' own catalogues). */
const quote = pg.escapeIdentifier;

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier;
}
