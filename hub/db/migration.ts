/** One versioned schema change (the SQLite and the PostgreSQL store each have their own list). */
export interface Migration {
  /** 1, 2, 3…: applied in order, each once. */
  version: number;
  /** Short kebab-case name, recorded with the version. */
  name: string;
  sql: string;
}

/** What a migration run did. */
export interface MigrationReport {
  from: number;
  to: number;
  /** `0002-queue`, … in the order applied. */
  applied: string[];
}

/** How a migration is named in reports: `0002-queue`. */
export function migrationLabel(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}-${migration.name}`;
}

/** The newest version of a list (versions may skip numbers that other branches hold). */
export function newestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** The refusal to run on a database newer than the code (rather than guess what newer columns mean). */
export function newerDatabaseError(from: number, newest: number): Error {
  return new Error(
    `the hub database is at schema version ${from}, newer than this hub knows (${newest}); upgrade the hub`,
  );
}
