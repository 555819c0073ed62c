import type { ScanCharset, ScanSuffix } from '../../kiosk-config/src/config/kiosk-config';
import { isAimIdentifierAt } from '../codes/aim';
import type { ScannedCode } from './barcode-scanner';

/** Why a frame was dropped. */
export type ScanFrameError = { code: 'frame_too_long'; maxBytes: number };

/** Options of `ScanFramer`. */
export interface ScanFramerOptions {
  /** What the scanner sends after each code (suffix framing, the default; default `CR`). */
  suffix?: ScanSuffix;
  /**
   * Silence framing instead, for a scanner set to send no suffix: a gap of this many ms with no
   * byte ends a code. Call `flushIfSilent()` once the gap has passed (`silenceDeadline`).
   */
  silenceMs?: number;
  /** A prefix the scanner sends before each code (ASCII), stripped when present. */
  prefix?: string;
  /** The charset the scanner sends text in (default UTF-8). */
  charset?: ScanCharset;
  /** Milliseconds, for silence framing (default `performance.now`); tests inject a fake. */
  clock?: () => number;
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

/** What `decodeCodeBytes` needs: the prefix's bytes and a decoder for the charset. */
export interface CodeDecoding {
  prefix: Uint8Array;
  decoder: { decode(bytes: Uint8Array): string };
}

/** Prepares `decodeCodeBytes` for a prefix (ASCII; other characters are dropped) and a charset. */
export function codeDecoding(options: { prefix?: string; charset?: ScanCharset } = {}): CodeDecoding {
  const prefix = Uint8Array.from([...(options.prefix ?? '')].map((c) => c.charCodeAt(0)).filter((code) => code < 0x80));
  return { prefix, decoder: decoderFor(options.charset ?? 'utf-8') };
}

/** One decoder per charset, shared: decoding whole codes (no streaming) keeps no state. */
const decoders = new Map<ScanCharset, { decode(bytes: Uint8Array): string }>();
function decoderFor(charset: ScanCharset): { decode(bytes: Uint8Array): string } {
  let decoder = decoders.get(charset);
  if (decoder === undefined) {
    decoder = new TextDecoder(charset);
    decoders.set(charset, decoder);
  }
  return decoder;
}

/**
 * Turns one code's bytes into a `ScannedCode`: strips the configured prefix and a leading AIM
 * identifier (in either order: models differ), then decodes the rest with the charset as a whole,
 * so a multi-byte letter is never split. Returns null when nothing is left (an empty frame, or
 * only an identifier). Shared by the serial framer and the HID POS scanner.
 */
export function decodeCodeBytes(bytes: Uint8Array, decoding: CodeDecoding, symbology?: string): ScannedCode | null {
  let start = skipPrefix(bytes, 0, decoding.prefix);
  let aim = symbology;
  if (isAimIdentifierAt(bytes, start)) {
    aim = String.fromCharCode(bytes[start] ?? 0, bytes[start + 1] ?? 0, bytes[start + 2] ?? 0);
    start = skipPrefix(bytes, start + 3, decoding.prefix);
  }
  if (start >= bytes.length) return null;
  const body = bytes.slice(start);
  const text = decoding.decoder.decode(body);
  return aim === undefined ? { text, bytes: body } : { text, symbology: aim, bytes: body };
}

function skipPrefix(bytes: Uint8Array, at: number, prefix: Uint8Array): number {
  if (prefix.length === 0 || bytes.length - at < prefix.length) return at;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return at;
  return at + prefix.length;
}

/**
 * Splits a serial scanner's byte stream into codes. Pure: bytes in, codes out, no I/O.
 *
 * A frame ends at the configured suffix, or (silence framing) after a gap with no byte. Frames
 * are decoded with the configured charset only when complete, so a multi-byte letter split
 * across chunks is read whole. The configured prefix and a leading AIM identifier are stripped
 * (the identifier moves into `symbology`). Empty frames are ignored. Other control bytes stay in
 * the text: GS1 codes (such as "Честный знак" marking codes) separate their fields with GS (0x1D).
 *
 * Tolerance for a scanner set up differently from the kiosk: with `LF` and `CRLF` a CR before the
 * LF is dropped; with `CR`, an LF after it (a scanner sending CRLF) is dropped; with silence
 * framing, trailing CR, LF and TAB bytes are dropped.
 */
export class ScanFramer {
  private readonly delimiter: number | null;
  private readonly silenceMs: number | null;
  private readonly maxFrameBytes: number;
  private readonly onError: ((error: ScanFrameError) => void) | undefined;
  private readonly suffix: ScanSuffix;
  private readonly clock: () => number;
  private readonly decoding: CodeDecoding;
  private frame: Uint8Array;
  private length = 0;
  /** Over the limit: drop bytes until the next suffix (or silence). */
  private discarding = false;
  /** When the last byte arrived (silence framing), per `clock`. */
  private lastByteAt = 0;

  constructor(options: ScanFramerOptions) {
    this.suffix = options.suffix ?? 'CR';
    this.silenceMs = options.silenceMs === undefined ? null : Math.max(0, options.silenceMs);
    this.delimiter = this.silenceMs !== null ? null : this.suffix === 'CR' ? CR : this.suffix === 'TAB' ? TAB : LF;
    this.maxFrameBytes = Math.max(1, options.maxFrameBytes ?? MAX_SCAN_FRAME_BYTES);
    this.onError = options.onError;
    this.clock = options.clock ?? (() => performance.now());
    this.decoding = codeDecoding(options);
    this.frame = new Uint8Array(Math.min(256, this.maxFrameBytes + 1));
  }

  /** Takes the next chunk; returns the codes it completed. */
  push(chunk: Uint8Array): ScannedCode[] {
    const codes: ScannedCode[] = [];
    if (this.silenceMs !== null) {
      // A chunk arriving after the gap starts a new code: the pending one ended with the silence.
      codes.push(...this.flushIfSilent());
      if (chunk.length > 0) this.lastByteAt = this.clock();
    }
    for (const byte of chunk) {
      if (byte === this.delimiter) {
        this.endFrame(codes);
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

  /**
   * Silence framing: ends the pending code when `silenceMs` have passed since its last byte and
   * returns it (nothing otherwise, and always nothing with suffix framing).
   */
  flushIfSilent(): ScannedCode[] {
    const deadline = this.silenceDeadline;
    if (deadline === null || this.clock() < deadline) return [];
    const codes: ScannedCode[] = [];
    this.endFrame(codes);
    return codes;
  }

  /** Silence framing: when (per `clock`) the pending code ends, or null with nothing pending. */
  get silenceDeadline(): number | null {
    if (this.silenceMs === null || (this.length === 0 && !this.discarding)) return null;
    return this.lastByteAt + this.silenceMs;
  }

  /** Forgets a partial frame (after the port was reopened, say). */
  reset(): void {
    this.length = 0;
    this.discarding = false;
  }

  private endFrame(codes: ScannedCode[]): void {
    const code = this.discarding ? null : this.finishFrame();
    this.length = 0;
    this.discarding = false;
    if (code) codes.push(code);
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
    if (this.delimiter === null) {
      while (end > start && isLineEnd(this.frame[end - 1])) end--;
    } else {
      if (this.delimiter === LF && end > start && this.frame[end - 1] === CR) end--;
      if (this.suffix === 'CR' && end > start && this.frame[start] === LF) start++;
    }
    if (end <= start) return null;
    return decodeCodeBytes(this.frame.subarray(start, end), this.decoding);
  }
}

function isLineEnd(byte: number | undefined): boolean {
  return byte === CR || byte === LF || byte === TAB;
}
