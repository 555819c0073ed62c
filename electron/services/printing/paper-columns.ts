import { loadPrinterProfile } from '../../../drivers/printer/load-printer-profile';
import type { Logger } from '../logging/logger';

/** The 80 mm paper's characters per line: the width when the printer's profile is unknown. */
const DEFAULT_COLUMNS = 48;

/** Characters per line of the receipt printer's profile (48, the 80 mm width, when unknown). */
export async function paperColumns(profileId: string | undefined, profilesDir: string, log: Logger): Promise<number> {
  if (profileId === undefined) return DEFAULT_COLUMNS;
  try {
    return (await loadPrinterProfile(profileId, { dir: profilesDir })).columns;
  } catch (error) {
    // The device manager reports the bad profile; the ticket only needs a width.
    log.warn({ err: error, profile: profileId }, 'printer profile unreadable: tickets laid out for 48 columns');
    return DEFAULT_COLUMNS;
  }
}
