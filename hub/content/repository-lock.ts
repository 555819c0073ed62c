import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Another process (the admin CLI, or the hub's re-signing timer) is writing the repository. */
export class RepositoryBusyError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, run by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `write` holding the repository's lock file (`<dir>/.lock`, created exclusively, holding
 * the pid). The admin CLI's publish and the hub's timer both sign a new snapshot and timestamp
 * from the versions on disk; without the lock one could overwrite the other's timestamp and
 * hide a release. A lock left by a process that died is taken over.
 */
export function withRepositoryLock<T>(dir: string, write: () => T): T {
  const release = takeRepositoryLock(dir);
  try {
    return write();
  } finally {
    release();
  }
}

/**
 * `withRepositoryLock` for a write that awaits (the store's rows between the files): the lock is
 * held until `write` settles. Another write of this process meanwhile finds it busy, as one of
 * another process would.
 */
export async function withRepositoryLockAsync<T>(dir: string, write: () => Promise<T>): Promise<T> {
  const release = takeRepositoryLock(dir);
  try {
    return await write();
  } finally {
    release();
  }
}

/** Takes the lock (or throws `RepositoryBusyError`); answers how to release it. */
function takeRepositoryLock(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, '.lock');
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt += 1) {
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw busy(error, path);
      const holder = Number(readLockHolder(path));
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) throw busy(error, path, holder);
      unlinkSync(path);
    }
  }
  try {
    writeSync(fd, String(process.pid));
  } catch (error) {
    unlinkSync(path);
    throw error;
  } finally {
    closeSync(fd);
  }
  return () => unlinkSync(path);
}

function readLockHolder(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function busy(cause: unknown, path: string, pid?: number): Error {
  if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') return cause as Error;
  return new RepositoryBusyError(
    `the content repository is being written (${path}${pid === undefined ? '' : `, process ${pid}`}); try again in a moment`,
  );
}
