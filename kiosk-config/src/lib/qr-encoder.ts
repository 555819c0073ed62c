/**
 * A QR code encoder (ISO/IEC 18004), byte mode only, pure and portable: text in, a square of
 * dark and light modules out. The console draws the technician's QR token with it (as SVG); the
 * kiosk's printers draw their own QR codes natively (`GS ( k`), so this is the one raster encoder.
 *
 * The structure follows the standard step by step: data codewords, Reed–Solomon error correction
 * per block and interleaving, function patterns, codeword placement, the mask with the lowest
 * penalty, format and version information. Tested against a reference encoder's output.
 */

/** Error correction levels; M (15 % recoverable) suits a code shown on a screen. */
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** A QR code: `size`×`size` modules, `dark(x, y)` for each. */
export interface QrCode {
  readonly version: number;
  readonly size: number;
  readonly mask: number;
  dark(x: number, y: number): boolean;
}

const LEVEL_INDEX: Record<QrErrorCorrection, number> = { L: 0, M: 1, Q: 2, H: 3 };
/** The two format bits of each level (L 01, M 00, Q 11, H 10). */
const LEVEL_FORMAT_BITS: Record<QrErrorCorrection, number> = { L: 1, M: 0, Q: 3, H: 2 };

// Per version 1–40 (index 0 unused), per level L, M, Q, H: ISO/IEC 18004 table 9.
const ECC_CODEWORDS_PER_BLOCK: readonly (readonly number[])[] = [
  [
    -1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  [
    -1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    -1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
];
const ERROR_CORRECTION_BLOCKS: readonly (readonly number[])[] = [
  [
    -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19,
    19, 20, 21, 22, 24, 25,
  ],
  [
    -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31,
    33, 35, 37, 38, 40, 43, 45, 47, 49,
  ],
  [
    -1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43,
    45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
  [
    -1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48,
    51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
];

/** Thrown when the data does not fit the largest version allowed. */
export class QrTooLongError extends Error {
  constructor(bytes: number) {
    super(`${bytes} bytes do not fit a QR code at this error correction level`);
    this.name = 'QrTooLongError';
  }
}

/**
 * Encodes `text` (UTF-8, byte mode) in the smallest version that holds it at `level`, with the
 * mask of the lowest penalty unless `mask` (0–7) is given.
 */
export function encodeQr(text: string, options: { level?: QrErrorCorrection; mask?: number } = {}): QrCode {
  const level = options.level ?? 'M';
  const data = new TextEncoder().encode(text);
  let version = 1;
  for (; version <= 40; version += 1) {
    if (dataBitsNeeded(data.length, version) <= dataCodewords(version, level) * 8) break;
  }
  if (version > 40) throw new QrTooLongError(data.length);
  const codewords = withErrorCorrection(dataCodewordsOf(data, version, level), version, level);
  const base = new QrMatrix(version);
  base.drawFunctionPatterns();
  base.drawCodewords(codewords);
  const masks = options.mask === undefined ? [0, 1, 2, 3, 4, 5, 6, 7] : [options.mask];
  let best: { matrix: QrMatrix; mask: number; penalty: number } | undefined;
  for (const mask of masks) {
    const candidate = base.copy();
    candidate.applyMask(mask);
    candidate.drawFormatBits(LEVEL_FORMAT_BITS[level], mask);
    const penalty = masks.length === 1 ? 0 : candidate.penalty();
    if (best === undefined || penalty < best.penalty) best = { matrix: candidate, mask, penalty };
  }
  const chosen = best as { matrix: QrMatrix; mask: number };
  const { size } = chosen.matrix;
  const modules = chosen.matrix.modules;
  return { version, size, mask: chosen.mask, dark: (x, y) => modules[y * size + x] === 1 };
}

function countBits(version: number): number {
  return version <= 9 ? 8 : 16;
}

function dataBitsNeeded(bytes: number, version: number): number {
  if (bytes >= 2 ** countBits(version)) return Number.POSITIVE_INFINITY;
  return 4 + countBits(version) + bytes * 8;
}

/** Modules left for data and error correction once the function patterns are drawn. */
function rawDataModules(version: number): number {
  let modules = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const alignments = Math.floor(version / 7) + 2;
    modules -= (25 * alignments - 10) * alignments - 55;
    if (version >= 7) modules -= 36;
  }
  return modules;
}

function eccPerBlock(version: number, level: QrErrorCorrection): number {
  return ECC_CODEWORDS_PER_BLOCK[LEVEL_INDEX[level]]?.[version] ?? 0;
}

function blockCount(version: number, level: QrErrorCorrection): number {
  return ERROR_CORRECTION_BLOCKS[LEVEL_INDEX[level]]?.[version] ?? 0;
}

function dataCodewords(version: number, level: QrErrorCorrection): number {
  return Math.floor(rawDataModules(version) / 8) - eccPerBlock(version, level) * blockCount(version, level);
}

/** Mode, count, the bytes, the terminator and the pad codewords 0xEC 0x11. */
function dataCodewordsOf(data: Uint8Array, version: number, level: QrErrorCorrection): number[] {
  const bits: number[] = [];
  const push = (value: number, length: number) => {
    for (let bit = length - 1; bit >= 0; bit -= 1) bits.push((value >>> bit) & 1);
  };
  push(0b0100, 4);
  push(data.length, countBits(version));
  for (const byte of data) push(byte, 8);
  const capacity = dataCodewords(version, level) * 8;
  push(0, Math.min(4, capacity - bits.length));
  push(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) push(pad, 8);
  const codewords: number[] = [];
  for (let at = 0; at < bits.length; at += 8) {
    codewords.push(bits.slice(at, at + 8).reduce((byte, bit) => (byte << 1) | bit, 0));
  }
  return codewords;
}

/** Splits the data into blocks, adds each block's Reed–Solomon codewords, and interleaves them. */
function withErrorCorrection(data: readonly number[], version: number, level: QrErrorCorrection): number[] {
  const blocks = blockCount(version, level);
  const eccLength = eccPerBlock(version, level);
  const rawCodewords = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blocks - (rawCodewords % blocks);
  const shortLength = Math.floor(rawCodewords / blocks);
  const divisor = reedSolomonDivisor(eccLength);
  const all: number[][] = [];
  for (let index = 0, at = 0; index < blocks; index += 1) {
    const length = shortLength - eccLength + (index < shortBlocks ? 0 : 1);
    const block = data.slice(at, at + length);
    at += length;
    const ecc = reedSolomonRemainder(block, divisor);
    // A short block gets a placeholder where the long ones have one more data codeword.
    if (index < shortBlocks) block.push(-1);
    all.push([...block, ...ecc]);
  }
  const result: number[] = [];
  for (let column = 0; column < (all[0]?.length ?? 0); column += 1) {
    for (const block of all) {
      const value = block[column] ?? -1;
      if (value >= 0) result.push(value);
    }
  }
  return result;
}

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1. */
function gfMultiply(x: number, y: number): number {
  let product = 0;
  for (let bit = 7; bit >= 0; bit -= 1) {
    product = (product << 1) ^ ((product >>> 7) * 0x11d);
    product ^= ((y >>> bit) & 1) * x;
  }
  return product;
}

function reedSolomonDivisor(degree: number): number[] {
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let step = 0; step < degree; step += 1) {
    for (let index = 0; index < degree; index += 1) {
      result[index] = gfMultiply(result[index] ?? 0, root) ^ (index + 1 < degree ? (result[index + 1] ?? 0) : 0);
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function reedSolomonRemainder(data: readonly number[], divisor: readonly number[]): number[] {
  const result = new Array<number>(divisor.length).fill(0);
  for (const byte of data) {
    const factor = byte ^ (result.shift() ?? 0);
    result.push(0);
    divisor.forEach((coefficient, index) => {
      result[index] = (result[index] ?? 0) ^ gfMultiply(coefficient, factor);
    });
  }
  return result;
}

/** The module grid while it is drawn: `modules` 1 dark / 0 light, `reserved` the function patterns. */
class QrMatrix {
  readonly size: number;
  readonly modules: Uint8Array;
  readonly reserved: Uint8Array;

  constructor(
    readonly version: number,
    modules?: Uint8Array,
    reserved?: Uint8Array,
  ) {
    this.size = version * 4 + 17;
    this.modules = modules ?? new Uint8Array(this.size * this.size);
    this.reserved = reserved ?? new Uint8Array(this.size * this.size);
  }

  copy(): QrMatrix {
    return new QrMatrix(this.version, Uint8Array.from(this.modules), this.reserved);
  }

  get(x: number, y: number): number {
    return this.modules[y * this.size + x] ?? 0;
  }

  #setFunction(x: number, y: number, dark: boolean): void {
    this.modules[y * this.size + x] = dark ? 1 : 0;
    this.reserved[y * this.size + x] = 1;
  }

  drawFunctionPatterns(): void {
    const { size } = this;
    for (let index = 0; index < size; index += 1) {
      this.#setFunction(6, index, index % 2 === 0);
      this.#setFunction(index, 6, index % 2 === 0);
    }
    this.#drawFinder(3, 3);
    this.#drawFinder(size - 4, 3);
    this.#drawFinder(3, size - 4);
    const positions = alignmentPositions(this.version);
    const last = positions.length - 1;
    positions.forEach((x, i) => {
      positions.forEach((y, j) => {
        const corner = (i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0);
        if (!corner) this.#drawAlignment(x, y);
      });
    });
    // Reserve the format areas now (drawn for real with the mask); the version areas are final.
    this.drawFormatBits(0, 0);
    this.#drawVersion();
  }

  #drawFinder(cx: number, cy: number): void {
    for (let dy = -4; dy <= 4; dy += 1) {
      for (let dx = -4; dx <= 4; dx += 1) {
        const distance = Math.max(Math.abs(dx), Math.abs(dy));
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && x < this.size && y >= 0 && y < this.size)
          this.#setFunction(x, y, distance !== 2 && distance !== 4);
      }
    }
  }

  #drawAlignment(cx: number, cy: number): void {
    for (let dy = -2; dy <= 2; dy += 1) {
      for (let dx = -2; dx <= 2; dx += 1)
        this.#setFunction(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  }

  /** The 15 format bits (level and mask, BCH-protected, masked with 0x5412), in both copies. */
  drawFormatBits(levelBits: number, mask: number): void {
    const data = (levelBits << 3) | mask;
    let remainder = data;
    for (let step = 0; step < 10; step += 1) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
    const bits = ((data << 10) | remainder) ^ 0x5412;
    const bit = (index: number) => ((bits >>> index) & 1) === 1;
    const { size } = this;
    for (let index = 0; index <= 5; index += 1) this.#setFunction(8, index, bit(index));
    this.#setFunction(8, 7, bit(6));
    this.#setFunction(8, 8, bit(7));
    this.#setFunction(7, 8, bit(8));
    for (let index = 9; index < 15; index += 1) this.#setFunction(14 - index, 8, bit(index));
    for (let index = 0; index < 8; index += 1) this.#setFunction(size - 1 - index, 8, bit(index));
    for (let index = 8; index < 15; index += 1) this.#setFunction(8, size - 15 + index, bit(index));
    this.#setFunction(8, size - 8, true);
  }

  #drawVersion(): void {
    if (this.version < 7) return;
    let remainder = this.version;
    for (let step = 0; step < 12; step += 1) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
    const bits = (this.version << 12) | remainder;
    for (let index = 0; index < 18; index += 1) {
      const dark = ((bits >>> index) & 1) === 1;
      const a = this.size - 11 + (index % 3);
      const b = Math.floor(index / 3);
      this.#setFunction(a, b, dark);
      this.#setFunction(b, a, dark);
    }
  }

  /** Places the codewords in the two-column zigzag from the bottom right, skipping function modules. */
  drawCodewords(codewords: readonly number[]): void {
    const { size } = this;
    let bitIndex = 0;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (let vertical = 0; vertical < size; vertical += 1) {
        for (let column = 0; column < 2; column += 1) {
          const x = right - column;
          const upward = ((right + 1) & 2) === 0;
          const y = upward ? size - 1 - vertical : vertical;
          if (this.reserved[y * size + x] === 1 || bitIndex >= codewords.length * 8) continue;
          const byte = codewords[bitIndex >>> 3] ?? 0;
          this.modules[y * size + x] = (byte >>> (7 - (bitIndex & 7))) & 1;
          bitIndex += 1;
        }
      }
    }
  }

  applyMask(mask: number): void {
    const { size } = this;
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const at = y * size + x;
        if (this.reserved[at] === 1 || !maskInverts(mask, x, y)) continue;
        this.modules[at] = 1 - (this.modules[at] ?? 0);
      }
    }
  }

  /** The standard's penalty (runs, 2×2 blocks, finder-like patterns, dark balance): lower is better. */
  penalty(): number {
    const { size } = this;
    let score = 0;
    for (let line = 0; line < size; line += 1) {
      score += linePenalty((index) => this.get(index, line), size);
      score += linePenalty((index) => this.get(line, index), size);
    }
    let dark = 0;
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const color = this.get(x, y);
        dark += color;
        if (x + 1 < size && y + 1 < size) {
          if (color === this.get(x + 1, y) && color === this.get(x, y + 1) && color === this.get(x + 1, y + 1))
            score += 3;
        }
      }
    }
    const total = size * size;
    score += Math.floor(Math.abs(dark * 20 - total * 10) / total) * 10;
    return score;
  }
}

/** N1 (runs of five or more of one color) and N3 (1:1:3:1:1 with four light modules beside) of one line. */
function linePenalty(at: (index: number) => number, size: number): number {
  let score = 0;
  let run = 1;
  for (let index = 1; index <= size; index += 1) {
    if (index < size && at(index) === at(index - 1)) {
      run += 1;
      continue;
    }
    if (run >= 5) score += 3 + (run - 5);
    run = 1;
  }
  const pattern = [1, 0, 1, 1, 1, 0, 1];
  const light = (index: number) => index < 0 || index >= size || at(index) === 0;
  for (let start = 0; start + 7 <= size; start += 1) {
    if (!pattern.every((value, offset) => at(start + offset) === value)) continue;
    const before = [1, 2, 3, 4].every((offset) => light(start - offset));
    const after = [7, 8, 9, 10].every((offset) => light(start + offset));
    if (before || after) score += 40;
  }
  return score;
}

function maskInverts(mask: number, x: number, y: number): boolean {
  switch (mask) {
    case 0:
      return (x + y) % 2 === 0;
    case 1:
      return y % 2 === 0;
    case 2:
      return x % 3 === 0;
    case 3:
      return (x + y) % 3 === 0;
    case 4:
      return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
    case 5:
      return ((x * y) % 2) + ((x * y) % 3) === 0;
    case 6:
      return (((x * y) % 2) + ((x * y) % 3)) % 2 === 0;
    case 7:
      return (((x + y) % 2) + ((x * y) % 3)) % 2 === 0;
    default:
      throw new Error(`no QR mask ${mask}`);
  }
}

/** The centres of the alignment patterns (both axes) of a version. */
function alignmentPositions(version: number): number[] {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const size = version * 4 + 17;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const positions = [6];
  for (let position = size - 7; positions.length < count; position -= step) positions.splice(1, 0, position);
  return positions;
}

/** The QR code as an SVG image: one path of the dark modules, a 4-module quiet zone, `modulePixels` per module. */
export function qrSvg(code: QrCode, modulePixels = 6, title = 'QR-код'): string {
  const quiet = 4;
  const side = code.size + quiet * 2;
  const parts: string[] = [];
  for (let y = 0; y < code.size; y += 1) {
    for (let x = 0; x < code.size; x += 1) if (code.dark(x, y)) parts.push(`M${x + quiet} ${y + quiet}h1v1h-1z`);
  }
  const pixels = side * modulePixels;
  const escapedTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${pixels}" height="${pixels}" shape-rendering="crispEdges" role="img">` +
    `<title>${escapedTitle}</title><rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${parts.join('')}"/></svg>`
  );
}
