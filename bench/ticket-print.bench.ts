/**
 * Ticket path latency: from the `tickets.issue` call entering the core to the ticket's cut
 * arriving at the simulated printer over a real PTY at 115200 baud, compared with the ticket's
 * wire time (bytes × 10 / baud). The overhead beyond wire time is the figure to keep small.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeReceipt } from '../drivers/escpos/escpos-encoder';
import { loadPrinterProfile } from '../drivers/printer/load-printer-profile';
import { defaultConfigPath, printerProfilesDir } from '../electron/services/app-root';
import { startKioskCore } from '../electron/services/composition-root';
import { ticketReceipt } from '../electron/services/tickets/ticket-receipt';
import { percentile, writeResults } from './bench-support';

const RUNS = Number(process.env.OKNO_BENCH_RUNS ?? 200);
const BAUD = 115200;

const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-bench-'));
const config = JSON.parse(await readFile(defaultConfigPath(), 'utf8'));
config.dataDir = dataDir;
config.catalogue = path.join(path.dirname(defaultConfigPath()), config.catalogue);
config.devices.printer.connection.baudRate = BAUD;
config.devices.scanner = null;
const configPath = path.join(dataDir, 'kiosk.json');
await writeFile(configPath, JSON.stringify(config));

const core = await startKioskCore({ host: 'browser-host', configPath });
const simulator = core.simulators.printer;
if (!simulator) throw new Error('the bench needs the simulated printer');

const profile = await loadPrinterProfile(config.devices.printer.profile, { dir: printerProfilesDir() });
const sample = encodeReceipt(
  ticketReceipt({
    officeName: core.info.office.name,
    number: 'Б-001',
    serviceName: 'Замена паспорта гражданина РФ',
    issuedAt: '23.11.2026 10:45',
  }),
  profile,
);
if (!sample.ok) throw new Error('the sample ticket does not encode');
const ticketBytes = sample.bytes.length;
const wireMs = (ticketBytes * 10 * 1000) / BAUD;

const latencies: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const printed = simulator.waitForTicket(10_000);
  const started = performance.now();
  const result = await core.dispatch('tickets.issue', { serviceId: 'passport-rf' });
  await printed;
  latencies.push(performance.now() - started);
  if (!result.ok) throw new Error(`run ${i}: ${result.error.code}`);
}
await core.close();

const p50 = percentile(latencies, 50);
const p95 = percentile(latencies, 95);
const results = {
  runs: RUNS,
  baudRate: BAUD,
  ticketBytes,
  wireTimeMs: Number(wireMs.toFixed(2)),
  latencyMs: { p50: Number(p50.toFixed(2)), p95: Number(p95.toFixed(2)) },
  overheadBeyondWireMs: { p50: Number((p50 - wireMs).toFixed(2)), p95: Number((p95 - wireMs).toFixed(2)) },
  note: 'PTYs do not pace bytes at the baud rate: the latency here is the software path (status query, durable counter and journal, encoding, writes, simulator decode); on a real serial line add the wire time.',
};
const file = writeResults('ticket-print', results);
console.log(
  `ticket: ${ticketBytes} bytes, wire time ${wireMs.toFixed(1)} ms at ${BAUD} baud; tap→cut p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${RUNS} runs → ${path.relative(process.cwd(), file)}`,
);
