import type { TextEncoding } from '../../../drivers/escpos/codepages';
import { loadPrinterProfile } from '../../../drivers/printer/load-printer-profile';
import type { Logger } from '../logging/logger';

/** What a ticket's layout and language need to know of the receipt printer's profile. */
export interface ReceiptPaper {
  /** Characters per line. */
  columns: number;
  /** The code page its text is sent in. */
  encoding: TextEncoding;
}

/**
 * When the printer's profile is unknown: the 80 mm paper's width, and CP866 (the code page with
 * the fewest letters of the two shipped: a language it lacks falls back to Russian, never to `?`).
 */
const DEFAULT_PAPER: ReceiptPaper = { columns: 48, encoding: 'cp866' };

/** The receipt printer profile's width and code page (48 columns and CP866 when unknown). */
export async function receiptPaper(
  profileId: string | undefined,
  profilesDir: string,
  log: Logger,
): Promise<ReceiptPaper> {
  if (profileId === undefined) return DEFAULT_PAPER;
  try {
    const profile = await loadPrinterProfile(profileId, { dir: profilesDir });
    return { columns: profile.columns, encoding: profile.codePage.encoding };
  } catch (error) {
    // The device manager reports the bad profile; the ticket only needs a width and a code page.
    log.warn({ err: error, profile: profileId }, 'printer profile unreadable: tickets laid out for 48 columns, CP866');
    return DEFAULT_PAPER;
  }
}
