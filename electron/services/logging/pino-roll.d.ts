/** The part of pino-roll (v4, no types of its own) the kiosk's logger uses. */
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  interface PinoRollOptions {
    /** The files' base path; the number and the extension are appended (`okno.3.log`). */
    file: string;
    extension?: string;
    /** A new file once this size is reached: a number (MB) or `'500k'`, `'5m'`, `'4096b'`. */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    /** `count`: files kept besides the current one; `removeOtherLogFiles`: other runs' files too. */
    limit?: { count: number; removeOtherLogFiles?: boolean };
    sync?: boolean;
    mkdir?: boolean;
  }

  /** Opens the rolling stream (a SonicBoom). */
  export default function pinoRoll(options: PinoRollOptions): Promise<DestinationStream>;
}
