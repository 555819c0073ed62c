import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Options of `writeFileDurably`. */
export interface DurableWriteOptions {
  /**
   * The file's mode, exactly (the umask does not widen or narrow it): 0600 by default, since
   * what the kiosk keeps durably (credential, enrollment request, journals) is its own business.
   */
  mode?: number;
}

/**
 * Replaces a file's content so that a crash at any instant leaves either the old or the new
 * content, never a half-written file: write to a temp file beside it (created with its final
 * mode, so the content is never readable by others, not even for an instant), fsync, rename,
 * fsync the folder (so the rename itself survives a power cut). A file that was wider open
 * before (0644 from an older release) is replaced by one of the new mode.
 */
export async function writeFileDurably(
  file: string,
  data: string | Uint8Array,
  options: DurableWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    // open() applies the umask; chmod makes the mode exact before any byte is written.
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  await syncFolder(dir);
}

/**
 * Appends one line to a journal and fsyncs it before returning, so that what the caller does
 * next (print, pay) happens only after the record is on disk.
 */
export async function appendLineDurably(file: string, line: string): Promise<void> {
  if (line.includes('\n')) throw new Error('a journal line must not contain a newline');
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a folder's entries (a new or renamed file) durable. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
