import { Writable } from 'node:stream';
import { createLogger, type Logger } from './logging/logger';

/** A logger whose JSON lines are kept in memory, for tests that check what was (not) logged. */
export function memoryLogger(): { log: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const log = createLogger({ stream, level: 'debug' });
  const text = () => chunks.join('');
  return {
    log,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
