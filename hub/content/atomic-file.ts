import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes a file so a reader (or a crash) sees the old bytes or the new, never a mix: a temp
 * file beside it, fsync'd, renamed over, then the folder fsync'd so the rename survives a power
 * cut. The hub's own copy of the rule: the hub imports nothing of the kiosk's services.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string, mode = 0o644): void {
  const temp = writeTempBeside(path, bytes, mode);
  renameSync(temp, path);
  fsyncDirectory(dirname(path));
}

/**
 * As `writeFileAtomic`, but only when nothing is at `path` yet: the temp file is hard-linked to
 * its name, which fails with EEXIST when another process got there first (a secret or a key two
 * processes create at once must be one, not the last writer's).
 */
export function createFileAtomic(path: string, bytes: Uint8Array | string, mode = 0o644): void {
  const temp = writeTempBeside(path, bytes, mode);
  try {
    linkSync(temp, path);
  } finally {
    unlinkSync(temp);
  }
  fsyncDirectory(dirname(path));
}

function writeTempBeside(path: string, bytes: Uint8Array | string, mode: number): string {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    for (let written = 0; written < data.length; ) written += writeSync(fd, data, written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** fsyncs a folder, so the names created or renamed in it are durable. */
export function fsyncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
