import { fileURLToPath } from 'node:url';
import { PrinterProfile } from '../../kiosk-config/src/config/printer-profile';
import { ProfileError, type ProfileFolderOptions, profileFolder } from '../profiles/profile-folder';

/** The folder of the shipped printer profiles, `kiosk-config/printer-profiles/`. */
export const PRINTER_PROFILES_DIR = fileURLToPath(new URL('../../kiosk-config/printer-profiles/', import.meta.url));

/** A printer profile that cannot be used; the message names the file and each bad field. */
export class PrinterProfileError extends ProfileError {
  override readonly name = 'PrinterProfileError';
  constructor(file: string, problems: string[]) {
    super('printer', file, problems);
  }
}

/** Options of `loadPrinterProfile`. */
export interface LoadPrinterProfileOptions extends ProfileFolderOptions {
  /** Where the profiles are (default `PRINTER_PROFILES_DIR`; a bundled app passes its own). */
  dir?: string;
}

const printerProfiles = profileFolder({
  schema: PrinterProfile,
  defaultDir: PRINTER_PROFILES_DIR,
  exampleId: 'generic-80mm',
  error: (file, problems) => new PrinterProfileError(file, problems),
});

/**
 * Reads and validates the printer profile `<id>.json`.
 *
 * Throws `PrinterProfileError` naming the file and the field, e.g.
 * `printer profile …/generic-80mm.json: codePage.escT: Too big: expected number to be <=255`, so a
 * technician on the phone can be told exactly what to fix. The id must match the file's name.
 */
export function loadPrinterProfile(id: string, options: LoadPrinterProfileOptions = {}): Promise<PrinterProfile> {
  return printerProfiles.load(id, options);
}

/** The ids of the profiles in the folder, sorted (for the technician's model picker). */
export function listPrinterProfiles(options: LoadPrinterProfileOptions = {}): Promise<string[]> {
  return printerProfiles.list(options);
}
