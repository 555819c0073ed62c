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
 *
 * A write that fails part-way (the disk filled up) is cut back to the journal's previous end, so
 * the journal never holds half a line that the next append would run into; the error is thrown.
 */
export async function appendLineDurably(file: string, line: string): Promise<void> {
  return appendLinesDurably(file, [line]);
}

/**
 * Appends several lines with one fsync (an archive's batch), all or none: a write that fails
 * part-way is cut back as in `appendLineDurably`.
 */
export async function appendLinesDurably(file: string, lines: readonly string[]): Promise<void> {
  if (lines.some((line) => line.includes('\n'))) throw new Error('a journal line must not contain a newline');
  if (lines.length === 0) return;
  const text = lines.map((line) => `${line}\n`).join('');
  const handle = await open(file, 'a', 0o600);
  try {
    const end = (await handle.stat()).size;
    try {
      await handle.appendFile(text);
      await handle.sync();
    } catch (error) {
      // Truncating frees space, so it works on a full disk too; if even that fails, the torn
      // tail has no newline and the journal's reader cuts it off at the next open.
      await handle
        .truncate(end)
        .then(() => handle.sync())
        .catch(() => undefined);
      throw error;
    }
  } finally {
    await handle.close();
  }
}

/** Makes a folder's entries (a new or renamed file) durable. */
export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
