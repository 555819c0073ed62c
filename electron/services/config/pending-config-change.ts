import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { syncFolder, writeFileDurably } from '../storage/durable-file';

/** The config file as it was before the last saved change (`kiosk.json.previous`). */
export function previousConfigFile(configFile: string): string {
  return `${configFile}.previous`;
}

/** The marker of a device change on trial, not yet confirmed (`kiosk.json.pending`). */
export function pendingChangeFile(configFile: string): string {
  return `${configFile}.pending`;
}

/** What the start found of a change interrupted by a crash or a power cut. */
export type PendingRecovery = { found: false } | { found: true; restored: boolean };

/**
 * Undoes a device change that was saved but neither confirmed nor judged when the kiosk stopped
 * (a crash, a power cut, a restart during the trial): the previous config file is put back
 * atomically and the marker removed. Run before the config is loaded. The change is undone rather
 * than kept because nobody said it worked, and the previous file is the one known to have.
 * Without a previous file (removed by hand) the config is kept as it is.
 */
export async function recoverPendingConfigChange(configFile: string): Promise<PendingRecovery> {
  const marker = pendingChangeFile(configFile);
  if (!(await exists(marker))) return { found: false };
  let restored = false;
  const previous = previousConfigFile(configFile);
  if (await exists(previous)) {
    const mode = (await stat(configFile).catch(() => stat(previous))).mode & 0o777;
    await writeFileDurably(configFile, await readFile(previous), { mode });
    restored = true;
  }
  await rm(marker, { force: true });
  await syncFolder(path.dirname(configFile));
  return { found: true, restored };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
