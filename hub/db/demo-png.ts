import { crc32, deflateSync } from 'node:zlib';

/** A colour as red, green, blue (0–255 each). */
export type Rgb = readonly [number, number, number];

/**
 * A real, decodable PNG (8-bit RGB, no interlace) of a calm vertical gradient from `top` to
 * `bottom`: the demo's attract-loop slides, made in code so that no image file is committed and
 * no image tool is needed. Rows of one colour deflate to almost nothing (1080×1920: a few KB).
 */
export function gradientPng(width: number, height: number, top: Rgb, bottom: Rgb): Buffer {
  const rowBytes = 1 + width * 3;
  const raw = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    const t = height === 1 ? 0 : y / (height - 1);
    const colour = top.map((from, i) => Math.round(from + ((bottom[i] ?? from) - from) * t));
    const row = y * rowBytes;
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      const at = row + 1 + x * 3;
      raw[at] = colour[0] ?? 0;
      raw[at + 1] = colour[1] ?? 0;
      raw[at + 2] = colour[2] ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One PNG chunk: length, type, data, and the CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
