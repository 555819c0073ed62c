/**
 * The soak's world outside the kiosk, in a process of its own so that the kiosk's process holds
 * only what a kiosk holds (core, browser host): the hub (demo data, SQLite, HTTP on 127.0.0.1,
 * limits raised, a booking for every check-in the soak will make) and the simulated devices on
 * PTYs (receipt printer, serial scanner, ZVT card terminal), which keep every ticket and
 * transaction they see as test simulators do. The kiosk opens them as real serial devices.
 *
 * Talks over the Node IPC channel: sends `SoakWorldReady` once up, then takes `SoakWorldCommand`s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { loadPrinterProfile } from '../drivers/printer/load-printer-profile';
import { startSimulatedPrinter } from '../drivers/sim/escpos-printer-simulator';
import { startSimulatedScanner } from '../drivers/sim/serial-scanner-simulator';
import { startSimulatedZvtTerminal } from '../drivers/sim/zvt-terminal-simulator';
import type { HubConfig } from '../hub/server/hub-config';
import { createHubLogger } from '../hub/server/hub-logger';
import { launchHub } from '../hub/server/start-hub';
import { bookingCodeFromBody } from '../kiosk-config/src/index';
import { BENCH_TOKEN, UNLIMITED_RATE } from './bench-hub-support';

/** The demo office the kiosk enrolls in (hub/db/demo-seed.ts). */
const OFFICE_ID = 'mfc-demo-01';
/** Services of three queues (А, Б, В), so check-ins spread over the day's numbers. */
const BOOKED_SERVICES = ['property-extract', 'passport-foreign', 'pension-consult'] as const;
/** The card terminal's pace: every prompt is shown, a payment takes well under a second. */
const TERMINAL_STEP_MS = 30;
/**
 * A queue has 999 numbers a day (hub/db/ticket-numbers.ts); a soak issues more. Past this many,
 * the office's day is closed (see `closeFullDays`).
 */
const DAY_CLOSES_AT = 900;

/** The hub's settings for the soak: no rate limit in the way, and a check-in window of hours. */
const SOAK_HUB_CONFIG: Partial<HubConfig> = {
  lookupLimitPerKiosk: UNLIMITED_RATE,
  lookupLimitPerNumber: UNLIMITED_RATE,
  ticketLimitsPerKiosk: [UNLIMITED_RATE],
  ticketLimitsPerOffice: [UNLIMITED_RATE],
  checkInLimitsPerKiosk: [UNLIMITED_RATE],
  checkInLimitsPerOffice: [UNLIMITED_RATE],
  chargeLookupLimitsPerKiosk: [UNLIMITED_RATE],
  chargeLookupLimitsPerOffice: [UNLIMITED_RATE],
  outboxBacklogPerKiosk: { maxItems: 1_000_000, maxBytes: 1024 * 1024 * 1024, windowSeconds: 3600 },
  // Bookings are made once, at start: their slot is 4 h away and they can be used from now on.
  booking: { earlyMinutes: 240, lateMinutes: 240 },
  shutdownGraceMs: 0,
};
const SLOT_AHEAD_MINUTES = 235;

/** The booking code of the soak's n-th check-in (the same on both sides). */
export function soakBookingCode(n: number): string {
  return bookingCodeFromBody(String(2_000_000 + n));
}

/** What the world prints once everything listens. */
export const SoakWorldReady = z.object({
  hubUrl: z.url(),
  printerPath: z.string().min(1),
  scannerPath: z.string().min(1),
  terminalPath: z.string().min(1),
});
export type SoakWorldReady = z.infer<typeof SoakWorldReady>;

/** What the kiosk's side asks of the world. */
export const SoakWorldCommand = z.discriminatedUnion('kind', [
  /** Hold a code to the scanner (it sends it with its CR suffix). */
  z.object({ kind: z.literal('scan'), text: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('stop') }),
]);
export type SoakWorldCommand = z.infer<typeof SoakWorldCommand>;

/**
 * Serves the world: `bookings` check-ins' worth of bookings, the hub on `dbPath`. Runs until
 * told to stop.
 */
export async function serveSoakWorld(dbPath: string, bookings: number): Promise<void> {
  const hub = await launchHub({
    dbPath,
    host: '127.0.0.1',
    seedDemo: true,
    provisioningTokens: [BENCH_TOKEN],
    // Demo only: the kiosk's request is approved at once (no admin step).
    autoApproveNewKiosks: true,
    config: SOAK_HUB_CONFIG,
    logger: createHubLogger({ level: 'warn' }),
  });
  const slotStart = new Date(Date.now() + SLOT_AHEAD_MINUTES * 60_000).toISOString();
  for (let n = 0; n < bookings; n++) {
    await hub.repository.upsertBooking({
      code: soakBookingCode(n),
      officeId: OFFICE_ID,
      serviceId: BOOKED_SERVICES[n % BOOKED_SERVICES.length] ?? 'passport-foreign',
      slotStart,
      state: 'booked',
    });
  }
  const printer = await startSimulatedPrinter({ profile: await loadPrinterProfile('generic-80mm'), baudRate: 115200 });
  const scanner = await startSimulatedScanner({ suffix: 'CR' });
  const terminal = await startSimulatedZvtTerminal({ stepDelayMs: TERMINAL_STEP_MS, timeZone: 'Europe/Moscow' });
  if (terminal.connection !== 'serial') throw new Error('the soak runs the card terminal on a serial line');

  const days = new Database(dbPath);
  days.pragma('busy_timeout = 5000');
  let closedDays = 0;
  const dayCloser = setInterval(() => {
    closedDays += closeFullDays(days, closedDays);
  }, 1000);

  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('the soak world must be started with an IPC channel');
  const ready: SoakWorldReady = {
    hubUrl: hub.url,
    printerPath: printer.devicePath,
    scannerPath: scanner.devicePath,
    terminalPath: terminal.devicePath,
  };
  send(ready);
  await new Promise<void>((resolve) => {
    process.on('message', (message) => {
      const command = SoakWorldCommand.parse(message);
      if (command.kind === 'stop') resolve();
      else void scanner.simulator.scan(command.text, { suffix: 'CR' });
    });
  });
  clearInterval(dayCloser);
  days.close();
  await terminal.close();
  await scanner.close();
  await printer.close();
  await hub.close();
  process.stderr.write(`soak world: ${closedDays} office day(s) closed to free ticket numbers\n`);
  process.disconnect();
}

/**
 * Ends the office's day where a queue is near its 999 numbers, as the night would: the day's
 * tickets and counters move to a date of the past (1990 onwards, one per closing), so numbering
 * starts again at 001 and nothing about a ticket is lost. Returns how many days it closed.
 */
function closeFullDays(db: Database.Database, closedBefore: number): number {
  const full = db
    .prepare<[number], { day: string }>(
      "SELECT DISTINCT day FROM ticket_counters WHERE last >= ? AND day >= '2000-01-01'",
    )
    .all(DAY_CLOSES_AT);
  let closed = 0;
  for (const { day } of full) {
    const past = new Date(Date.UTC(1990, 0, 1 + closedBefore + closed)).toISOString().slice(0, 10);
    db.transaction(() => {
      db.prepare('UPDATE tickets SET day = ? WHERE day = ?').run(past, day);
      db.prepare('UPDATE ticket_counters SET day = ? WHERE day = ?').run(past, day);
    })();
    closed += 1;
  }
  return closed;
}

/** The world as the kiosk's side sees it: where things are, how to scan, how to stop it. */
export interface SoakWorld extends SoakWorldReady {
  pid: number;
  scan(text: string): void;
  stop(): Promise<void>;
}

/** Starts `script` (the soak's bundle) as the world's process (`OKNO_SOAK_ROLE=world`). */
export async function spawnSoakWorld(script: string, dbPath: string, bookings: number): Promise<SoakWorld> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, OKNO_SOAK_ROLE: 'world', OKNO_SOAK_DB: dbPath, OKNO_SOAK_BOOKINGS: String(bookings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { pid } = child;
  if (pid === undefined) throw new Error('the soak world did not start');
  const ready = await new Promise<SoakWorldReady>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the soak world exited (${code}) before it was ready`)));
    child.once('message', (message) => resolve(SoakWorldReady.parse(message)));
  });
  const send = (command: SoakWorldCommand) => child.send(command);
  return {
    ...ready,
    pid,
    scan: (text) => send({ kind: 'scan', text }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      send({ kind: 'stop' });
      await exited;
    },
  };
}
