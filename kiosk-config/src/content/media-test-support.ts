/**
 * Small media files built byte by byte as their specifications lay them out (only the headers
 * the sniffers read are real; the payload is filler), for the content checks' tests and the
 * hub's publishing tests. No image tool is needed on the machine that runs them.
 */

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const be32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const le16 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
const le24 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff];
const le32 = (n: number): number[] => [...le16(n & 0xffff), ...le16(n >>> 16)];

/** A PNG's signature and IHDR chunk, then an IEND (the CRCs are not checked by the sniffer). */
export function pngBytes(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0x89,
    ...ascii('PNG\r\n'),
    0x1a,
    0x0a,
    ...be32(13),
    ...ascii('IHDR'),
    ...be32(width),
    ...be32(height),
    8,
    6,
    0,
    0,
    0,
    ...be32(0),
    ...be32(0),
    ...ascii('IEND'),
    ...be32(0xae426082),
  ]);
}

/** A JPEG: SOI, an APP0 (JFIF), a start of frame (`sof`: 0xc0 baseline, 0xc2 progressive), SOS, EOI. */
export function jpegBytes(width: number, height: number, sof = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, 0, 16, ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const frame = [0xff, sof, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
  const scan = [0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0, 0x12, 0x34];
  return Uint8Array.from([0xff, 0xd8, ...app0, 0xff, ...frame, ...scan, 0xff, 0xd9]);
}

function riffWebp(chunk: string, data: number[]): Uint8Array {
  const padded = data.length % 2 === 1 ? [...data, 0] : data;
  const body = [...ascii('WEBP'), ...ascii(chunk), ...le32(data.length), ...padded];
  return Uint8Array.from([...ascii('RIFF'), ...le32(body.length), ...body]);
}

/** A lossy WebP (VP8 key frame header). */
export function webpLossyBytes(width: number, height: number): Uint8Array {
  return riffWebp('VP8 ', [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, ...le16(width), ...le16(height), 0, 0, 0, 0]);
}

/** A lossless WebP (VP8L: 14-bit width − 1, 14-bit height − 1). */
export function webpLosslessBytes(width: number, height: number): Uint8Array {
  const bits = (width - 1) | ((height - 1) << 14);
  return riffWebp('VP8L', [0x2f, ...le32(bits >>> 0), 0, 0, 0]);
}

/** An extended WebP (VP8X: 24-bit canvas width − 1 and height − 1). */
export function webpExtendedBytes(width: number, height: number): Uint8Array {
  return riffWebp('VP8X', [0x10, 0, 0, 0, ...le24(width - 1), ...le24(height - 1)]);
}

function mp4Box(type: string, payload: number[]): number[] {
  return [...be32(8 + payload.length), ...ascii(type), ...payload];
}

/** An MP4: ftyp (isom), an empty moov, and an mdat of `mdatBytes` filler. */
export function mp4Bytes(mdatBytes = 32): Uint8Array {
  return Uint8Array.from([
    ...mp4Box('ftyp', [...ascii('isom'), ...be32(512), ...ascii('isomiso2avc1mp41')]),
    ...mp4Box('moov', mp4Box('mvhd', new Array<number>(100).fill(0))),
    ...mp4Box('mdat', new Array<number>(mdatBytes).fill(0x42)),
  ]);
}

/** A WebM: the EBML header (version, DocType `webm`) and an empty Segment of unknown size. */
export function webmBytes(docType = 'webm'): Uint8Array {
  const elements = [0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x80 | docType.length, ...ascii(docType)];
  return Uint8Array.from([
    0x1a,
    0x45,
    0xdf,
    0xa3,
    0x80 | elements.length,
    ...elements,
    0x18,
    0x53,
    0x80,
    0x67,
    0x01,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
  ]);
}
