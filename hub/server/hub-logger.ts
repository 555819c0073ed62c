import type { FastifyBaseLogger } from 'fastify';
import pino, { type Logger as PinoLogger } from 'pino';

/**
 * The logger the hub accepts: pino's, or anything with pino's shape (the kiosk passes its own
 * when it embeds the hub). Narrow on purpose, so a pino child or a narrowed type both fit.
 */
export type HubLogger = Pick<PinoLogger, 'info' | 'warn' | 'error' | 'debug' | 'child'>;

/**
 * Keys never written by the hub's own logger, one or two levels deep. The hub does not log
 * them in the first place; this is the net under that rule.
 */
export const HUB_REDACTED_KEYS = [
  'authorization',
  'credential',
  'enrollmentCode',
  'applicationNumber',
  'secondFactor',
  'token',
  'payload',
] as const;

/** Options of `createHubLogger`. */
export interface HubLoggerOptions {
  level?: string;
  /** Where JSON lines go; stderr by default, leaving stdout to the CLI's one line. */
  stream?: NodeJS.WritableStream;
}

/** The hub's default logger: pino JSON lines on stderr, secrets and numbers redacted by key. */
export function createHubLogger(options: HubLoggerOptions = {}): PinoLogger {
  const redact = { paths: HUB_REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' };
  const base = { level: options.level ?? 'info', redact, base: { app: 'okno-hub' } };
  return pino(base, options.stream ?? pino.destination({ fd: 2, sync: true }));
}

/**
 * Fastify insists on `fatal` and `trace` too; a narrowed logger without them gets them mapped
 * to `error` and `debug`, children included.
 */
export function asFastifyLogger(logger: HubLogger): FastifyBaseLogger {
  const full = logger as Partial<FastifyBaseLogger>;
  if (typeof full.fatal === 'function' && typeof full.trace === 'function' && typeof full.level === 'string') {
    return logger as unknown as FastifyBaseLogger;
  }
  const adapted = {
    level: 'info',
    info: logger.info.bind(logger),
    warn: logger.warn.bind(logger),
    error: logger.error.bind(logger),
    debug: logger.debug.bind(logger),
    fatal: logger.error.bind(logger),
    trace: logger.debug.bind(logger),
    silent: () => undefined,
    child: (bindings: Record<string, unknown>) => asFastifyLogger(logger.child(bindings)),
  };
  return adapted as unknown as FastifyBaseLogger;
}
