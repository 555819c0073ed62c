import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { LSBLK_ARGS, parseLsblk, parseUdisksMounted, type UsbVolume } from './lsblk';
import { commandProblem, type SystemCommands } from './system-commands';

/** A file of the bundle. */
export interface ExportFile {
  /** Its name in the bundle's folder: letters, digits, dots, dashes. */
  name: string;
  data: Uint8Array;
}

/** A file written and read back whole. */
export interface ExportedFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** Where an export stopped. */
export type ExportStep = 'mount' | 'write' | 'verify' | 'unmount';

/** How an export to a stick ended. */
export type UsbExportOutcome =
  /** Written, read back equal after a remount, unmounted and powered off: «Можно извлекать». */
  | { outcome: 'done'; folder: string; files: ExportedFile[]; poweredOff: boolean }
  /** The stick is not (or no longer) there. */
  | { outcome: 'not_found' }
  | { outcome: 'failed'; step: ExportStep; problem: string };

/** Steps the page (and a test) can follow. */
export type ExportProgress = { step: 'mounted' } | { step: 'writing'; file: string } | { step: 'verifying' };

/** Options of `UsbExport`. */
export interface UsbExportOptions {
  commands: SystemCommands;
  /** Where `mount` (the fallback where udisks is missing) mounts a stick. */
  fallbackMountDir: string;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const SUMS_FILE = 'SHA256SUMS';

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256sum`'s format, which `sha256sum -c SHA256SUMS` checks on any Linux machine. */
export function sha256sums(files: readonly ExportedFile[]): string {
  return files.map((file) => `${file.sha256}  ${file.name}\n`).join('');
}

/** Parses `sha256sum` lines (`<64 hex>  <name>`); undefined when a line is anything else. */
export function parseSha256sums(text: string): Map<string, string> | undefined {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match?.[1] || !match[2] || !SAFE_NAME.test(match[2])) return undefined;
    sums.set(match[2], match[1]);
  }
  return sums;
}

/** Write to a temp name, fsync, rename: a file under its real name is always whole. */
async function writeWhole(file: string, data: Uint8Array): Promise<void> {
  const temp = `${file}.part`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

/** fsync a folder so the renames in it reach the stick (some file systems refuse: their rename is already durable). */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync().catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EINVAL' && error.code !== 'EISDIR') throw error;
    });
  } finally {
    await handle.close();
  }
}

function problemOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  return (code ? `${code}: ${message}` : message).slice(0, 200);
}

/**
 * Exports files to a USB stick the way a technician can trust: finds removable volumes
 * (`lsblk`), mounts one (`udisksctl mount`, or `mount` where udisks is missing), writes each
 * file whole (temp, fsync, rename) into a new folder, then `SHA256SUMS` last (so a folder
 * without it was never finished), unmounts (the kernel flushes the stick), mounts again and
 * reads every file back against its sum (from the stick, not the page cache), unmounts and
 * powers the stick off (`udisksctl power-off`). Every OS command goes through `commands`.
 */
export class UsbExport {
  constructor(private readonly options: UsbExportOptions) {}

  /** The removable volumes now, or why they cannot be listed. */
  async volumes(): Promise<{ ok: true; volumes: UsbVolume[] } | { ok: false; problem: string }> {
    const output = await this.options.commands.run('lsblk', LSBLK_ARGS);
    if (output.code !== 0) return { ok: false, problem: commandProblem(output) };
    const volumes = parseLsblk(output.stdout);
    return volumes === undefined ? { ok: false, problem: 'lsblk: unreadable output' } : { ok: true, volumes };
  }

  /** Writes `files` into `<stick>/<folder>/` with `SHA256SUMS`, verified, and makes the stick safe to pull out. */
  async export(
    device: string,
    folder: string,
    files: readonly ExportFile[],
    onProgress: (progress: ExportProgress) => void = () => {},
  ): Promise<UsbExportOutcome> {
    for (const name of [folder, ...files.map((file) => file.name)]) {
      if (!SAFE_NAME.test(name) || name === SUMS_FILE) throw new Error(`unsafe export name ${name}`);
    }
    const listed = await this.volumes();
    if (!listed.ok) return { outcome: 'failed', step: 'mount', problem: listed.problem };
    const volume = listed.volumes.find((candidate) => candidate.device === device);
    if (volume === undefined) return { outcome: 'not_found' };

    const mounted = await this.#mount(volume);
    if (!mounted.ok) return { outcome: 'failed', step: 'mount', problem: mounted.problem };
    onProgress({ step: 'mounted' });
    const dir = path.join(mounted.at, folder);
    let written: ExportedFile[];
    try {
      written = await this.#write(dir, files, onProgress);
    } catch (error) {
      // The stick may be gone: what was written is not claimed, and the folder has no SHA256SUMS.
      await this.#unmount(volume, mounted.how);
      return { outcome: 'failed', step: 'write', problem: problemOf(error) };
    }
    // Unmounting flushes the stick; mounting again reads from it, not from what the kernel cached.
    const flushed = await this.#unmount(volume, mounted.how);
    if (!flushed.ok) return { outcome: 'failed', step: 'unmount', problem: flushed.problem };
    const again = await this.#mount({ ...volume, mountPoint: undefined });
    if (!again.ok) return { outcome: 'failed', step: 'verify', problem: again.problem };
    onProgress({ step: 'verifying' });
    const checked = await this.#verify(path.join(again.at, folder), written).catch((error: unknown) =>
      problemOf(error),
    );
    const released = await this.#unmount(volume, again.how);
    if (checked !== undefined) return { outcome: 'failed', step: 'verify', problem: checked };
    if (!released.ok) return { outcome: 'failed', step: 'unmount', problem: released.problem };
    const poweredOff =
      again.how === 'udisks' &&
      (await this.options.commands.run('udisksctl', ['power-off', '-b', volume.disk, '--no-user-interaction'])).code ===
        0;
    return { outcome: 'done', folder, files: written, poweredOff };
  }

  async #write(
    dir: string,
    files: readonly ExportFile[],
    onProgress: (progress: ExportProgress) => void,
  ): Promise<ExportedFile[]> {
    await mkdir(dir);
    const written: ExportedFile[] = [];
    try {
      for (const file of files) {
        onProgress({ step: 'writing', file: file.name });
        await writeWhole(path.join(dir, file.name), file.data);
        written.push({ name: file.name, bytes: file.data.byteLength, sha256: sha256(file.data) });
      }
      onProgress({ step: 'writing', file: SUMS_FILE });
      await writeWhole(path.join(dir, SUMS_FILE), Buffer.from(sha256sums(written)));
      await syncFolder(dir);
      return written;
    } catch (error) {
      // Best effort: a stick pulled out takes its half-written temp files with it anyway.
      await Promise.all(files.map((file) => rm(path.join(dir, `${file.name}.part`), { force: true }).catch(() => {})));
      throw error;
    }
  }

  /** Undefined when every file and the sums read back equal; else what differs. */
  async #verify(dir: string, written: readonly ExportedFile[]): Promise<string | undefined> {
    const sums = parseSha256sums(await readFile(path.join(dir, SUMS_FILE), 'utf8'));
    if (sums === undefined) return `${SUMS_FILE} reads back unreadable`;
    for (const file of written) {
      if (sums.get(file.name) !== file.sha256) return `${SUMS_FILE} reads back wrong for ${file.name}`;
      if (sha256(await readFile(path.join(dir, file.name))) !== file.sha256) return `${file.name} reads back different`;
    }
    return undefined;
  }

  async #mount(
    volume: UsbVolume,
  ): Promise<{ ok: true; at: string; how: 'udisks' | 'mount' } | { ok: false; problem: string }> {
    if (volume.mountPoint !== undefined) return { ok: true, at: volume.mountPoint, how: 'udisks' };
    const { commands } = this.options;
    const udisks = await commands.run('udisksctl', ['mount', '-b', volume.device, '--no-user-interaction']);
    const at = udisks.code === 0 ? parseUdisksMounted(udisks.stdout) : undefined;
    if (at !== undefined) return { ok: true, at, how: 'udisks' };
    // Without udisks (a minimal image), plain mount: needs the sudoers line in docs/operations/technician.
    await mkdir(this.options.fallbackMountDir, { recursive: true });
    const plain = await commands.run('mount', [volume.device, this.options.fallbackMountDir]);
    if (plain.code === 0) return { ok: true, at: this.options.fallbackMountDir, how: 'mount' };
    return { ok: false, problem: `${commandProblem(udisks)}; mount: ${commandProblem(plain)}` };
  }

  async #unmount(volume: UsbVolume, how: 'udisks' | 'mount'): Promise<{ ok: true } | { ok: false; problem: string }> {
    const output =
      how === 'udisks'
        ? await this.options.commands.run('udisksctl', ['unmount', '-b', volume.device, '--no-user-interaction'])
        : await this.options.commands.run('umount', [this.options.fallbackMountDir]);
    return output.code === 0 ? { ok: true } : { ok: false, problem: commandProblem(output) };
  }
}
