import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Another writer (the admin CLI, or a hub's re-signing timer) is writing the repository. */
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
 * How the writers of the content repository's signed files (a publish, a rollback, `content
 * init` and `rotate-root`, the hub's re-signing timer, the blob collection) exclude each other:
 * each signs a new snapshot and timestamp from the versions on disk, and without the lock one
 * could overwrite the other's timestamp and hide a release. `run` throws `RepositoryBusyError`
 * at once, without waiting, when another write holds it. The store gives it
 * (`ContentStore.writeLock`): a lock file for one machine's SQLite hub, an advisory lock in the
 * database for hub instances on several machines.
 */
export interface ContentWriteLock {
  run<T>(write: () => Promise<T>): Promise<T>;
}

/**
 * The lock of a hub on one machine: a lock file in the repository folder (`<dir>/.lock`, created
 * exclusively, holding the pid), held until `write` settles. Another write of this process
 * meanwhile finds it busy, as one of another process would. A lock left by a process that died is
 * taken over, which is why it holds only on one machine: another machine's pid cannot be checked.
 */
export function repositoryFileLock(dir: string): ContentWriteLock {
  return {
    async run(write) {
      const release = takeRepositoryLock(dir);
      try {
        return await write();
      } finally {
        release();
      }
    },
  };
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
    `another publish or re-signing is under way (${path}${pid === undefined ? '' : `, process ${pid}`}); try again in a moment`,
  );
}
