/**
 * A kiosk process for the ticket crash test (`ticket-crash.test.ts`), bundled by the test with
 * esbuild and run with node: the real core (composition root, simulated printer on a PTY, hub
 * services, ticket service and its recovery) against the real hub.
 *
 * `issue <config> <hubUrl> <token> <serviceId>`: starts the core, fetches the hub's setup (the
 * cached one stays when the hub is away), issues one ticket and prints `result <json>`. With
 * `OKNO_CRASH_AT=<point>` it SIGKILLs itself at that point instead (`storage/crash-point.ts`).
 * `drain <config> <hubUrl> <token>`: starts the core (its recovery runs), waits until the outbox
 * is delivered, prints `drained`.
 *
 * In both modes every ticket the simulated printer cuts is printed as `paper <number>` at once
 * (a pipe's writes are synchronous on Linux, so the line is out before a kill that follows), and
 * the folder of the printer's PTY pair as `pty <dir>`.
 */
import path from 'node:path';
import { startKioskCore } from '../../electron/services/composition-root';

const [mode, configPath, url, provisioningToken, serviceId] = process.argv.slice(2);
if (!mode || !configPath || !url || !provisioningToken) {
  process.stderr.write('usage: ticket-crash-child issue|drain <config> <hubUrl> <token> [serviceId]\n');
  process.exit(2);
}

const core = await startKioskCore({ host: 'browser-host', configPath, hub: { url, provisioningToken } });
// The simulated printer's PTY pair: socat outlives a SIGKILLed process, and the test stops it.
const printerAddress = core.devices.statuses().find((d) => d.kind === 'printer')?.address;
if (printerAddress) process.stdout.write(`pty ${path.dirname(printerAddress)}\n`);
core.simulators.printer?.onTicket((ticket) => {
  // The number is the one line printed at 4×.
  const number = ticket.items.find((item) => item.type === 'text' && item.width === 4);
  process.stdout.write(`paper ${number?.type === 'text' ? number.text.trim() : '?'}\n`);
});

if (mode === 'issue') {
  await core.tickets.setup.refresh();
  const result = await core.dispatch('tickets.issue', { serviceId: serviceId ?? 'passport-rf' });
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
} else {
  core.hub.delivery.linkRestored();
  await core.hub.delivery.drained();
  process.stdout.write('drained\n');
}
await core.close();
process.exit(0);
