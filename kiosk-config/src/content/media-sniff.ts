/**
 * Media sniffing by magic bytes and headers: what an image or a video really is, whatever its
 * name says, and an image's dimensions. Pure functions over bytes that never throw (fuzzed):
 * every read is bounds-checked and answers `undefined` past the end, so garbage and truncated
 * files come back as "not this format", never as an exception.
 */

/** Image formats the kiosk's screen shows. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';
/** Video containers the kiosk's screen plays. */
export type VideoFormat = 'mp4' | 'webm';

/** An image's format and dimensions from its header. */
export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/** What the sniffers found: the format, or why the bytes are not a usable file of it. */
export type SniffResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function u8(b: Uint8Array, at: number): number | undefined {
  return at >= 0 && at < b.length ? b[at] : undefined;
}
function u16be(b: Uint8Array, at: number): number | undefined {
  const hi = u8(b, at);
  const lo = u8(b, at + 1);
  return hi === undefined || lo === undefined ? undefined : (hi << 8) | lo;
}
function u16le(b: Uint8Array, at: number): number | undefined {
  const v = u16be(b, at);
  return v === undefined ? undefined : ((v & 0xff) << 8) | (v >> 8);
}
function u24le(b: Uint8Array, at: number): number | undefined {
  const lo = u16le(b, at);
  const hi = u8(b, at + 2);
  return lo === undefined || hi === undefined ? undefined : lo + hi * 0x10000;
}
function u32be(b: Uint8Array, at: number): number | undefined {
  const hi = u16be(b, at);
  const lo = u16be(b, at + 2);
  return hi === undefined || lo === undefined ? undefined : hi * 0x10000 + lo;
}
function u32le(b: Uint8Array, at: number): number | undefined {
  const lo = u16le(b, at);
  const hi = u16le(b, at + 2);
  return lo === undefined || hi === undefined ? undefined : hi * 0x10000 + lo;
}
/** The bytes at `at` equal `expected` (ASCII or numbers). */
function startsWith(b: Uint8Array, at: number, expected: string | readonly number[]): boolean {
  const codes = typeof expected === 'string' ? [...expected].map((c) => c.charCodeAt(0)) : expected;
  return codes.every((code, i) => u8(b, at + i) === code);
}
function ascii(b: Uint8Array, at: number, length: number): string | undefined {
  if (at < 0 || at + length > b.length) return undefined;
  return String.fromCharCode(...b.subarray(at, at + length));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** PNG: the signature, then the IHDR chunk first (13 bytes: width, height, …) as the spec requires. */
function sniffPng(b: Uint8Array): SniffResult<ImageInfo> {
  if (u32be(b, 8) !== 13 || !startsWith(b, 12, 'IHDR')) return { ok: false, reason: 'PNG without IHDR first' };
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  if (width === undefined || height === undefined) return { ok: false, reason: 'truncated PNG header' };
  return { ok: true, value: { format: 'png', width, height } };
}

/** JPEG start-of-frame markers whose frames browsers decode: baseline, extended, progressive. */
const JPEG_SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2]);
/** Other SOF markers (lossless, arithmetic, hierarchical): a JPEG the screen cannot show. */
const JPEG_OTHER_SOF = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** JPEG: walks the marker segments from SOI to the first SOF, which holds the dimensions. */
function sniffJpeg(b: Uint8Array): SniffResult<ImageInfo> {
  let at = 2;
  // Each step moves forward by at least 2 bytes, so the loop ends with the buffer.
  while (at < b.length) {
    if (u8(b, at) !== 0xff) return { ok: false, reason: 'JPEG segment without a marker' };
    let marker = u8(b, at + 1);
    while (marker === 0xff) {
      at += 1; // fill bytes before a marker
      marker = u8(b, at + 1);
    }
    if (marker === undefined) break;
    at += 2;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return { ok: false, reason: 'JPEG without a frame header' };
    const length = u16be(b, at);
    if (length === undefined || length < 2) break;
    if (JPEG_SOF_MARKERS.has(marker)) {
      const height = u16be(b, at + 3);
      const width = u16be(b, at + 5);
      if (width === undefined || height === undefined) break;
      return { ok: true, value: { format: 'jpeg', width, height } };
    }
    if (JPEG_OTHER_SOF.has(marker)) return { ok: false, reason: 'JPEG coding the screen cannot show' };
    at += length;
  }
  return { ok: false, reason: 'truncated JPEG' };
}

/** WebP: a RIFF file whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended). */
function sniffWebp(b: Uint8Array): SniffResult<ImageInfo> {
  const riffSize = u32le(b, 4);
  if (riffSize === undefined || riffSize + 8 > b.length) return { ok: false, reason: 'truncated WebP' };
  const chunk = ascii(b, 12, 4);
  const data = 20;
  if (chunk === 'VP8 ') {
    if (!startsWith(b, data + 3, [0x9d, 0x01, 0x2a])) return { ok: false, reason: 'VP8 without its start code' };
    const width = u16le(b, data + 6);
    const height = u16le(b, data + 8);
    if (width === undefined || height === undefined) return { ok: false, reason: 'truncated VP8 header' };
    return { ok: true, value: { format: 'webp', width: width & 0x3fff, height: height & 0x3fff } };
  }
  if (chunk === 'VP8L') {
    const bits = u32le(b, data + 1);
    if (u8(b, data) !== 0x2f || bits === undefined) return { ok: false, reason: 'VP8L without its signature' };
    return { ok: true, value: { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 } };
  }
  if (chunk === 'VP8X') {
    const width = u24le(b, data + 4);
    const height = u24le(b, data + 7);
    if (width === undefined || height === undefined) return { ok: false, reason: 'truncated VP8X header' };
    return { ok: true, value: { format: 'webp', width: width + 1, height: height + 1 } };
  }
  return { ok: false, reason: 'WebP of an unknown kind' };
}

/** An image by its magic bytes and header: PNG, JPEG or WebP with its dimensions. */
export function sniffImage(bytes: Uint8Array): SniffResult<ImageInfo> {
  if (startsWith(bytes, 0, PNG_SIGNATURE)) return sniffPng(bytes);
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return sniffJpeg(bytes);
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return sniffWebp(bytes);
  return { ok: false, reason: 'not a PNG, JPEG or WebP image' };
}

/** Most top-level boxes or elements walked before a file is called malformed (a real one has a handful). */
const MAX_TOP_LEVEL_ITEMS = 10_000;

/**
 * MP4: an `ftyp` box first, then top-level boxes that tile the file exactly (a truncated or
 * padded file does not), one of them `moov` (without it nothing can play).
 */
function sniffMp4(b: Uint8Array): SniffResult<VideoFormat> {
  let at = 0;
  let sawMoov = false;
  for (let count = 0; at < b.length && count < MAX_TOP_LEVEL_ITEMS; count += 1) {
    const size32 = u32be(b, at);
    const type = ascii(b, at + 4, 4);
    if (size32 === undefined || type === undefined) return { ok: false, reason: 'truncated MP4 box header' };
    if (count === 0 && (type !== 'ftyp' || size32 < 16)) return { ok: false, reason: 'MP4 without ftyp first' };
    let size = size32;
    if (size32 === 1) {
      const high = u32be(b, at + 8);
      const low = u32be(b, at + 12);
      if (high === undefined || low === undefined) return { ok: false, reason: 'truncated MP4 box header' };
      size = high * 0x1_0000_0000 + low;
      if (size < 16) return { ok: false, reason: 'MP4 box shorter than its header' };
    } else if (size32 === 0) {
      size = b.length - at; // the last box runs to the end of the file
    } else if (size32 < 8) {
      return { ok: false, reason: 'MP4 box shorter than its header' };
    }
    if (at + size > b.length) return { ok: false, reason: 'truncated MP4 box' };
    if (type === 'moov') sawMoov = true;
    at += size;
  }
  if (at !== b.length) return { ok: false, reason: 'too many MP4 boxes' };
  return sawMoov ? { ok: true, value: 'mp4' } : { ok: false, reason: 'MP4 without a moov box' };
}

/** An EBML variable-length integer: its value (marker bit removed) and its length in bytes. */
function readVint(b: Uint8Array, at: number): { value: number; length: number } | undefined {
  const first = u8(b, at);
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx … 8 for 0b00000001
  let value = first & (0xff >> length);
  for (let i = 1; i < length; i += 1) {
    const next = u8(b, at + i);
    if (next === undefined) return undefined;
    value = value * 256 + next;
  }
  return { value, length };
}

/** An EBML element id: like a vint, but the marker bit is kept. */
function readElementId(b: Uint8Array, at: number): { id: number; length: number } | undefined {
  const size = readVint(b, at);
  if (size === undefined || size.length > 4) return undefined;
  let id = 0;
  for (let i = 0; i < size.length; i += 1) id = id * 256 + (b[at + i] ?? 0);
  return { id, length: size.length };
}

const EBML_ID = 0x1a45dfa3;
const DOCTYPE_ID = 0x4282;
const SEGMENT_ID = 0x18538067;

/** WebM: the EBML header with DocType `webm`, followed by a Segment. */
function sniffWebm(b: Uint8Array): SniffResult<VideoFormat> {
  const header = readVint(b, 4);
  if (header === undefined) return { ok: false, reason: 'truncated EBML header' };
  const bodyStart = 4 + header.length;
  const bodyEnd = bodyStart + header.value;
  if (bodyEnd > b.length) return { ok: false, reason: 'truncated EBML header' };
  let docType: string | undefined;
  for (let at = bodyStart; at < bodyEnd; ) {
    const id = readElementId(b, at);
    const size = id === undefined ? undefined : readVint(b, at + id.length);
    if (id === undefined || size === undefined) return { ok: false, reason: 'malformed EBML header' };
    const dataAt = at + id.length + size.length;
    if (dataAt + size.value > bodyEnd) return { ok: false, reason: 'malformed EBML header' };
    // A DocType is a short word; a longer one is not webm (and is not read into a string).
    if (id.id === DOCTYPE_ID) docType = size.value <= 16 ? ascii(b, dataAt, size.value)?.replace(/\0+$/, '') : '';
    at = dataAt + size.value;
  }
  if (docType !== 'webm') return { ok: false, reason: 'EBML file that is not WebM' };
  const segment = readElementId(b, bodyEnd);
  if (segment?.id !== SEGMENT_ID) return { ok: false, reason: 'WebM without a Segment' };
  return { ok: true, value: 'webm' };
}

/** A video by its container: MP4 (ftyp … moov) or WebM (EBML header, DocType webm, Segment). */
export function sniffVideo(bytes: Uint8Array): SniffResult<VideoFormat> {
  if (startsWith(bytes, 4, 'ftyp')) return sniffMp4(bytes);
  if (u32be(bytes, 0) === EBML_ID) return sniffWebm(bytes);
  return { ok: false, reason: 'not an MP4 or WebM video' };
}
