/**
 * ESC/POS control bytes and command builders shared by the encoder and the paper decoder.
 *
 * Names follow Epson's ESC/POS reference, so a reader can look each command up there.
 */

/** Line feed: prints the line buffer and feeds one line. */
export const LF = 0x0a;
/** Horizontal tab. */
export const HT = 0x09;
/** Carriage return: ignored by printers with automatic line feed off. */
export const CR = 0x0d;
/** Data link escape: starts real-time commands (`DLE EOT`). */
export const DLE = 0x10;
/** End of transmission: `DLE EOT n` asks for real-time status. */
export const EOT = 0x04;
/** Enquiry: `DLE ENQ n` is a real-time request. */
export const ENQ = 0x05;
/** Device control 4: `DLE DC4` real-time commands. */
export const DC4 = 0x14;
/** Escape: starts most commands. */
export const ESC = 0x1b;
/** File separator: starts the Kanji (double-byte) commands, `FS .` among them. */
export const FS = 0x1c;
/** Group separator: starts the `GS` commands (sizes, cuts, QR, status). */
export const GS = 0x1d;

/** The `n` of `DLE EOT n`: which status byte the printer should send back. */
export type StatusRequestKind = 1 | 2 | 3 | 4;

/** Names of the `DLE EOT n` requests, as in the ESC/POS reference. */
export const STATUS_REQUEST = {
  /** Printer status (offline, drawer pin, feed button). */
  printer: 1,
  /** Offline cause (cover open, paper feed by button, paper end stop, error). */
  offlineCause: 2,
  /** Error cause (cutter, unrecoverable, auto-recoverable). */
  errorCause: 3,
  /** Paper roll sensor (near end, end). */
  paperRoll: 4,
} as const satisfies Record<string, StatusRequestKind>;

/** Builds `DLE EOT n` (0x10 0x04 n), the real-time status request. */
export function statusRequest(kind: StatusRequestKind): Uint8Array {
  return Uint8Array.of(DLE, EOT, kind);
}

/** `GS ( k` function numbers of QR code symbols (cn = 49). */
export const QR = {
  /** `cn`: the symbol type byte meaning QR Code. */
  cn: 0x31,
  /** fn 65: select the model. */
  selectModel: 0x41,
  /** fn 67: module size in dots. */
  moduleSize: 0x43,
  /** fn 69: error correction level (48 L, 49 M, 50 Q, 51 H). */
  errorLevel: 0x45,
  /** fn 80: store the data in the symbol storage area. */
  store: 0x50,
  /** fn 81: print the stored symbol. */
  print: 0x51,
} as const;

/** `GS V m` values: 65/66 are "feed n dots, then cut" (full/partial). */
export const CUT = { full: 65, partial: 66 } as const;

/**
 * `GS r 1`: transmit the paper sensor status.
 *
 * Unlike `DLE EOT`, it is processed in order, after every byte before it has been printed, and a
 * printer stopped by an error does not process it at all. Sent at the end of a job, its answer
 * is the printer saying "I have printed all of that".
 */
export function transmitStatusRequest(): Uint8Array {
  return Uint8Array.of(GS, 0x72, 1);
}

/**
 * `GS a n` bits: which changes the printer reports by itself (automatic status back, ASB).
 *
 * Bit 0 (drawer kick-out connector) is left off: kiosks have no cash drawer.
 */
export const ASB = { online: 0x02, error: 0x04, paperRoll: 0x08 } as const;

/** `GS a n`: enables automatic status back for the items of `n` (0 disables it). */
export function automaticStatusBack(n: number): Uint8Array {
  return Uint8Array.of(GS, 0x61, n & 0xff);
}

/**
 * `DLE DC4 8 1 3 20 1 6 2 8`: clear the receive and print buffers, in real time.
 *
 * Sent after a job was interrupted (paper out, cover open): otherwise the rest of the job waits
 * in the printer and prints by itself once a new roll is in, and a reprint would print it twice.
 * The printer answers `37H 25H 00H` once done.
 */
export function clearBuffersRequest(): Uint8Array {
  return Uint8Array.of(DLE, DC4, 8, 1, 3, 20, 1, 6, 2, 8);
}

/** The parameter bytes after `DLE DC4 8` that make it a buffer clear (and not a typo). */
export const CLEAR_BUFFERS_KEY = [1, 3, 20, 1, 6, 2, 8] as const;

/** What a printer sends back after clearing its buffers: header, identifier, NUL. */
export const BUFFERS_CLEARED_RESPONSE = [0x37, 0x25, 0x00] as const;

/**
 * `GS I n` values of the printer-information functions that answer with text: firmware version
 * (65), maker (66), model name (67). The answer is a block `5FH` + ASCII text + `NUL`.
 * (n 1–3 answer one bare byte, which could not be told apart from a `GS r` answer on the line.)
 */
export const PRINTER_INFO = { firmware: 65, maker: 66, model: 67 } as const;
export type PrinterInfoKind = keyof typeof PRINTER_INFO;

/** The first byte of a `GS I` text answer (`_`). */
export const PRINTER_INFO_HEADER = 0x5f;

/** `GS I n`: asks one item of printer information; processed in order, like `GS r`. */
export function printerInfoRequest(n: number): Uint8Array {
  return Uint8Array.of(GS, 0x49, n & 0xff);
}

/** The printer's `GS I n` answer to `text` (printable ASCII): `5FH`, the text, `NUL`. */
export function printerInfoAnswer(text: string): Uint8Array {
  const bytes = Array.from(text, (char) => char.charCodeAt(0)).filter((code) => code >= 0x20 && code < 0x7f);
  return Uint8Array.from([PRINTER_INFO_HEADER, ...bytes.slice(0, 80), 0]);
}

/** `GS k m`: the barcode system numbers of the length-prefixed form the encoder uses. */
export const BARCODE = { code128: 73 } as const;
