import { canEncode, RUSSIAN_LETTERS, type TextEncoding } from '../../../drivers/escpos/codepages';
import { loadPrinterProfile } from '../../../drivers/printer/load-printer-profile';
import { ScreenLanguage } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';

/**
 * What the kiosk's receipts (queue tickets, status slips, payment receipts) need to know of the
 * receipt printer's profile: how wide a line is, and which visitor languages its code page prints.
 */
export interface ReceiptPaper {
  /** Characters per line. */
  columns: number;
  /** The code page its text is sent in. */
  encoding: TextEncoding;
  /**
   * The screen languages whose every letter the code page has: decided once for the profile (the
   * encoder's table is fixed by it), not at each print.
   */
  languages: ReadonlySet<ScreenLanguage>;
}

/** The letters a language's printed words are written in (digits and marks every code page has). */
const LETTERS: Readonly<Record<ScreenLanguage, string>> = {
  ru: RUSSIAN_LETTERS,
  en: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  // Tatar's own six letters besides the Russian alphabet.
  tt: `${RUSSIAN_LETTERS}ӘәӨөҮүҖҗҢңҺһ`,
};

/** Whether the code page has a byte for every letter of the language. */
export function codePagePrints(language: ScreenLanguage, encoding: TextEncoding): boolean {
  return Array.from(LETTERS[language]).every((letter) => canEncode(letter, encoding));
}

/** The paper of a profile with these columns and code page, its printable languages decided now. */
export function paperOf(columns: number, encoding: TextEncoding): ReceiptPaper {
  const languages = new Set(ScreenLanguage.options.filter((language) => codePagePrints(language, encoding)));
  return { columns, encoding, languages };
}

/**
 * When the printer's profile is unknown: the 80 mm paper's width, and CP866 (the code page with
 * the fewest letters of the two shipped: a language it lacks falls back to Russian, never to `?`).
 */
const DEFAULT_COLUMNS = 48;
const DEFAULT_ENCODING: TextEncoding = 'cp866';

/** The receipt printer profile's paper (48 columns and CP866 when unknown or unreadable). */
export async function receiptPaper(
  profileId: string | undefined,
  profilesDir: string,
  log: Logger,
): Promise<ReceiptPaper> {
  if (profileId === undefined) return paperOf(DEFAULT_COLUMNS, DEFAULT_ENCODING);
  try {
    const profile = await loadPrinterProfile(profileId, { dir: profilesDir });
    return paperOf(profile.columns, profile.codePage.encoding);
  } catch (error) {
    // The device manager reports the bad profile; receipts only need a width and a code page.
    log.warn({ err: error, profile: profileId }, 'printer profile unreadable: receipts laid out for 48 columns, CP866');
    return paperOf(DEFAULT_COLUMNS, DEFAULT_ENCODING);
  }
}

/**
 * The language a receipt prints in: the visitor's where the paper's code page has its letters,
 * else Russian (every shipped code page has it). A fall-back is logged with the languages and the
 * code page only: nothing of the visitor or of what is printed.
 */
export function printedLanguage(
  paper: ReceiptPaper,
  wanted: ScreenLanguage,
  what: 'ticket' | 'status slip' | 'payment receipt',
  log: Logger,
): ScreenLanguage {
  if (paper.languages.has(wanted)) return wanted;
  log.info(
    { what, wanted, printed: 'ru', encoding: paper.encoding },
    "the printer's code page lacks the language's letters: printed in Russian",
  );
  return 'ru';
}
