import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HubServices, startHubServices } from '../../electron/services/hub/hub-services';
import { memoryLogger } from '../../electron/services/test-support';
import { HubConfig } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { type HubUnderTest, startHubUnderTest } from '../support/kiosk-under-test';

/**
 * The kiosk's hub services (link, breaker, outbox lanes, delivery) against the real hub, which
 * goes away long enough for the breaker to open and comes back: the offline ticket must reach the
 * hub first, and within about a second of the hub answering, not when the breaker's 20 s are up.
 */
describe('outbox delivery when the hub link returns', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('delivers offline tickets first, starting within 2 s of the hub answering again', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-link-return-'));
    const machineIdPath = path.join(dataDir, 'machine-id');
    await writeFile(machineIdPath, `${'5'.repeat(32)}\n`);
    const logger = memoryLogger();
    const hub: HubUnderTest = await startHubUnderTest(dataDir, logger.log);
    cleanups.push(() => hub.stop());
    const kioskId = 'kiosk-link-return';
    const services: HubServices = await startHubServices({
      config: HubConfig.parse({
        kind: 'remote',
        url: hub.url,
        requestTimeoutMs: 1000,
        circuitFailureThreshold: 3,
        circuitOpenSeconds: 20,
      }),
      override: { url: hub.url, provisioningToken: hub.provisioningToken },
      kioskId,
      dataDir,
      log: logger.log,
      machineIdPath,
      hostKeyPath: path.join(dataDir, 'host.key'),
    });
    cleanups.push(() => services.close());
    expect(services.link.enrolled).toBe(true);

    await hub.stop();
    // Hours of lookups pile up before the offline ticket: more than one batch.
    for (let i = 0; i < 150; i += 1) await services.outbox.enqueue('status.lookup', { outcome: 'not_found' });
    const ticketId = randomUUID();
    await services.outbox.enqueue('ticket.offline', {
      ticketId,
      number: 'Б-К1-01',
      serviceId: 'passport-rf',
      issuedAt: new Date().toISOString(),
      followToken: `o_${'A'.repeat(22)}`,
      kioskSeq: 1,
    });
    // The delivery's failures open the breaker: calls are refused for 20 s from then on.
    await eventually(() => services.link.breaker.state === 'open', 'the breaker opening', 10_000);

    await hub.start();
    const hubBack = Date.now();
    await eventually(
      async () => (await hub.outbox(kioskId)).some((item) => item.kind === 'ticket.offline'),
      'the offline ticket reaching the hub',
      10_000,
      20,
    );
    const delivered = Date.now() - hubBack;
    logger.log.info({ deliveredMs: delivered }, 'offline ticket delivered after the hub came back');
    // Well under the breaker's 20 s: the probe noticed the hub (about every second).
    expect(delivered).toBeLessThan(3000);
    const stored = await hub.outbox(kioskId);
    expect(stored[0]?.kind).toBe('ticket.offline');
    await eventually(() => services.outbox.pendingCount === 0, 'the rest delivered', 10_000);
    expect((await hub.outbox(kioskId)).filter((item) => item.kind === 'status.lookup')).toHaveLength(150);
    expect(services.link.breaker.state).toBe('closed');
  });
});
