import { PRINTER_INFO_HEADER } from './escpos-commands';
import { type AsbStatus, isAsbHeader, isStatusByte, isTransmitStatusByte, parseAsbBlock } from './escpos-status';

/**
 * Sorts the bytes a printer sends to the host into the answers they are.
 *
 * Several kinds of answer share the line: `DLE EOT` answers (one byte, fixed bits `0xx1xx10`),
 * automatic status back blocks (four bytes, the first `0xx1xx00`, the rest `0xx0xxxx`), `GS r`
 * answers (one byte, `0xx0xxxx`), Epson's header blocks (`37H` identifier … NUL, e.g. after a
 * buffer clear), `GS I` text answers (`5FH` … NUL), and XON/XOFF when the tty does not consume them. Their fixed bits tell them
 * apart; anything else is noise. Pure and streaming: a block split across chunks is kept.
 */

/** One thing the printer said. */
export type InboundEvent =
  /** An answer to `DLE EOT n`; which n is known only to whoever asked. */
  | { type: 'realtime_status'; byte: number }
  /** A `GS r` answer, or a byte of that shape: the driver decides whether it awaited one. */
  | { type: 'transmit_status'; byte: number }
  /** An automatic status back block. */
  | { type: 'asb'; bytes: Uint8Array; status: AsbStatus }
  /** A `GS I` text answer: `5FH`, printable ASCII, NUL (the model name, the firmware version…). */
  | { type: 'printer_info'; text: string }
  /** An Epson header block: `37H`, the identifier, data up to NUL (e.g. `37H 25H 00H`). */
  | { type: 'block'; identifier: number; data: Uint8Array }
  /** XON (0x11) or XOFF (0x13) from a printer using software flow control. */
  | { type: 'flow'; byte: number }
  /** A byte that fits nowhere. */
  | { type: 'noise'; byte: number };

/** Options of `EscPosInboundReader`. */
export interface InboundReaderOptions {
  /**
   * Read `0xx1xx00` bytes as the start of an ASB block (default false). Only while ASB is on:
   * otherwise such a byte is noise and must not swallow the three answers after it.
   */
  asb?: boolean;
}

/** The longest Epson header block the reader waits for before calling it noise. */
const MAX_BLOCK = 80;
const BLOCK_HEADER = 0x37;

/** See the module comment. */
export class EscPosInboundReader {
  /** Whether `0xx1xx00` starts an ASB block; switch it as ASB is enabled or disabled. */
  asb: boolean;
  private partial: { kind: 'asb' | 'block' | 'info'; bytes: number[] } | null = null;

  constructor(options: InboundReaderOptions = {}) {
    this.asb = options.asb ?? false;
  }

  /** Reads the next chunk; returns the events it completed. */
  push(chunk: ArrayLike<number>): InboundEvent[] {
    const events: InboundEvent[] = [];
    for (let i = 0; i < chunk.length; i++) this.byte(chunk[i] ?? 0, events);
    return events;
  }

  /** Forgets a half-read block (after a timeout or a reconnect), reporting its bytes as noise. */
  reset(): InboundEvent[] {
    const bytes = this.partial?.bytes ?? [];
    this.partial = null;
    return bytes.map((byte) => ({ type: 'noise', byte }));
  }

  private byte(byte: number, events: InboundEvent[]): void {
    const partial = this.partial;
    if (partial?.kind === 'asb') {
      // XOFF may interrupt an ASB block (the only byte allowed to, per Epson).
      if (byte === 0x13) {
        events.push({ type: 'flow', byte });
        return;
      }
      if ((byte & 0b1001_0000) !== 0) {
        // Not a trailer: the "header" was noise; read this byte afresh.
        this.partial = null;
        for (const b of partial.bytes) events.push({ type: 'noise', byte: b });
        this.byte(byte, events);
        return;
      }
      partial.bytes.push(byte);
      if (partial.bytes.length === 4) {
        this.partial = null;
        const bytes = Uint8Array.from(partial.bytes);
        const parsed = parseAsbBlock(bytes);
        if (parsed.ok) events.push({ type: 'asb', bytes, status: parsed.status });
        else for (const b of bytes) events.push({ type: 'noise', byte: b });
      }
      return;
    }
    if (partial?.kind === 'block' || partial?.kind === 'info') {
      partial.bytes.push(byte);
      if (byte === 0) {
        this.partial = null;
        if (partial.kind === 'info') {
          events.push({ type: 'printer_info', text: String.fromCharCode(...partial.bytes.slice(1, -1)) });
        } else {
          events.push({
            type: 'block',
            identifier: partial.bytes[1] ?? 0,
            data: Uint8Array.from(partial.bytes.slice(2, -1)),
          });
        }
      } else if (partial.kind === 'info' && (byte < 0x20 || byte > 0x7e)) {
        // Not text: the header was noise; read this byte afresh.
        this.partial = null;
        for (const b of partial.bytes.slice(0, -1)) events.push({ type: 'noise', byte: b });
        this.byte(byte, events);
      } else if (partial.bytes.length >= MAX_BLOCK) {
        this.partial = null;
        for (const b of partial.bytes) events.push({ type: 'noise', byte: b });
      }
      return;
    }
    if (byte === 0x11 || byte === 0x13) events.push({ type: 'flow', byte });
    else if (isStatusByte(byte)) events.push({ type: 'realtime_status', byte });
    else if (this.asb && isAsbHeader(byte)) this.partial = { kind: 'asb', bytes: [byte] };
    else if (byte === BLOCK_HEADER) this.partial = { kind: 'block', bytes: [byte] };
    else if (byte === PRINTER_INFO_HEADER) this.partial = { kind: 'info', bytes: [byte] };
    else if (isTransmitStatusByte(byte)) events.push({ type: 'transmit_status', byte });
    else events.push({ type: 'noise', byte });
  }
}
