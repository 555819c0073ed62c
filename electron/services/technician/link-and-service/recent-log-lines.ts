import { open } from 'node:fs/promises';
import { kioskLogFiles } from '../../fleet/log-bundle';

/** A log line as the technician's page shows it: only what the allow-list lets through. */
export interface ShownLogLine {
  /** ISO 8601. */
  at: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  /** The service that wrote it (`hub`, `fleet`, `devices`…). */
  component: string | undefined;
  message: string;
  /** Allowed fields, each a short code, a number or a boolean, as `key=value`. */
  details: string[];
}

/**
 * Fields that describe the kiosk, never a visitor: codes, states, counts. Anything else a line
 * carries (`applicationNumber`, `input`, `payload`, a booking code, an address…) is left out by
 * name, whatever its value, so a field added tomorrow is hidden until someone lists it here.
 */
const SHOWN_FIELDS: ReadonlySet<string> = new Set([
  'audit',
  'circuit',
  'code',
  'condition',
  'device',
  'deviceId',
  'failure',
  'kind',
  'outcome',
  'pending',
  'reason',
  'result',
  'state',
  'status',
  'with',
]);

const PINO_LEVELS: Record<number, ShownLogLine['level']> = {
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};

/** A value shown only when it is a code (`paper_out`, `half_open`), a number or a boolean: never free text. */
function shownValue(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e6) return String(value);
  if (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_.:-]{0,39}$/.test(value) && !/\d{4}/.test(value)) return value;
  return undefined;
}

/**
 * A message as shown: the code's own sentences have no digits beyond a short count, so any run of
 * four digits or more (an application number, a phone's last digits, a booking code) is masked.
 */
function shownMessage(message: unknown): string | undefined {
  if (typeof message !== 'string' || message.length === 0) return undefined;
  return message
    .slice(0, 160)
    .replace(/\d[\d\s\-–/]{2,}\d/g, (run) => (run.replace(/\D/g, '').length >= 4 ? '•••' : run))
    .replace(/[^\p{L}\p{N}\s.,:;()'"`«»\-–_/=%+•]/gu, '');
}

/** The line as the page may show it, or undefined (not a kiosk log line). */
export function shownLogLine(line: string): ShownLogLine | undefined {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const fields = record as Record<string, unknown>;
  const level = typeof fields.level === 'number' ? PINO_LEVELS[fields.level] : undefined;
  const message = shownMessage(fields.msg);
  if (typeof fields.time !== 'number' || !Number.isFinite(fields.time) || level === undefined || !message)
    return undefined;
  const details: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!SHOWN_FIELDS.has(key)) continue;
    const shown = shownValue(value);
    if (shown !== undefined) details.push(`${key}=${shown}`);
  }
  const component = shownValue(fields.component);
  return { at: new Date(fields.time).toISOString(), level, component, message, details };
}

/** How much of the newest log files is read for the tail (the page shows the last lines only). */
const TAIL_BYTES = 256 * 1024;

async function tail(file: string, bytes: number): Promise<string[]> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return [];
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    // The first line of a tail is cut in the middle: dropped.
    return start > 0 ? lines.slice(1) : lines;
  } finally {
    await handle.close();
  }
}

/** The last `count` lines of the kiosk's log (`<dataDir>/logs`), oldest first, as the page may show them. */
export async function recentLogLines(
  logsDir: string,
  count: number,
  minLevel: ShownLogLine['level'] = 'info',
): Promise<ShownLogLine[]> {
  const order = ['debug', 'info', 'warn', 'error'];
  const shown: ShownLogLine[] = [];
  for (const file of (await kioskLogFiles(logsDir)).reverse()) {
    const lines = await tail(file, TAIL_BYTES);
    for (let i = lines.length - 1; i >= 0 && shown.length < count; i -= 1) {
      const line = shownLogLine(lines[i] ?? '');
      if (line !== undefined && order.indexOf(line.level) >= order.indexOf(minLevel)) shown.push(line);
    }
    if (shown.length >= count) break;
  }
  return shown.reverse();
}
