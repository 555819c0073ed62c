/**
 * A kiosk process for the outbox crash test (`outbox-crash.test.ts`), bundled by the test with
 * esbuild and run with node, then killed with SIGKILL at random moments.
 *
 * `produce`: starts the kiosk's real hub services (enrollment, outbox, delivery) and enqueues
 * `device.changed` items (the hub stores only known kinds; the run and sequence go in the
 * device's `address`, a free text) as fast as it can while delivery runs, printing `<run> <seq>` once each
 * item's enqueue has returned (it is durable from then on). `drain`: starts the same services,
 * waits until the outbox is empty, prints `drained` and exits.
 */
import { startHubServices } from '../../electron/services/hub/hub-services';
import { openLogger } from '../../electron/services/logging/logger';

const [mode, dataDir, url, provisioningToken, run] = process.argv.slice(2);
if (!mode || !dataDir || !url || !provisioningToken || !run) {
  process.stderr.write('usage: outbox-crash-child produce|drain <dataDir> <hubUrl> <token> <run>\n');
  process.exit(2);
}

const hub = await startHubServices({
  config: {
    kind: 'remote',
    url,
    provisioningToken,
    requestTimeoutMs: 2000,
    circuitFailureThreshold: 3,
    circuitOpenSeconds: 1,
  },
  override: undefined,
  kioskId: 'crash-test-kiosk',
  dataDir,
  log: await openLogger({ dataDir }),
});

if (mode === 'produce') {
  for (let seq = 0; ; seq += 1) {
    const address = `crash-test ${run} ${seq}`;
    const printer = { id: 'printer', kind: 'printer', connected: true, simulated: true, problems: [], address };
    await hub.outbox.enqueue('device.changed', { devices: [printer] });
    process.stdout.write(`${run} ${seq}\n`);
  }
} else {
  await hub.delivery.drained();
  process.stdout.write('drained\n');
  await hub.close();
  process.exit(0);
}
