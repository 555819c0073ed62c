import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import pinoRoll from 'pino-roll';

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
  'phone',
] as const;

/**
 * The kiosk's log files: `logs/okno.N.log`, a new file once one reaches 5 MB, the 5 newest kept
 * (25 MB at most, weeks of a busy office's lines; see docs/security.md, "Retention").
 */
export const LOG_ROTATION = { maxBytes: 5 * 1024 * 1024, files: 5 } as const;

/** Options of `createLogger`. */
export interface LoggerOptions {
  level?: string;
  /** A destination to write JSON lines to (tests); stderr without it. */
  stream?: NodeJS.WritableStream;
}

/** Options of `openLogger`. */
export interface FileLoggerOptions {
  /** Folder for `logs/<name>.N.log`; without it, logs go to stderr. */
  dataDir?: string;
  level?: string;
  /** The files' base name: `okno` (the kiosk); another process writing beside it takes its own. */
  name?: string;
  /** Rotation: the size that starts a new file and how many files are kept (`LOG_ROTATION`). */
  rotation?: { maxBytes: number; files: number };
}

/**
 * Creates a logger writing JSON lines, personal data redacted by key, to a stream or stderr.
 * The kiosk's file logger is `openLogger`.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(pinoOptions(options.level), options.stream ?? pino.destination({ fd: 2, sync: true }));
}

/**
 * Opens the kiosk's logger: JSON lines, personal data redacted by key, in size-rotated files
 * under the data folder (stderr without one).
 *
 * The kiosk's screen is not a console: logs go to files where the technician's log viewer and
 * the hub's health reports read them. Writes are synchronous (a line is in the file before the
 * call returns, so a crash loses none and nothing needs flushing at exit), through pino-roll's
 * stream used directly, not as a worker transport (which the esbuild bundle could not load by
 * name). One stream per file per process: the shell, the core and the embedded hub share it, so
 * one writer counts the file's size.
 */
export async function openLogger(options: FileLoggerOptions = {}): Promise<Logger> {
  if (options.dataDir === undefined) return createLogger(options.level ? { level: options.level } : {});
  const dir = path.join(options.dataDir, 'logs');
  const name = options.name ?? 'okno';
  const stream = await rolledStream(dir, name, options.rotation ?? LOG_ROTATION);
  const logger: Logger = pino(pinoOptions(options.level), stream);
  return logger;
}

const openStreams = new Map<string, Promise<DestinationStream>>();

function rolledStream(dir: string, name: string, rotation: { maxBytes: number; files: number }) {
  const base = path.join(dir, name);
  let stream = openStreams.get(base);
  if (stream === undefined) {
    mkdirSync(dir, { recursive: true });
    // A log from before rotation (`okno.log`, never cut) becomes the oldest numbered file, so the
    // first rotation removes it with the rest.
    const legacy = `${base}.log`;
    if (existsSync(legacy)) renameSync(legacy, `${base}.0.log`);
    stream = pinoRoll({
      file: base,
      extension: '.log',
      size: `${rotation.maxBytes}b`,
      // `count` is in addition to the file being written; other runs' files count too.
      limit: { count: Math.max(1, rotation.files - 1), removeOtherLogFiles: true },
      sync: true,
      mkdir: true,
    });
    openStreams.set(base, stream);
    stream.catch(() => openStreams.delete(base));
  }
  return stream;
}

function pinoOptions(level: string | undefined) {
  const redact = {
    paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
    censor: '[redacted]',
  };
  return { level: level ?? 'info', redact, base: { app: 'okno' } };
}
