/**
 * The logger the shell's modules receive: the three levels they use, pino-compatible.
 *
 * A narrow interface (not pino's type) keeps the shell's helpers testable with a recording fake.
 * Objects carry the facts; messages are fixed sentences. Neither ever carries a visitor's data.
 */
export interface ShellLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
