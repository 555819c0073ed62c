import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A byte capture read from a `.hex` fixture: its comment lines and one byte array per line. */
export interface HexCapture {
  name: string;
  comments: string[];
  records: Uint8Array[];
}

/**
 * Reads a hex capture: one record (a HID report, a chunk) per line as hex bytes separated by
 * spaces; lines starting with `#` are comments. Throws on a malformed line: a broken fixture
 * must fail its test loudly.
 */
export function readHexCapture(file: string): HexCapture {
  const comments: string[] = [];
  const records: Uint8Array[] = [];
  for (const [index, raw] of readFileSync(file, 'utf8').split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const bytes = line.split(/\s+/).map((pair) => {
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) throw new Error(`${file}:${index + 1}: "${pair}" is not a hex byte`);
      return Number.parseInt(pair, 16);
    });
    records.push(Uint8Array.from(bytes));
  }
  return { name: path.basename(file), comments, records };
}

/** Every `.hex` capture in a folder, by file name. */
export function readHexCaptures(dir: string): Map<string, HexCapture> {
  const captures = new Map<string, HexCapture>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.hex'))
    .sort()) {
    captures.set(name, readHexCapture(path.join(dir, name)));
  }
  return captures;
}
