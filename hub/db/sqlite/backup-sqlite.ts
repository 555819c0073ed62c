import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Copies a hub database to `destination` with SQLite's online backup, consistent even while the
 * hub writes: copying the `.sqlite` file alone is not (in WAL mode recent commits live in the
 * `-wal` file beside it). Refuses to overwrite an existing file.
 */
export async function backupSqliteFile(source: string, destination: string): Promise<{ pages: number }> {
  if (existsSync(destination)) throw new Error(`${destination} exists; choose a new file name`);
  mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const progress = await db.backup(destination);
    return { pages: progress.totalPages };
  } finally {
    db.close();
  }
}
