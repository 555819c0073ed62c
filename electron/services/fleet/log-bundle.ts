import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_ATTACHMENT_BYTES } from '../../../kiosk-config/src/hub/remote-commands';
import { REDACTED_KEYS } from '../logging/logger';
import { parseJson } from '../parse-json';

/** A bundle of log lines ready to upload. */
export interface LogBundle {
  /** gzip of the JSON lines, oldest first. */
  gzip: Buffer;
  /** Lines in the bundle. */
  lines: number;
  /** Lines of the period left out, the oldest, to keep the bundle under the cap. */
  leftOut: number;
}

/** Options of `bundleLogs`. */
export interface BundleLogsOptions {
  /** `<dataDir>/logs`. */
  logsDir: string;
  /** Lines logged at or after this moment are taken. */
  since: Date;
  /** The largest gzip (bytes); the attachment cap by default. */
  maxBytes?: number;
}

/** The kiosk's own rotated log files (`okno.N.log`), oldest first. */
export async function kioskLogFiles(logsDir: string): Promise<string[]> {
  const names = await readdir(logsDir).catch(() => [] as string[]);
  return names
    .map((name) => ({ name, n: /^okno\.(\d+)\.log$/.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; n: string } => entry.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n))
    .map((entry) => path.join(logsDir, entry.name));
}

const REDACTED = new Set<string>(REDACTED_KEYS);

/**
 * The redaction the logger applies, applied again (a line written by an older version, or by a
 * path that bypassed the logger, must not carry a visitor's input out of the kiosk either).
 */
function scrub(value: unknown, depth: number): unknown {
  if (depth > 3 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = REDACTED.has(key) ? '[redacted]' : scrub(inner, depth + 1);
  }
  return out;
}

/**
 * The kiosk's log lines since `since`, gzip-compressed, within `maxBytes`: the newest lines are
 * kept when the period does not fit. Only whole JSON lines with a `time` are taken (a line torn
 * by a crash is left out); each is redacted again by the logger's keys. What the logger writes
 * holds no personal data by design (docs/security.md): codes, ids, counts, masked numbers.
 */
export async function bundleLogs(options: BundleLogsOptions): Promise<LogBundle> {
  const since = options.since.getTime();
  const maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES;
  const lines: string[] = [];
  for (const file of await kioskLogFiles(options.logsDir)) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const record = parseJson(line);
      if (typeof record !== 'object' || record === null || !('time' in record)) continue;
      const time = (record as { time: unknown }).time;
      if (typeof time !== 'number' || time < since) continue;
      lines.push(JSON.stringify(scrub(record, 0)));
    }
  }
  let kept = lines;
  let gzip = gzipSync(`${kept.join('\n')}\n`);
  // Drop the oldest lines in proportion to the excess (with a margin) until it fits: a round or two.
  while (gzip.length > maxBytes && kept.length > 0) {
    const keep = Math.floor(kept.length * (maxBytes / gzip.length) * 0.9);
    kept = kept.slice(kept.length - keep);
    gzip = gzipSync(`${kept.join('\n')}\n`);
  }
  return { gzip, lines: kept.length, leftOut: lines.length - kept.length };
}
