/**
 * A ticket as the visitor takes it: from the tap on «Да, взять талон» in real Chromium to the
 * ticket's last byte (the cut) arriving at the simulated printer over a real PTY at 115200 baud,
 * through the browser host, the ticket service, the hub (demo, SQLite, HTTP on 127.0.0.1: the
 * number, people ahead and the wait come from it) and the ESC/POS driver.
 *
 * Printed beside it: the ticket's byte count and its wire time (bytes × 10 / baud). A PTY does
 * not pace bytes at the baud rate, so the measured latency is the software path only: it is the
 * overhead a real serial line adds to the wire time, the figure to keep small.
 */
import path from 'node:path';
import { startBenchKioskInChromium } from './bench-kiosk';
import { percentile, writeResults } from './bench-support';
import { tapAndTime } from './page-tap';

const RUNS = Number(process.env.OKNO_BENCH_RUNS ?? 60);
const WARMUP = 3;
const BAUD = 115200;

const kiosk = await startBenchKioskInChromium({
  prefix: 'okno-bench-tap-',
  adjust: (config) => {
    config.devices.printer.connection.baudRate = BAUD;
    config.devices.scanner = null;
    config.session = { idleResetSeconds: 600, idleWarningSeconds: 15 };
  },
});
const { page } = kiosk;
const printer = kiosk.core.simulators.printer;
if (!printer) throw new Error('the bench needs the simulated printer');

/** Taps «Да, взять талон»; answers the tap's time in the page. */
function tapConfirm(): Promise<number> {
  return tapAndTime(page, 'ticket-confirm');
}

const latencies: number[] = [];
const ticketBytes: number[] = [];
try {
  for (let i = 0; i < RUNS + WARMUP; i++) {
    await page.getByTestId('home-ticket').click();
    await page.getByTestId('category-passports').click();
    await page.getByTestId('service-passport-rf').click();
    await page.getByTestId('screen-confirm').waitFor();
    const bytesBefore = printer.bytesReceived;
    const paper = printer.waitForTicket(10_000);
    const tappedAt = await tapConfirm();
    await paper;
    // The cut arrived in the chunk that finished the ticket: its arrival is the ticket's last byte.
    const lastByteAt = printer.lastByteAt;
    await page.getByTestId('screen-ticket-issued').waitFor();
    if (i >= WARMUP) {
      latencies.push(lastByteAt - tappedAt);
      ticketBytes.push(printer.bytesReceived - bytesBefore);
    }
    await page.getByTestId('ticket-done').click();
    await page.getByTestId('screen-home').waitFor();
  }
} finally {
  await kiosk.close();
}

const bytes = Math.round(percentile(ticketBytes, 50));
const wireMs = (bytes * 10 * 1000) / BAUD;
const p50 = percentile(latencies, 50);
const p95 = percentile(latencies, 95);
const round = (n: number) => Number(n.toFixed(1));
const results = {
  runs: latencies.length,
  warmup: WARMUP,
  baudRate: BAUD,
  ticketBytes: bytes,
  wireTimeMs: round(wireMs),
  tapToLastByteMs: {
    p50: round(p50),
    p95: round(p95),
    min: round(Math.min(...latencies)),
    max: round(Math.max(...latencies)),
  },
  expectedOnRealLineMs: { p50: round(p50 + wireMs), p95: round(p95 + wireMs) },
  note: 'tap on «Да, взять талон» (page clock) → the ticket’s cut arriving at the printer simulator (Node clock; both epoch-based). A PTY does not pace bytes at the baud rate, so tapToLastByte is the overhead beyond wire time; a real 115200-baud line adds wireTimeMs. Bytes counted as received by the printer during the job (ticket plus the driver’s status queries).',
};
const file = writeResults('ticket-tap', results);
console.log(
  `ticket from the tap: ${bytes} bytes, wire time ${wireMs.toFixed(1)} ms at ${BAUD} baud; tap→last byte p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${latencies.length} tickets (overhead beyond wire time) → ${path.relative(process.cwd(), file)}`,
);
