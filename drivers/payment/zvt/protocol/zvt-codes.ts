/**
 * The codes a ZVT terminal answers with: result codes (BMP 27, Abort 06 1E, NAK 84 xx),
 * intermediate statuses (04 FF) and the terminal status byte (Status Enquiry's completion).
 *
 * ZVT Protocol Specification rev. 13.x, chapter 10 "Error-Messages" (result codes), the table of
 * Intermediate Status-Information (04 FF) and the terminal status codes of Status Enquiry (05 01).
 * The descriptions are the spec's, shortened; the kinds of prompt are Okno's reading of them.
 *
 * Portable: no Node imports.
 */
import type { TerminalPrompt } from '../../payment-terminal';

/** Result code 00: success. */
export const RESULT_SUCCESS = 0x00;
/** Result code 6C: aborted by the cardholder (abort key) or by time-out, or on the ECR's 06 B0. */
export const RESULT_ABORTED = 0x6c;
/** Result code B4: already reversed. */
export const RESULT_ALREADY_REVERSED = 0xb4;

/**
 * Result codes and what they mean. 01–63 (hex) are the authorisation system's own response codes
 * 1–99 passed through as a binary number (ISO 8583 "05" do not honour is 0x05, "51" is 0x33);
 * 64 and up are the terminal's.
 */
const RESULT_CODES: ReadonlyMap<number, string> = new Map([
  [0x00, 'no error'],
  [0x05, 'declined by the card issuer (do not honour)'],
  [0x21, 'card expired (issuer code 33)'],
  [0x33, 'insufficient funds (issuer code 51)'],
  [0x37, 'incorrect PIN (issuer code 55)'],
  [0x64, 'card not readable'],
  [0x65, 'card data not present'],
  [0x66, 'processing error'],
  [0x6a, 'turnover file full'],
  [0x6b, 'function deactivated (terminal not registered)'],
  [0x6c, 'aborted by the cardholder or by time-out'],
  [0x6f, 'wrong currency'],
  [0x71, 'credit not sufficient'],
  [0x72, 'chip error'],
  [0x73, 'card data incorrect'],
  [0x77, 'end-of-day batch not possible'],
  [0x78, 'card expired'],
  [0x79, 'card not yet valid'],
  [0x7a, 'card unknown'],
  [0x7d, 'communication error'],
  [0x83, 'function not possible'],
  [0x85, 'key missing'],
  [0x89, 'PIN pad defective'],
  [0x9a, 'ZVT protocol error'],
  [0x9b, 'error from dial-up / communication fault'],
  [0x9c, 'please wait'],
  [0xa0, 'receiver not ready'],
  [0xa1, 'remote station does not respond'],
  [0xa3, 'no connection'],
  [0xb1, 'memory full'],
  [0xb2, 'merchant journal full'],
  [0xb4, 'already reversed'],
  [0xb5, 'reversal not possible'],
  [0xb7, 'pre-authorisation incorrect (amount too high) or amount wrong'],
  [0xb8, 'error pre-authorisation'],
  [0xc2, 'diagnosis required'],
  [0xc3, 'maximum amount exceeded'],
  [0xc5, 'payment method not supported'],
  [0xc6, 'currency not applicable'],
  [0xc8, 'amount too small'],
  [0xcc, 'printer not ready'],
  [0xdc, 'card inserted'],
  [0xe2, 'card reader does not answer'],
  [0xf0, 'open end-of-day batch present'],
  [0xfc, 'necessary device not present or defective'],
  [0xff, 'system error'],
]);

/** A result code as two upper-case hex digits, as Okno's outcomes carry it: `05`, `6C`. */
export function resultCodeHex(code: number): string {
  return code.toString(16).padStart(2, '0').toUpperCase();
}

/** What a result code means, in English (the kiosk shows its own Russian text). */
export function describeResultCode(code: number): string {
  const known = RESULT_CODES.get(code);
  if (known) return known;
  if (code >= 0x01 && code <= 0x63) return 'declined by the authorisation system';
  return 'unknown result code';
}

/** Terminal status byte of the Status Enquiry's completion: 00 is ready, anything else is not. */
const TERMINAL_STATUS: ReadonlyMap<number, string> = new Map([
  [0x00, 'ready'],
  [0x51, 'initialisation required'],
  [0x62, 'date/time incorrect'],
  [0x9c, 'please wait (e.g. software update running)'],
  [0xb1, 'memory full'],
  [0xb2, 'merchant journal full'],
  [0xbf, 'voltage supply too low'],
  [0xc0, 'card locking mechanism defective'],
  [0xc1, 'merchant card locked'],
  [0xc2, 'diagnosis required'],
  [0xc4, 'card profile invalid'],
  [0xcc, 'printer not ready'],
  [0xdc, 'card inserted'],
  [0xdf, 'out of order'],
  [0xe0, 'remote maintenance activated'],
  [0xe1, 'card not completely removed'],
  [0xe2, 'card reader does not answer'],
  [0xe3, 'shutter closed'],
  [0xf6, 'OPT data not available'],
]);

/** What a terminal status byte means. */
export function describeTerminalStatus(status: number): string {
  return TERMINAL_STATUS.get(status) ?? `terminal status ${resultCodeHex(status)}`;
}

/**
 * The kind of prompt an intermediate status (04 FF) is, for the kiosk's screen.
 *
 * 0A "insert card"; 01/02 "please watch PIN-pad" (the visitor enters the PIN); 04, 0E, 17 and
 * the like "please wait" / waiting for the host; 0B and the 4x–6x codes "… please remove card";
 * 1B/1C approved; 1D declined. Codes 0x41–0x67 repeat 0x01–0x27 with "please remove card".
 */
export function promptKindOf(status: number): TerminalPrompt['kind'] {
  switch (status) {
    case 0x0a:
    case 0x2a:
      return 'present_card';
    case 0x01:
    case 0x02:
      return 'enter_pin';
    case 0x04:
    case 0x05:
    case 0x06:
    case 0x0e:
    case 0x17:
    case 0x28:
    case 0x29:
    case 0x2b:
    case 0x2c:
    case 0xd2:
    case 0xd3:
      return 'processing';
    case 0x1b:
    case 0x1c:
      return 'approved';
    case 0x1d:
      return 'declined';
    default:
      if (status === 0x0b || (status >= 0x41 && status <= 0x67)) return 'remove_card';
      return 'other';
  }
}

/** Intermediate statuses the simulator shows, by name. */
export const INTERMEDIATE_STATUS = {
  watchPinPad: 0x01,
  waitingForHost: 0x04,
  insertCard: 0x0a,
  removeCard: 0x0b,
  pleaseWait: 0x0e,
  approvedTakeGoods: 0x1c,
  declined: 0x1d,
} as const;
