import type { StatusRequestKind } from './escpos-commands';

/**
 * Parsers of the bytes a printer answers to `DLE EOT n` (real-time status).
 *
 * Every status byte has fixed bits: bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0. A byte that does
 * not match is not a status byte (line noise, a late answer of something else) and is reported
 * as such rather than read as a state.
 */

/** A condition read from a status byte; a subset of the driver's `PrinterProblem`. */
export type EscPosProblem = 'offline' | 'cover_open' | 'paper_out' | 'paper_near_end' | 'error';

/** The flags of `DLE EOT 1` (printer status). */
export interface PrinterStatusFlags {
  /** Bit 2: the drawer kick-out connector pin 3 is high. */
  drawerPinHigh: boolean;
  /** Bit 3: the printer is offline. */
  offline: boolean;
  /** Bit 5: waiting for online recovery. */
  waitingForRecovery: boolean;
  /** Bit 6: the paper feed button is pressed. */
  feedButtonPressed: boolean;
}

/** The flags of `DLE EOT 2` (offline cause). */
export interface OfflineCauseFlags {
  /** Bit 2. */
  coverOpen: boolean;
  /** Bit 3: paper is being fed by the feed button. */
  feedingByButton: boolean;
  /** Bit 5: printing stopped because the paper ran out. */
  paperEndStop: boolean;
  /** Bit 6: an error occurred. */
  error: boolean;
}

/** The flags of `DLE EOT 3` (error cause). */
export interface ErrorCauseFlags {
  /** Bit 2: a recoverable error (e.g. a mechanical one) occurred. */
  recoverable: boolean;
  /** Bit 3: the auto-cutter failed. */
  cutterError: boolean;
  /** Bit 5: an unrecoverable error occurred. */
  unrecoverable: boolean;
  /** Bit 6: an automatically recoverable error (e.g. head overheated) occurred. */
  autoRecoverable: boolean;
}

/** The flags of `DLE EOT 4` (paper roll sensor). */
export interface PaperSensorFlags {
  /** Bits 2 and 3: the roll is near its end. */
  nearEnd: boolean;
  /** Bits 5 and 6: the paper is out. */
  paperOut: boolean;
}

/** A parsed status byte: its flags and the problems they mean. */
export type StatusParseResult<F> =
  | { ok: true; flags: F; problems: EscPosProblem[] }
  | { ok: false; error: { code: 'not_a_status_byte'; byte: number } };

/** Tells whether a byte has the fixed bits of an ESC/POS status byte. */
export function isStatusByte(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & 0b1001_0011) === 0b0001_0010;
}

function bit(byte: number, index: number): boolean {
  return (byte & (1 << index)) !== 0;
}

function parse<F>(byte: number, read: (byte: number) => F, problems: (flags: F) => EscPosProblem[]) {
  if (!isStatusByte(byte)) return { ok: false, error: { code: 'not_a_status_byte', byte } } as const;
  const flags = read(byte);
  return { ok: true, flags, problems: problems(flags) } as const;
}

/** Parses the answer to `DLE EOT 1`. */
export function parsePrinterStatus(byte: number): StatusParseResult<PrinterStatusFlags> {
  return parse(
    byte,
    (b) => ({
      drawerPinHigh: bit(b, 2),
      offline: bit(b, 3),
      waitingForRecovery: bit(b, 5),
      feedButtonPressed: bit(b, 6),
    }),
    (f) => (f.offline ? ['offline'] : []),
  );
}

/** Parses the answer to `DLE EOT 2`. */
export function parseOfflineCause(byte: number): StatusParseResult<OfflineCauseFlags> {
  return parse(
    byte,
    (b) => ({ coverOpen: bit(b, 2), feedingByButton: bit(b, 3), paperEndStop: bit(b, 5), error: bit(b, 6) }),
    (f) => {
      const problems: EscPosProblem[] = [];
      if (f.coverOpen) problems.push('cover_open');
      if (f.paperEndStop) problems.push('paper_out');
      if (f.error) problems.push('error');
      return problems;
    },
  );
}

/** Parses the answer to `DLE EOT 3`. */
export function parseErrorCause(byte: number): StatusParseResult<ErrorCauseFlags> {
  return parse(
    byte,
    (b) => ({ recoverable: bit(b, 2), cutterError: bit(b, 3), unrecoverable: bit(b, 5), autoRecoverable: bit(b, 6) }),
    (f) => (f.recoverable || f.cutterError || f.unrecoverable || f.autoRecoverable ? ['error'] : []),
  );
}

/** Parses the answer to `DLE EOT 4`. */
export function parsePaperSensor(byte: number): StatusParseResult<PaperSensorFlags> {
  return parse(
    byte,
    // Either bit of each pair is enough: models differ in which of the two they set.
    (b) => ({ nearEnd: bit(b, 2) || bit(b, 3), paperOut: bit(b, 5) || bit(b, 6) }),
    (f) => {
      const problems: EscPosProblem[] = [];
      if (f.paperOut) problems.push('paper_out');
      if (f.nearEnd) problems.push('paper_near_end');
      return problems;
    },
  );
}

/** Parses the answer to any `DLE EOT n` into its problems. */
export function parseStatusByte(
  kind: StatusRequestKind,
  byte: number,
): { ok: true; problems: EscPosProblem[] } | { ok: false; error: { code: 'not_a_status_byte'; byte: number } } {
  switch (kind) {
    case 1:
      return parsePrinterStatus(byte);
    case 2:
      return parseOfflineCause(byte);
    case 3:
      return parseErrorCause(byte);
    case 4:
      return parsePaperSensor(byte);
  }
}

/** The state a simulated or test printer reports, turned into status bytes. */
export interface PrinterCondition {
  paperOut?: boolean;
  paperNearEnd?: boolean;
  coverOpen?: boolean;
  error?: boolean;
}

/**
 * Builds the status byte a printer in the given condition answers to `DLE EOT n`.
 *
 * The inverse of the parsers, used by the simulator and by tests.
 */
export function buildStatusByte(kind: StatusRequestKind, condition: PrinterCondition): number {
  const fixed = 0b0001_0010;
  const offline = Boolean(condition.paperOut || condition.coverOpen || condition.error);
  switch (kind) {
    case 1:
      return fixed | (offline ? 1 << 3 : 0);
    case 2:
      return (
        fixed | (condition.coverOpen ? 1 << 2 : 0) | (condition.paperOut ? 1 << 5 : 0) | (condition.error ? 1 << 6 : 0)
      );
    case 3:
      return fixed | (condition.error ? 1 << 5 : 0);
    case 4:
      return fixed | (condition.paperNearEnd ? 0b1100 : 0) | (condition.paperOut ? 0b0110_0000 : 0);
  }
}
