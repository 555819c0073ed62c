import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';

/** The folder of the shipped printer profiles, `kiosk-config/printer-profiles/`. */
export const PRINTER_PROFILES_DIR = fileURLToPath(new URL('../../kiosk-config/printer-profiles/', import.meta.url));

/** A printer profile that cannot be used; the message names the file and each bad field. */
export class PrinterProfileError extends Error {
  override readonly name = 'PrinterProfileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`printer profile ${file}: ${problems.join('; ')}`);
  }
}

/** Options of `loadPrinterProfile`. */
export interface LoadPrinterProfileOptions {
  /** Where the profiles are (default `PRINTER_PROFILES_DIR`; a bundled app passes its own). */
  dir?: string;
}

/** Profile ids are file names: lowercase words and digits joined by hyphens, nothing else. */
const PROFILE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Reads and validates the printer profile `<id>.json`.
 *
 * Throws `PrinterProfileError` naming the file and the field, e.g.
 * `printer profile …/generic-80mm.json: codePage.escT: Too big: expected number to be <=255`, so a
 * technician on the phone can be told exactly what to fix. The id must match the file's name.
 */
export async function loadPrinterProfile(id: string, options: LoadPrinterProfileOptions = {}): Promise<PrinterProfile> {
  const dir = options.dir ?? PRINTER_PROFILES_DIR;
  if (!PROFILE_ID.test(id)) {
    // Checked before touching the disk: an id like `../x` must not read outside the folder.
    throw new PrinterProfileError(id, ['a profile id is lowercase letters, digits and hyphens (e.g. generic-80mm)']);
  }
  const file = path.join(dir, `${id}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const known = await listPrinterProfiles({ dir }).catch(() => []);
      throw new PrinterProfileError(file, [
        `file not found${known.length > 0 ? ` (known profiles: ${known.join(', ')})` : ''}`,
      ]);
    }
    throw new PrinterProfileError(file, [`cannot read (${code ?? 'error'})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PrinterProfileError(file, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const parsed = PrinterProfile.safeParse(json);
  if (!parsed.success) {
    throw new PrinterProfileError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  if (parsed.data.id !== id) {
    throw new PrinterProfileError(file, [`id: "${parsed.data.id}" does not match the file name "${id}"`]);
  }
  return parsed.data;
}

/** The ids of the profiles in the folder, sorted (for the technician's model picker). */
export async function listPrinterProfiles(options: LoadPrinterProfileOptions = {}): Promise<string[]> {
  const entries = await readdir(options.dir ?? PRINTER_PROFILES_DIR);
  return entries
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((id) => PROFILE_ID.test(id))
    .sort();
}
