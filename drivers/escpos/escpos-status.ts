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
  /**
   * Off-line with no cause of its own (`DLE EOT 1` bit 3 alone): the online button, waiting for
   * online recovery after power-up. The causes below set the bit too.
   */
  offline?: boolean;
  paperOut?: boolean;
  paperNearEnd?: boolean;
  coverOpen?: boolean;
  /** An unrecoverable error (turn the printer off). */
  error?: boolean;
  /** The auto-cutter jammed: a recoverable error. */
  cutterError?: boolean;
}

function isOffline(condition: PrinterCondition): boolean {
  return Boolean(
    condition.offline || condition.paperOut || condition.coverOpen || condition.error || condition.cutterError,
  );
}

/**
 * Builds the status byte a printer in the given condition answers to `DLE EOT n`.
 *
 * The inverse of the parsers, used by the simulator and by tests.
 */
export function buildStatusByte(kind: StatusRequestKind, condition: PrinterCondition): number {
  const fixed = 0b0001_0010;
  const anyError = Boolean(condition.error || condition.cutterError);
  switch (kind) {
    case 1:
      return fixed | (isOffline(condition) ? 1 << 3 : 0);
    case 2:
      return fixed | (condition.coverOpen ? 1 << 2 : 0) | (condition.paperOut ? 1 << 5 : 0) | (anyError ? 1 << 6 : 0);
    case 3:
      return fixed | (condition.cutterError ? 1 << 3 : 0) | (condition.error ? 1 << 5 : 0);
    case 4:
      return fixed | (condition.paperNearEnd ? 0b1100 : 0) | (condition.paperOut ? 0b0110_0000 : 0);
  }
}

/** Which error `DLE EOT 3` or an ASB block names; all of them are the problem 'error'. */
export type ErrorCause = 'mechanical' | 'cutter' | 'unrecoverable' | 'auto_recoverable';

/** The error causes named by a `DLE EOT 3` answer. */
export function errorCausesOf(flags: ErrorCauseFlags): ErrorCause[] {
  const causes: ErrorCause[] = [];
  if (flags.recoverable) causes.push('mechanical');
  if (flags.cutterError) causes.push('cutter');
  if (flags.unrecoverable) causes.push('unrecoverable');
  if (flags.autoRecoverable) causes.push('auto_recoverable');
  return causes;
}

/**
 * The answer to `GS r 1` (transmit paper sensor status): bits 0-1 near end, bits 2-3 paper end,
 * bits 4 and 7 fixed at 0.
 *
 * The fixed bit 4 = 0 tells it from a `DLE EOT` answer (bit 4 = 1) and from an ASB block's
 * first byte (bit 4 = 1), so the answers can share the line.
 */
export function isTransmitStatusByte(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & 0b1001_0000) === 0;
}

/** Parses the answer to `GS r 1`. */
export function parseTransmitStatus(byte: number): StatusParseResult<PaperSensorFlags> {
  if (!isTransmitStatusByte(byte)) return { ok: false, error: { code: 'not_a_status_byte', byte } };
  const flags = { nearEnd: (byte & 0b0011) !== 0, paperOut: (byte & 0b1100) !== 0 };
  const problems: EscPosProblem[] = [];
  if (flags.paperOut) problems.push('paper_out');
  if (flags.nearEnd) problems.push('paper_near_end');
  return { ok: true, flags, problems };
}

/** Builds the answer a printer in the given condition gives to `GS r 1`. */
export function buildTransmitStatusByte(condition: PrinterCondition): number {
  return (condition.paperNearEnd ? 0b0011 : 0) | (condition.paperOut ? 0b1100 : 0);
}

/** Tells whether a byte can start an ASB block: bits 0, 1 and 7 off, bit 4 on. */
export function isAsbHeader(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & 0b1001_0011) === 0b0001_0000;
}

/** Bytes 2 to 4 of an ASB block have bits 4 and 7 off. */
function isAsbTrailer(byte: number): boolean {
  return (byte & 0b1001_0000) === 0;
}

/** The state an automatic status back (ASB) block reports. */
export interface AsbStatus {
  offline: boolean;
  coverOpen: boolean;
  feedButtonPressed: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  errorCauses: ErrorCause[];
  problems: EscPosProblem[];
}

/**
 * Parses a 4-byte ASB block (`GS a`): byte 1 printer (offline bit 3, cover bit 5), byte 2 errors
 * (mechanical bit 2, cutter bit 3, unrecoverable bit 5, auto-recoverable bit 6), byte 3 paper
 * roll (near end bits 0-1, end bits 2-3), byte 4 reserved.
 */
export function parseAsbBlock(
  bytes: ArrayLike<number>,
): { ok: true; status: AsbStatus } | { ok: false; error: { code: 'not_an_asb_block' } } {
  const [b1 = -1, b2 = -1, b3 = -1, b4 = -1] = Array.from(bytes);
  if (bytes.length !== 4 || !isAsbHeader(b1) || ![b2, b3, b4].every((b) => b >= 0 && b <= 0xff && isAsbTrailer(b))) {
    return { ok: false, error: { code: 'not_an_asb_block' } };
  }
  const errorCauses = errorCausesOf({
    recoverable: bit(b2, 2),
    cutterError: bit(b2, 3),
    unrecoverable: bit(b2, 5),
    autoRecoverable: bit(b2, 6),
  });
  const status = {
    offline: bit(b1, 3),
    coverOpen: bit(b1, 5),
    feedButtonPressed: bit(b1, 6),
    paperNearEnd: (b3 & 0b0011) !== 0,
    paperOut: (b3 & 0b1100) !== 0,
    errorCauses,
  };
  const problems: EscPosProblem[] = [];
  if (status.offline) problems.push('offline');
  if (status.coverOpen) problems.push('cover_open');
  if (status.paperOut) problems.push('paper_out');
  if (status.paperNearEnd) problems.push('paper_near_end');
  if (errorCauses.length > 0) problems.push('error');
  return { ok: true, status: { ...status, problems } };
}

/** Builds the ASB block a printer in the given condition sends. */
export function buildAsbBlock(condition: PrinterCondition): Uint8Array {
  const b1 = 0b0001_0000 | (isOffline(condition) ? 1 << 3 : 0) | (condition.coverOpen ? 1 << 5 : 0);
  const b2 = (condition.cutterError ? 1 << 3 : 0) | (condition.error ? 1 << 5 : 0);
  const b3 = (condition.paperNearEnd ? 0b0011 : 0) | (condition.paperOut ? 0b1100 : 0);
  return Uint8Array.of(b1, b2, b3, 0);
}
