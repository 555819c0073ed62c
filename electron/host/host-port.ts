import { z } from 'zod';

/** A TCP port for the browser host on 127.0.0.1; 0 picks a free one. */
const PortText = z
  .string()
  .regex(/^\d{1,5}$/, 'a port number, 0–65535')
  .transform(Number)
  .pipe(z.number().int().min(0).max(65535));

/** `OKNO_PORT` is set to something that is not a port: the host refuses to start. */
export class HostPortError extends Error {
  override readonly name = 'HostPortError';
}

/**
 * The port `OKNO_PORT` sets (a technician's override of the config's `host.port`), or undefined
 * when unset. Read before anything starts, so a bad value stops the host with nothing to undo.
 */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.OKNO_PORT;
  if (text === undefined || text === '') return undefined;
  const parsed = PortText.safeParse(text.trim());
  if (!parsed.success) throw new HostPortError(`OKNO_PORT=${JSON.stringify(text)} is not a port number (0–65535)`);
  return parsed.data;
}
