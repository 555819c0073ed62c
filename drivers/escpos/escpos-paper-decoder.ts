import { decodeByte, REPLACEMENT_CHARACTER, type TextEncoding } from './codepages';
import {
  CLEAR_BUFFERS_KEY,
  CR,
  DC4,
  DLE,
  ENQ,
  EOT,
  ESC,
  FS,
  GS,
  HT,
  LF,
  QR,
  type StatusRequestKind,
} from './escpos-commands';

/**
 * A streaming ESC/POS decoder for the printer SIMULATOR: bytes in, "paper" events out.
 *
 * It reads what a real printer would: text lines with the active code page and print modes, QR
 * codes, feeds, cuts, real-time status requests. Bytes arrive in arbitrary chunks, so a command
 * may be split anywhere; the decoder keeps the incomplete tail and waits for the rest. Unknown
 * commands are reported and skipped. It never throws and never loops on any input: every step
 * consumes at least one byte or waits for a bounded number of further bytes.
 */

/** Horizontal alignment set by `ESC a`. */
export type PaperAlign = 'left' | 'center' | 'right';

/** Something the printer did with the bytes it received. */
export type PaperEvent =
  /** `ESC @`: the printer was reset (modes, code page, print buffer). */
  | { type: 'init' }
  /** One printed line of text with the modes in effect when it started. */
  | { type: 'text'; text: string; align: PaperAlign; width: number; height: number; bold: boolean }
  /** A QR code was printed; `data` is byte-exact, `text` its UTF-8 reading. */
  | { type: 'qr'; data: Uint8Array; text: string }
  /** A 1D barcode was printed (`GS k m`): `m` the barcode system, `data` its bytes as sent. */
  | { type: 'barcode'; m: number; data: Uint8Array }
  /** `GS I n`: the host asks an item of printer information (model, firmware…), in order. */
  | { type: 'printer_info_request'; n: number }
  /** A raster image was printed (`GS v 0`); its bits are skipped. */
  | { type: 'image'; widthBytes: number; height: number }
  /** Blank lines fed (`ESC d n`). */
  | { type: 'feed'; lines: number }
  /** The paper was cut (`GS V`). */
  | { type: 'cut'; partial: boolean }
  /** `DLE EOT n`: the host asks for a status byte now. */
  | { type: 'status_request'; n: StatusRequestKind }
  /** `GS r n`: the host asks for a status byte once everything before has been printed. */
  | { type: 'transmit_status_request'; n: number }
  /** `GS a n`: automatic status back set to the items of `n` (0: off). */
  | { type: 'asb_setting'; n: number }
  /** `DLE DC4 8 …`: the host asks to clear the receive and print buffers. */
  | { type: 'clear_buffers' }
  /** `ESC t n`: the code page changed; `encoding` is null when the simulator does not know it. */
  | { type: 'code_page'; n: number; encoding: TextEncoding | null }
  /** Bytes the decoder did not understand and skipped. */
  | { type: 'unknown'; bytes: Uint8Array };

/** Options of `EscPosPaperDecoder`. */
export interface PaperDecoderOptions {
  /** `ESC t n` numbers and their code pages; added to the defaults (17 → CP866, 46 → Windows-1251). */
  codePages?: Readonly<Record<number, TextEncoding>>;
  /** Code page number after power-on and `ESC @` (default 0, PC437: only ASCII is read). */
  defaultCodePage?: number;
  /** Characters per line at normal width: longer lines wrap, as on paper. Unset: no wrapping. */
  columns?: number;
  /** Emulate firmwares that start in double-byte (Kanji) mode until `FS .`. */
  startsInDoubleByteMode?: boolean;
}

/** Epson's numbers for the Cyrillic code pages; most clones use the same. */
export const DEFAULT_CODE_PAGES: Readonly<Record<number, TextEncoding>> = { 17: 'cp866', 46: 'windows-1251' };

/** A line longer than this is printed as is, even without `columns`: bounds memory. */
const MAX_LINE_CHARS = 4096;
/** The longest NUL-terminated parameter the decoder waits for (`GS k` data, `ESC D` tabs). */
const MAX_TERMINATED = 255;

interface Modes {
  align: PaperAlign;
  width: number;
  height: number;
  bold: boolean;
}

const DEFAULT_MODES: Modes = { align: 'left', width: 1, height: 1, bold: false };

/** What a command parser did: consumed bytes, or needs this many bytes in all to decide. */
type Step = { consumed: number } | { need: number };

/** Commands `ESC x` that take a fixed number of parameter bytes and change nothing we model. */
const ESC_IGNORED_ARGS: ReadonlyMap<number, number> = new Map([
  [0x20, 1], // ESC SP n: right-side character spacing
  [0x25, 1], // ESC % n: user-defined character set
  [0x2d, 1], // ESC - n: underline
  [0x32, 0], // ESC 2: default line spacing
  [0x33, 1], // ESC 3 n: line spacing
  [0x3c, 0], // ESC <: return home
  [0x3d, 1], // ESC = n: peripheral device
  [0x3f, 1], // ESC ? n: cancel user-defined character
  [0x47, 1], // ESC G n: double-strike
  [0x4c, 0], // ESC L: page mode
  [0x4d, 1], // ESC M n: font
  [0x52, 1], // ESC R n: international character set
  [0x53, 0], // ESC S: standard mode
  [0x54, 1], // ESC T n: print direction in page mode
  [0x55, 1], // ESC U n: unidirectional printing
  [0x56, 1], // ESC V n: 90° rotation
  [0x24, 2], // ESC $ nL nH: absolute position
  [0x5c, 2], // ESC \ nL nH: relative position
  [0x63, 2], // ESC c x n: paper sensors and panel buttons (ESC c 3 n, 4 n, 5 n)
  [0x65, 1], // ESC e n: reverse feed
  [0x70, 3], // ESC p m t1 t2: drawer kick
  [0x72, 1], // ESC r n: print colour
  [0x7b, 1], // ESC { n: upside-down
]);

/** Commands `GS x` that take a fixed number of parameter bytes and change nothing we model. */
const GS_IGNORED_ARGS: ReadonlyMap<number, number> = new Map([
  [0x24, 2], // GS $ nL nH: absolute vertical position
  [0x2f, 1], // GS / m: print downloaded bit image
  [0x3a, 0], // GS :: macro definition
  [0x42, 1], // GS B n: white/black reverse
  [0x48, 1], // GS H n: HRI position
  [0x4c, 2], // GS L nL nH: left margin
  [0x50, 2], // GS P x y: motion units
  [0x57, 2], // GS W nL nH: print area width
  [0x5c, 2], // GS \ nL nH: relative vertical position
  [0x5e, 3], // GS ^ r t m: execute macro
  [0x62, 1], // GS b n: smoothing
  [0x66, 1], // GS f n: HRI font
  [0x68, 1], // GS h n: barcode height
  [0x77, 1], // GS w n: barcode width
]);

/** Commands `FS x` that take a fixed number of parameter bytes and change nothing we model. */
const FS_IGNORED_ARGS: ReadonlyMap<number, number> = new Map([
  [0x21, 1], // FS ! n: Kanji print mode
  [0x2d, 1], // FS - n: Kanji underline
  [0x43, 1], // FS C n: Kanji code system
  [0x53, 2], // FS S n1 n2: Kanji spacing
  [0x57, 1], // FS W n: Kanji quadruple size
  [0x70, 2], // FS p n m: print NV bit image
]);

/** Total lengths of `DLE DC4 fn …` real-time commands by `fn`. */
const DLE_DC4_LENGTHS: ReadonlyMap<number, number> = new Map([
  [1, 5],
  [2, 5],
  [3, 7],
  [7, 4],
  [8, 10],
]);

/** See the module comment. */
export class EscPosPaperDecoder {
  private readonly codePages: Readonly<Record<number, TextEncoding>>;
  private readonly defaultCodePage: number;
  private readonly columns: number | undefined;

  private modes: Modes = { ...DEFAULT_MODES };
  private encoding: TextEncoding | null;
  private doubleByte: boolean;
  /** Characters of the line being built, and the modes it started with. */
  private line = '';
  private lineChars = 0;
  private lineModes: Modes | null = null;
  /** The data of the last `GS ( k` store, printed by the next print function. */
  private storedQr: Uint8Array | null = null;

  /** The start of an incomplete command, kept until more bytes arrive. */
  private pending: Uint8Array = new Uint8Array(0);
  /** Parameter bytes still to discard (image data, unknown `GS (` functions). */
  private skipRemaining = 0;
  /** Parameter bytes being gathered (QR data), with where they go when complete. */
  private collecting: { target: Uint8Array; filled: number } | null = null;

  private events: PaperEvent[] = [];

  constructor(options: PaperDecoderOptions = {}) {
    this.codePages = { ...DEFAULT_CODE_PAGES, ...(options.codePages ?? {}) };
    this.defaultCodePage = options.defaultCodePage ?? 0;
    this.columns = options.columns;
    this.encoding = this.codePages[this.defaultCodePage] ?? null;
    this.doubleByte = options.startsInDoubleByteMode ?? false;
  }

  /** Decodes the next chunk; returns the events it completed (an incomplete tail is kept). */
  push(chunk: Uint8Array): PaperEvent[] {
    this.events = [];
    let bytes = chunk;
    if (this.pending.length > 0) {
      bytes = new Uint8Array(this.pending.length + chunk.length);
      bytes.set(this.pending);
      bytes.set(chunk, this.pending.length);
      this.pending = new Uint8Array(0);
    }
    let pos = 0;
    while (pos < bytes.length) {
      if (this.skipRemaining > 0) {
        const n = Math.min(this.skipRemaining, bytes.length - pos);
        this.skipRemaining -= n;
        pos += n;
        continue;
      }
      if (this.collecting) {
        const { target } = this.collecting;
        const n = Math.min(target.length - this.collecting.filled, bytes.length - pos);
        target.set(bytes.subarray(pos, pos + n), this.collecting.filled);
        this.collecting.filled += n;
        pos += n;
        if (this.collecting.filled === target.length) {
          this.storedQr = target;
          this.collecting = null;
        }
        continue;
      }
      const step = this.step(bytes, pos);
      if ('need' in step) {
        // Wait for the rest of this command; `need` is bounded, so this never grows without end.
        this.pending = bytes.slice(pos);
        break;
      }
      pos += step.consumed;
    }
    return this.events;
  }

  /**
   * Ends the stream: reports a kept incomplete command as unknown and prints an unfinished line,
   * so that nothing received is silently lost.
   */
  end(): PaperEvent[] {
    this.events = [];
    if (this.pending.length > 0) this.events.push({ type: 'unknown', bytes: this.pending });
    this.pending = new Uint8Array(0);
    this.skipRemaining = 0;
    this.collecting = null;
    if (this.lineModes) this.printLine();
    return this.events;
  }

  /**
   * Forgets everything not printed yet: a half-received command and the unfinished line, as a
   * printer does when the host clears its buffers. Print modes and the code page stay.
   */
  clearBuffers(): void {
    this.pending = new Uint8Array(0);
    this.skipRemaining = 0;
    this.collecting = null;
    this.line = '';
    this.lineChars = 0;
    this.lineModes = null;
  }

  /** Decodes one command or character at `pos`. */
  private step(bytes: Uint8Array, pos: number): Step {
    const available = bytes.length - pos;
    const at = (offset: number): number => bytes[pos + offset] ?? 0;
    const b = at(0);

    if (b >= 0x20 && b !== 0x7f) return this.textByte(bytes, pos);
    switch (b) {
      case LF:
        this.printLine(true);
        return { consumed: 1 };
      case CR:
        return { consumed: 1 };
      case HT:
        this.addChar(' ');
        return { consumed: 1 };
      case ESC:
        return available < 2 ? { need: 2 } : this.escCommand(bytes, pos);
      case GS:
        return available < 2 ? { need: 2 } : this.gsCommand(bytes, pos);
      case FS:
        return available < 2 ? { need: 2 } : this.fsCommand(bytes, pos);
      case DLE:
        return available < 2 ? { need: 2 } : this.dleCommand(bytes, pos);
      default:
        return this.unknown(bytes, pos, 1);
    }
  }

  private textByte(bytes: Uint8Array, pos: number): Step {
    const b = bytes[pos] ?? 0;
    if (b < 0x80) {
      this.addChar(String.fromCharCode(b));
      return { consumed: 1 };
    }
    if (this.doubleByte) {
      // A double-byte firmware reads a lead byte and a trail byte as one (foreign) character.
      if (pos + 1 >= bytes.length) return { need: 2 };
      const trail = bytes[pos + 1] ?? 0;
      this.addChar(REPLACEMENT_CHARACTER);
      return { consumed: trail >= 0x40 && trail !== 0x7f && trail !== 0xff ? 2 : 1 };
    }
    this.addChar(this.encoding ? decodeByte(b, this.encoding) : REPLACEMENT_CHARACTER);
    return { consumed: 1 };
  }

  private escCommand(bytes: Uint8Array, pos: number): Step {
    const available = bytes.length - pos;
    const command = bytes[pos + 1] ?? 0;
    const arg = bytes[pos + 2] ?? 0;
    switch (command) {
      case 0x40: // ESC @
        this.modes = { ...DEFAULT_MODES };
        this.encoding = this.codePages[this.defaultCodePage] ?? null;
        this.line = '';
        this.lineChars = 0;
        this.lineModes = null;
        this.storedQr = null;
        this.events.push({ type: 'init' });
        return { consumed: 2 };
      case 0x74: // ESC t n
        if (available < 3) return { need: 3 };
        this.encoding = this.codePages[arg] ?? null;
        this.events.push({ type: 'code_page', n: arg, encoding: this.encoding });
        return { consumed: 3 };
      case 0x61: {
        // ESC a n: 0/48 left, 1/49 centre, 2/50 right
        if (available < 3) return { need: 3 };
        const align = (['left', 'center', 'right'] as const)[arg >= 0x30 ? arg - 0x30 : arg];
        if (align) this.modes.align = align;
        return { consumed: 3 };
      }
      case 0x45: // ESC E n
        if (available < 3) return { need: 3 };
        this.modes.bold = (arg & 1) === 1;
        return { consumed: 3 };
      case 0x21: // ESC ! n: bold bit 3, double height bit 4, double width bit 5
        if (available < 3) return { need: 3 };
        this.modes.bold = (arg & 0x08) !== 0;
        this.modes.height = arg & 0x10 ? 2 : 1;
        this.modes.width = arg & 0x20 ? 2 : 1;
        return { consumed: 3 };
      case 0x64: {
        // ESC d n: print the buffer and feed n lines (the printed line counts as the first)
        if (available < 3) return { need: 3 };
        let lines = arg;
        if (this.lineModes) {
          this.printLine();
          lines = Math.max(0, lines - 1);
        }
        if (lines > 0) this.events.push({ type: 'feed', lines });
        return { consumed: 3 };
      }
      case 0x4a: // ESC J n: print the buffer and feed n dots
        if (available < 3) return { need: 3 };
        if (this.lineModes) this.printLine();
        return { consumed: 3 };
      case 0x2a: {
        // ESC * m nL nH d…: bit image, 1 or 3 bytes per column
        if (available < 5) return { need: 5 };
        const columns = (bytes[pos + 3] ?? 0) + (bytes[pos + 4] ?? 0) * 256;
        this.skipRemaining = columns * (arg === 0 || arg === 1 ? 1 : 3);
        return { consumed: 5 };
      }
      case 0x44: // ESC D n1 … NUL: tab positions
        return this.terminated(bytes, pos, 2, () => undefined);
      default: {
        const args = ESC_IGNORED_ARGS.get(command);
        if (args !== undefined) return available < 2 + args ? { need: 2 + args } : { consumed: 2 + args };
        // A control byte after ESC starts a command of its own: skip only the ESC.
        return this.unknown(bytes, pos, command < 0x20 ? 1 : 2);
      }
    }
  }

  private gsCommand(bytes: Uint8Array, pos: number): Step {
    const available = bytes.length - pos;
    const command = bytes[pos + 1] ?? 0;
    const at = (offset: number): number => bytes[pos + offset] ?? 0;
    switch (command) {
      case 0x21: {
        // GS ! n: width in bits 4-6, height in bits 0-2
        if (available < 3) return { need: 3 };
        this.modes.width = ((at(2) >> 4) & 0x07) + 1;
        this.modes.height = (at(2) & 0x07) + 1;
        return { consumed: 3 };
      }
      case 0x56: {
        // GS V m [n]
        if (available < 3) return { need: 3 };
        const m = at(2);
        if (m === 0 || m === 1 || m === 48 || m === 49) {
          this.cut(m === 1 || m === 49);
          return { consumed: 3 };
        }
        if (m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104) {
          if (available < 4) return { need: 4 };
          this.cut(m % 2 === 0);
          return { consumed: 4 };
        }
        return this.unknown(bytes, pos, 3);
      }
      case 0x28:
        return this.gsParenthesis(bytes, pos);
      case 0x72: // GS r n: transmit status, in order
        if (available < 3) return { need: 3 };
        this.events.push({ type: 'transmit_status_request', n: at(2) });
        return { consumed: 3 };
      case 0x49: // GS I n: transmit printer ID
        if (available < 3) return { need: 3 };
        this.events.push({ type: 'printer_info_request', n: at(2) });
        return { consumed: 3 };
      case 0x61: // GS a n: automatic status back
        if (available < 3) return { need: 3 };
        this.events.push({ type: 'asb_setting', n: at(2) });
        return { consumed: 3 };
      case 0x76: {
        // GS v 0 m xL xH yL yH d…: raster image
        if (available < 8) return { need: 8 };
        const widthBytes = at(4) + at(5) * 256;
        const height = at(6) + at(7) * 256;
        this.printPendingLine();
        this.events.push({ type: 'image', widthBytes, height });
        this.skipRemaining = widthBytes * height;
        return { consumed: 8 };
      }
      case 0x2a: {
        // GS * x y d…: define a downloaded bit image of x*y*8 bytes
        if (available < 4) return { need: 4 };
        this.skipRemaining = at(2) * at(3) * 8;
        return { consumed: 4 };
      }
      case 0x6b: {
        // GS k m …: barcode; m 0..6 NUL-terminated, m 65..79 with a length byte
        if (available < 3) return { need: 3 };
        const m = at(2);
        const onBarcode = (data: Uint8Array) => {
          this.printPendingLine();
          this.events.push({ type: 'barcode', m, data });
        };
        if (m <= 6) return this.terminated(bytes, pos, 3, onBarcode);
        if (m >= 65 && m <= 79) {
          if (available < 4) return { need: 4 };
          const length = 4 + at(3);
          if (available < length) return { need: length };
          onBarcode(bytes.slice(pos + 4, pos + length));
          return { consumed: length };
        }
        return this.unknown(bytes, pos, 3);
      }
      default: {
        const args = GS_IGNORED_ARGS.get(command);
        if (args !== undefined) return available < 2 + args ? { need: 2 + args } : { consumed: 2 + args };
        return this.unknown(bytes, pos, command < 0x20 ? 1 : 2);
      }
    }
  }

  /** `GS ( fn pL pH …`: the functions with a length field; QR (`GS ( k`, cn 49) is read. */
  private gsParenthesis(bytes: Uint8Array, pos: number): Step {
    const available = bytes.length - pos;
    if (available < 5) return { need: 5 };
    const at = (offset: number): number => bytes[pos + offset] ?? 0;
    const fn = at(2);
    const length = at(3) + at(4) * 256;
    if (fn === 0x6b && length >= 2) {
      if (available < 7) return { need: 7 };
      if (at(5) === QR.cn && at(6) === QR.store && length >= 3) {
        if (available < 8) return { need: 8 };
        // Gather the data after `cn fn m` straight into its own buffer, however it is chunked.
        if (length === 3) this.storedQr = new Uint8Array(0);
        else this.collecting = { target: new Uint8Array(length - 3), filled: 0 };
        return { consumed: 8 };
      }
      if (at(5) === QR.cn && at(6) === QR.print) {
        this.printPendingLine();
        if (this.storedQr) {
          const data = this.storedQr;
          this.events.push({ type: 'qr', data, text: new TextDecoder().decode(data) });
        }
      }
    }
    this.skipRemaining = length;
    return { consumed: 5 };
  }

  private fsCommand(bytes: Uint8Array, pos: number): Step {
    const available = bytes.length - pos;
    const command = bytes[pos + 1] ?? 0;
    if (command === 0x2e) {
      this.doubleByte = false;
      return { consumed: 2 };
    }
    if (command === 0x26) {
      this.doubleByte = true;
      return { consumed: 2 };
    }
    const args = FS_IGNORED_ARGS.get(command);
    if (args !== undefined) return available < 2 + args ? { need: 2 + args } : { consumed: 2 + args };
    return this.unknown(bytes, pos, command < 0x20 ? 1 : 2);
  }

  private dleCommand(bytes: Uint8Array, pos: number): Step {
    const available = bytes.length - pos;
    const command = bytes[pos + 1] ?? 0;
    const arg = bytes[pos + 2] ?? 0;
    if (command === EOT) {
      if (available < 3) return { need: 3 };
      if (arg === 1 || arg === 2 || arg === 3 || arg === 4) {
        this.events.push({ type: 'status_request', n: arg });
        return { consumed: 3 };
      }
      return this.unknown(bytes, pos, 3);
    }
    if (command === ENQ) return available < 3 ? { need: 3 } : { consumed: 3 };
    if (command === DC4) {
      if (available < 3) return { need: 3 };
      const length = DLE_DC4_LENGTHS.get(arg);
      if (length === undefined) return this.unknown(bytes, pos, 3);
      if (available < length) return { need: length };
      const key = bytes.subarray(pos + 3, pos + length);
      if (arg === 8 && CLEAR_BUFFERS_KEY.every((k, i) => key[i] === k)) this.events.push({ type: 'clear_buffers' });
      return { consumed: length };
    }
    return this.unknown(bytes, pos, 1);
  }

  /** A parameter ending with NUL, starting at `start`; bounded so a lost NUL cannot stall us. */
  private terminated(bytes: Uint8Array, pos: number, start: number, onData: (data: Uint8Array) => void): Step {
    const limit = Math.min(bytes.length, pos + start + MAX_TERMINATED);
    for (let i = pos + start; i < limit; i++) {
      if (bytes[i] === 0) {
        onData(bytes.slice(pos + start, i));
        return { consumed: i - pos + 1 };
      }
    }
    if (bytes.length - pos < start + MAX_TERMINATED) return { need: bytes.length - pos + 1 };
    return this.unknown(bytes, pos, start);
  }

  private unknown(bytes: Uint8Array, pos: number, length: number): Step {
    const consumed = Math.max(1, Math.min(length, bytes.length - pos));
    this.events.push({ type: 'unknown', bytes: bytes.slice(pos, pos + consumed) });
    return { consumed };
  }

  private addChar(char: string): void {
    const width = this.lineModes?.width ?? this.modes.width;
    const limit = this.columns ? Math.max(1, Math.floor(this.columns / width)) : MAX_LINE_CHARS;
    // The printer wraps a full line onto the next one before taking another character.
    if (this.lineChars >= Math.min(limit, MAX_LINE_CHARS)) this.printLine();
    if (!this.lineModes) this.lineModes = { ...this.modes };
    this.line += char;
    this.lineChars++;
  }

  /** Prints a started line (before a barcode, image or cut) without an extra feed. */
  private printPendingLine(): void {
    if (this.lineModes) this.printLine();
  }

  private printLine(lineFeed = false): void {
    const modes = this.lineModes ?? this.modes;
    if (this.lineModes || lineFeed) {
      this.events.push({
        type: 'text',
        text: this.line,
        align: modes.align,
        width: modes.width,
        height: modes.height,
        bold: modes.bold,
      });
    }
    this.line = '';
    this.lineChars = 0;
    this.lineModes = null;
  }

  private cut(partial: boolean): void {
    this.printPendingLine();
    this.events.push({ type: 'cut', partial });
  }
}
