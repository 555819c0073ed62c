import type { ReceiptDocument, ReceiptLine, WaitEstimate } from '../../../kiosk-config/src/index';
import { TICKET_WORDS, type TicketWords } from './ticket-words';

/** What a printed queue ticket says. */
export interface TicketFace {
  officeName: string;
  /** `Б-007`, or offline `Б-К1-03`. */
  number: string;
  serviceName: string;
  /** Wall-clock date and time in the office, e.g. `23.11.2026 10:45`. */
  issuedAt: string;
  /**
   * Where the ticket came from, which decides what it can honestly say about the wait:
   * `queue`: people ahead and the wait from the hub; `offline`: issued without the hub, so
   * neither is known; `booking`: a booked visitor, called by the slot's time.
   */
  kind: 'queue' | 'offline' | 'booking';
  /** `queue` only: waiting before this ticket. */
  peopleAhead?: number | null;
  /** `queue` only: the hub's estimate; null when it has none. */
  wait?: WaitEstimate | null;
  /** `booking` only: the slot's time, `HH:MM`. */
  slotTime?: string;
  /** The visitor's page to follow the queue from a phone: printed as a QR code. */
  followUrl: string;
  /** What to bring, one line each (none: the heading is left out). */
  documents: readonly string[];
  /** The closing line from the config (`tickets.footer`); empty: none. */
  footer: string;
  /** Characters per line of the printer's profile (48 on 80 mm, 32 on 58 mm). */
  columns: number;
  /** The ticket's own words, in the language it prints in (Russian when absent). */
  words?: TicketWords;
}

/** The largest magnification of the number: 4 fits `Б-К1-01` on 58 mm paper too (7 × 4 ≤ 32). */
const MAX_NUMBER_SCALE = 4;

/**
 * The queue ticket as a receipt document: the office, «ТАЛОН», the number very large, the
 * service, date and time, the wait (or why it is not known), a QR code of the follow page, what
 * to bring, and the footer.
 *
 * Native text and a native QR code only (no raster), so it prints fast over a 9600-baud serial
 * line; the encoder wraps text to the profile's columns, and the number's magnification is chosen
 * here so that it stays on one line on the paper at hand.
 */
export function ticketReceipt(face: TicketFace): ReceiptDocument {
  const scale = numberScale(face.number, face.columns);
  const words = face.words ?? TICKET_WORDS.ru;
  const lines: ReceiptLine[] = [
    { type: 'text', text: printable(face.officeName), align: 'center', bold: true },
    { type: 'rule' },
    { type: 'text', text: words.ticket, align: 'center', bold: true },
    { type: 'text', text: face.number, align: 'center', width: scale, height: scale, bold: true },
    { type: 'feed', lines: 1 },
    { type: 'text', text: printable(face.serviceName), align: 'center' },
    { type: 'text', text: face.issuedAt, align: 'center' },
    { type: 'feed', lines: 1 },
    ...waitLines(face, words),
    { type: 'text', text: words.waitForCall, align: 'center' },
    { type: 'feed', lines: 1 },
    // A QR's width is about (17 + 4 × version) modules: 5 dots keeps a 100-character link within
    // 384 dots (58 mm); 80 mm paper has room for 6.
    { type: 'qr', data: face.followUrl, moduleSize: face.columns >= 42 ? 6 : 5 },
    { type: 'text', text: words.followLine, align: 'center' },
  ];
  if (face.documents.length > 0) {
    lines.push(
      { type: 'feed', lines: 1 },
      { type: 'text', text: words.bring, bold: true },
      ...face.documents.map(
        (document, index): ReceiptLine => ({ type: 'text', text: `${index + 1}. ${printable(document)}` }),
      ),
    );
  }
  if (face.footer.trim() !== '') {
    lines.push({ type: 'rule' }, { type: 'text', text: printable(face.footer.trim()), align: 'center' });
  }
  lines.push({ type: 'cut' });
  return { lines };
}

/** What the ticket says about the wait: only what is known. */
function waitLines(face: TicketFace, words: TicketWords): ReceiptLine[] {
  const booking: ReceiptLine[] = [
    { type: 'text', text: words.bookingMark, align: 'center', bold: true },
    ...(face.slotTime ? [{ type: 'text', text: words.slotTime(face.slotTime), align: 'center' } as const] : []),
  ];
  if (face.kind === 'offline') {
    return [
      { type: 'text', text: words.offlineMark, align: 'center', bold: true },
      // An offline check-in: still a booked visitor's ticket.
      ...(face.slotTime ? booking : []),
      { type: 'text', text: words.waitUnknown, align: 'center' },
    ];
  }
  if (face.kind === 'booking') return booking;
  const lines: ReceiptLine[] = [];
  if (face.peopleAhead !== undefined && face.peopleAhead !== null) {
    lines.push({ type: 'text', text: words.peopleAhead(face.peopleAhead), align: 'center' });
  }
  if (face.wait) lines.push({ type: 'text', text: words.wait(face.wait), align: 'center' });
  return lines;
}

/**
 * Characters every shipped code page prints (CP866 and Windows-1251): ASCII, Russian letters,
 * the typographic marks the encoder replaces by ASCII (quotes, dashes, ellipsis, spaces), № ° ·.
 */
const PRINTABLE = /[\x20-\x7EА-яЁё«»„“”‘’‚–—‑…\u00A0\u202F\u00AD№°·]/u;
const LOOKALIKES: ReadonlyMap<string, string> = new Map([
  ['×', 'x'],
  ['•', '-'],
  ['\t', ' '],
]);

/**
 * Text from the catalogue, the hub or the config made safe to print: a character no code page
 * has (`35×45 мм`, an emoji) becomes a lookalike or `?`. The encoder refuses unprintable text
 * rather than print it wrong, and a ticket must never fail for a catalogue's typography.
 */
function printable(text: string): string {
  let result = '';
  for (const char of text) result += PRINTABLE.test(char) ? char : (LOOKALIKES.get(char) ?? '?');
  return result;
}

/** The largest magnification (≤ 4) at which the number fits on one line of `columns`. */
function numberScale(number: string, columns: number): number {
  const length = Math.max(1, Array.from(number).length);
  return Math.max(1, Math.min(MAX_NUMBER_SCALE, Math.floor(columns / length)));
}
