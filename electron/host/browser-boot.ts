import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The boot page written for the kiosk's browser, and how to remove it. */
export interface BootPage {
  /** `file://…` address to give the browser: it names a file, not a secret. */
  fileUrl: string;
  remove(): Promise<void>;
}

/**
 * Writes a page, readable by the kiosk's user only (mode 0600), that sends the browser on to the
 * host's one-time bootstrap address. The browser is started with this file's address, so the
 * bootstrap address is on no command line (`/proc/<pid>/cmdline` is world-readable) for another
 * local user to race the browser to.
 */
export async function writeBootPage(dir: string, bootstrapUrl: string): Promise<BootPage> {
  const file = path.join(dir, 'browser-boot.html');
  await unlink(file).catch(() => {});
  // `wx`: a fresh file with our mode, never someone else's file or link left in its place.
  const handle = await open(file, 'wx', 0o600);
  try {
    const target = bootstrapUrl.replace(/[^\w:/.-]/g, '');
    await handle.writeFile(
      `<!doctype html><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${target}">\n`,
    );
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { fileUrl: pathToFileURL(file).href, remove: () => unlink(file).catch(() => {}) };
}
