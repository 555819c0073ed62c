import { rgbPng } from './decodable-png';

/** A screen's pixels as RGB triples, row by row. */
export interface ScreenImage {
  width: number;
  height: number;
  rgb: Buffer;
}

/** Reads a binary PPM (`P6`), as `grim -t ppm -` writes the Wayland output. */
export function parsePpm(bytes: Buffer): ScreenImage {
  // Header: "P6", width, height, maxval, each separated by whitespace, then one whitespace byte.
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (at < bytes.length && /\s/u.test(String.fromCharCode(bytes[at] ?? 0))) at += 1;
    let field = '';
    while (at < bytes.length && !/\s/u.test(String.fromCharCode(bytes[at] ?? 0)))
      field += String.fromCharCode(bytes[at++] ?? 0);
    fields.push(field);
  }
  const [magic, width, height, maxval] = fields;
  if (magic !== 'P6' || maxval !== '255') throw new Error(`not an 8-bit binary PPM: ${fields.join(' ')}`);
  const image = { width: Number(width), height: Number(height) };
  const rgb = bytes.subarray(at + 1, at + 1 + image.width * image.height * 3);
  if (rgb.length !== image.width * image.height * 3) throw new Error('the PPM is cut short');
  return { ...image, rgb };
}

/**
 * Reads the XWD image Xvfb keeps of its screen (`-fbdir`): a 32-bit ZPixmap of 24-bit colour.
 * The header is 25 32-bit fields in the writer's byte order, told apart by its plausible size.
 */
export function parseXwd(bytes: Buffer): ScreenImage {
  const bigEndian = bytes.readUInt32BE(0) < 0x10000;
  const field = (index: number) => (bigEndian ? bytes.readUInt32BE(index * 4) : bytes.readUInt32LE(index * 4));
  const headerSize = field(0);
  const [width, height, byteOrder, bitsPerPixel, bytesPerLine, colours] = [
    field(4),
    field(5),
    field(7),
    field(11),
    field(12),
    field(19),
  ];
  if (bitsPerPixel !== 32) throw new Error(`the XWD screen has ${bitsPerPixel} bits per pixel, not 32`);
  const pixels = headerSize + colours * 12;
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = pixels + y * bytesPerLine + x * 4;
      const value = byteOrder === 0 ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset);
      const out = (y * width + x) * 3;
      rgb[out] = (value >> 16) & 0xff;
      rgb[out + 1] = (value >> 8) & 0xff;
      rgb[out + 2] = value & 0xff;
    }
  }
  return { width, height, rgb };
}

/** The share (0…1) of pixels that differ between two screens of the same size (1 if sizes differ). */
export function differingShare(a: ScreenImage, b: ScreenImage): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  const pixels = a.width * a.height;
  for (let i = 0; i < pixels * 3; i += 3) {
    if (a.rgb[i] !== b.rgb[i] || a.rgb[i + 1] !== b.rgb[i + 1] || a.rgb[i + 2] !== b.rgb[i + 2]) differing += 1;
  }
  return differing / pixels;
}

/** The share (0…1) of pixels of exactly that colour. */
export function colourShare(image: ScreenImage, [r, g, b]: readonly [number, number, number]): number {
  let matching = 0;
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels * 3; i += 3) {
    if (image.rgb[i] === r && image.rgb[i + 1] === g && image.rgb[i + 2] === b) matching += 1;
  }
  return matching / pixels;
}

/** A PNG of the image, to look at a failed vector's screen in test-artifacts. */
export function pngOf(image: ScreenImage): Buffer {
  return rgbPng(image.width, image.height, image.rgb);
}
