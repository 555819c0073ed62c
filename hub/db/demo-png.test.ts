import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkContentFile } from '../../kiosk-config/src/content/check-content-file';
import { gradientPng } from './demo-png';

/** The chunks of a PNG, each CRC checked: what a decoder reads first. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const found: Array<{ type: string; data: Buffer }> = [];
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const typed = png.subarray(at + 4, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(typed));
    found.push({ type: typed.subarray(0, 4).toString('latin1'), data: typed.subarray(4) });
    at += 12 + length;
  }
  return found;
}

describe('gradientPng', () => {
  it('writes a decodable truecolour PNG whose rows run from the top colour to the bottom one', () => {
    const png = gradientPng(4, 3, [0, 100, 200], [200, 100, 0]);
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const header = parts[0]?.data ?? Buffer.alloc(0);
    expect([header.readUInt32BE(0), header.readUInt32BE(4), ...header.subarray(8)]).toEqual([4, 3, 8, 2, 0, 0, 0]);
    const raw = inflateSync(parts[1]?.data ?? Buffer.alloc(0));
    expect(raw.length).toBe(3 * (1 + 4 * 3));
    const pixel = (x: number, y: number) => [...raw.subarray(y * 13 + 1 + x * 3, y * 13 + 4 + x * 3)];
    expect(raw[0]).toBe(0);
    expect(pixel(0, 0)).toEqual([0, 100, 200]);
    expect(pixel(3, 1)).toEqual([100, 100, 100]);
    expect(pixel(2, 2)).toEqual([200, 100, 0]);
  });

  it('makes a full-screen slide small, and content checks accept it as an image', () => {
    const png = gradientPng(1080, 1920, [214, 230, 245], [120, 160, 205]);
    expect(png.length).toBeLessThan(64 * 1024);
    const checked = checkContentFile('image', png);
    expect(checked).toMatchObject({ ok: true });
  });
});
