import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger as PinoLogger } from 'pino';

/** The logger every service receives (pino's, narrowed to what we use). */
export type Logger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child' | 'flush'>;

/**
 * Keys whose values are never written, wherever they appear one or two levels deep: anything a
 * visitor typed or scanned, and secrets. Services should not log them at all; this is the net.
 */
export const REDACTED_KEYS = [
  'input',
  'text',
  'applicationNumber',
  'pin',
  'token',
  'payload',
  'scan',
  'credential',
  'enrollmentCode',
  'authorization',
] as const;

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** Folder for `logs/okno.log`; without it, logs go to the given stream or stderr. */
  dataDir?: string;
  level?: string;
  /** A destination to write JSON lines to instead of a file (tests). */
  stream?: NodeJS.WritableStream;
}

/**
 * Creates the kiosk's logger: JSON lines, personal data redacted by key.
 *
 * The kiosk's screen is not a console: logs go to a file under the data folder, where the
 * technician's log viewer (later) and the hub's health reports read them.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const redact = {
    paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
    censor: '[redacted]',
  };
  const base = { level: options.level ?? 'info', redact, base: { app: 'okno' } };
  if (options.stream) {
    return pino(base, options.stream);
  }
  if (options.dataDir) {
    const dir = path.join(options.dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    return pino(base, pino.destination({ dest: path.join(dir, 'okno.log'), sync: true }));
  }
  return pino(base, pino.destination({ fd: 2, sync: true }));
}
