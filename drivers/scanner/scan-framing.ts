import type { ScanSuffix } from '../../kiosk-config/src/config/kiosk-config';
import type { ScannedCode } from './barcode-scanner';

/** Why a frame was dropped. */
export type ScanFrameError = { code: 'frame_too_long'; maxBytes: number };

/** Options of `ScanFramer`. */
export interface ScanFramerOptions {
  /** What the scanner sends after each code. */
  suffix: ScanSuffix;
  /** Longest code in bytes (default 4096); a longer frame is dropped up to the next suffix. */
  maxFrameBytes?: number;
  /** Told about each dropped frame. */
  onError?: (error: ScanFrameError) => void;
}

/** Frame length limit: more than any QR code carries, and bounds memory against a noisy line. */
export const MAX_SCAN_FRAME_BYTES = 4096;

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

/** An AIM symbology identifier: `]`, a code letter, a modifier digit (e.g. `]Q1` QR, `]E0` EAN-13). */
const AIM_IDENTIFIER = /^\][A-Za-z][0-9]/;

/**
 * Splits a serial scanner's byte stream into codes. Pure: bytes in, codes out, no I/O.
 *
 * A frame ends at the configured suffix. Frames are decoded as UTF-8 only when complete, so a
 * multi-byte letter split across chunks is read whole. A leading AIM identifier moves into
 * `symbology`. Empty frames are ignored. Other control bytes stay in the text: GS1 codes (such as
 * "Честный знак" marking codes) separate their fields with GS (0x1D).
 *
 * Tolerance for a scanner set up differently from the kiosk: with `LF` and `CRLF` a CR before the
 * LF is dropped; with `CR`, an LF after it (a scanner sending CRLF) is dropped.
 */
export class ScanFramer {
  private readonly delimiter: number;
  private readonly maxFrameBytes: number;
  private readonly onError: ((error: ScanFrameError) => void) | undefined;
  private readonly suffix: ScanSuffix;
  private frame: Uint8Array;
  private length = 0;
  /** Over the limit: drop bytes until the next suffix. */
  private discarding = false;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(options: ScanFramerOptions) {
    this.suffix = options.suffix;
    this.delimiter = options.suffix === 'CR' ? CR : options.suffix === 'TAB' ? TAB : LF;
    this.maxFrameBytes = Math.max(1, options.maxFrameBytes ?? MAX_SCAN_FRAME_BYTES);
    this.onError = options.onError;
    this.frame = new Uint8Array(Math.min(256, this.maxFrameBytes + 1));
  }

  /** Takes the next chunk; returns the codes it completed. */
  push(chunk: Uint8Array): ScannedCode[] {
    const codes: ScannedCode[] = [];
    for (const byte of chunk) {
      if (byte === this.delimiter) {
        const code = this.discarding ? null : this.finishFrame();
        this.length = 0;
        this.discarding = false;
        if (code) codes.push(code);
        continue;
      }
      if (this.discarding) continue;
      if (this.length >= this.maxFrameBytes) {
        this.discarding = true;
        this.length = 0;
        this.onError?.({ code: 'frame_too_long', maxBytes: this.maxFrameBytes });
        continue;
      }
      this.append(byte);
    }
    return codes;
  }

  /** Forgets a partial frame (after the port was reopened, say). */
  reset(): void {
    this.length = 0;
    this.discarding = false;
  }

  private append(byte: number): void {
    if (this.length === this.frame.length) {
      const grown = new Uint8Array(Math.min(this.frame.length * 2, this.maxFrameBytes + 1));
      grown.set(this.frame);
      this.frame = grown;
    }
    this.frame[this.length++] = byte;
  }

  private finishFrame(): ScannedCode | null {
    let start = 0;
    let end = this.length;
    if (this.delimiter === LF && end > start && this.frame[end - 1] === CR) end--;
    if (this.suffix === 'CR' && end > start && this.frame[start] === LF) start++;
    if (end <= start) return null;
    const text = this.decoder.decode(this.frame.subarray(start, end));
    const aim = AIM_IDENTIFIER.exec(text);
    if (aim) {
      const rest = text.slice(aim[0].length);
      return rest.length > 0 ? { text: rest, symbology: aim[0] } : null;
    }
    return { text };
  }
}
