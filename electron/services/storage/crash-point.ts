/** The environment variable that names the crash point to die at. */
export const CRASH_AT_ENV = 'OKNO_CRASH_AT';

/**
 * With `OKNO_CRASH_AT`, the hit of that point to die at (1 = the first, the default): a point
 * met several times in one process (`payment:last-transaction-answered` while a lost answer is
 * asked about) can be crashed at its Nth pass.
 */
export const CRASH_AT_HIT_ENV = 'OKNO_CRASH_AT_HIT';

/** How often each named point was passed in this process (only the named one is counted). */
const hits = new Map<string, number>();

/**
 * A test seam for crash tests: when the environment variable `OKNO_CRASH_AT` names this point
 * (e.g. `OKNO_CRASH_AT=ticket:after-journal`), the process SIGKILLs itself here, as a power cut
 * or a kill -9 would stop it: no `finally`, no exit handlers, nothing flushed that was not
 * already written. `OKNO_CRASH_AT_HIT=n` waits for the point's nth pass. Otherwise it does
 * nothing (one environment lookup). The variables are read at each call, so a test process may
 * set them between steps.
 *
 * Only tests set the variable (`test/integration/ticket-crash.test.ts`,
 * `test/integration/payment-crash.test.ts`); a kiosk never does. The points are placed between
 * the durable steps whose order a crash must not break, and are listed where they are used
 * (`TICKET_CRASH_POINTS`, `PAYMENT_CRASH_POINTS`).
 */
export function crashPoint(name: string): void {
  if (process.env[CRASH_AT_ENV] !== name) return;
  const hit = (hits.get(name) ?? 0) + 1;
  hits.set(name, hit);
  if (hit >= Number(process.env[CRASH_AT_HIT_ENV] ?? 1)) process.kill(process.pid, 'SIGKILL');
}

/** Forgets the passes counted so far (a test process that names a new point between steps). */
export function resetCrashPointHits(): void {
  hits.clear();
}
