// Renders okno.svg to the PNG icons electron-builder's Linux targets need (256x256.png,
// 512x512.png), with no image tool installed: the icon is only filled, rounded rectangles, so
// this reads its <rect> elements and rasterises them with 4x4 supersampling.
// Run: node build/icons/render-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(path.join(here, 'okno.svg'), 'utf8');
const viewBox = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1] ?? 512);

const rects = [...svg.matchAll(/<rect\b([^>]*)\/>/g)].map(([, attrs]) => {
  const attr = (name) => /"([^"]*)"/.exec(new RegExp(`\\b${name}="[^"]*"`).exec(attrs)?.[0] ?? '')?.[1];
  const hex = attr('fill') ?? '#000000';
  return {
    x: Number(attr('x')),
    y: Number(attr('y')),
    w: Number(attr('width')),
    h: Number(attr('height')),
    r: Number(attr('rx') ?? 0),
    rgb: [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)),
  };
});

function inside(rect, px, py) {
  const { x, y, w, h, r } = rect;
  if (px < x || px > x + w || py < y || py > y + h) return false;
  const cx = Math.min(Math.max(px, x + r), x + w - r);
  const cy = Math.min(Math.max(py, y + r), y + h - r);
  return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
}

function render(size) {
  const samples = 4;
  const scale = viewBox / size;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const vx = (px + (sx + 0.5) / samples) * scale;
          const vy = (py + (sy + 0.5) / samples) * scale;
          // The topmost rectangle under the sample paints it (SVG order: later is on top).
          const top = rects.findLast((rect) => inside(rect, vx, vy));
          if (top === undefined) continue;
          for (let c = 0; c < 3; c++) sum[c] += top.rgb[c];
          sum[3] += 255;
        }
      }
      const n = samples * samples;
      const covered = sum[3] / 255;
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[offset + c] = covered === 0 ? 0 : Math.round(sum[c] / covered);
      rgba[offset + 3] = Math.round(sum[3] / n);
    }
  }
  return encodePng(size, size, rgba);
}

function encodePng(width, height, rgba) {
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

for (const size of [256, 512]) {
  writeFileSync(path.join(here, `${size}x${size}.png`), render(size));
}
