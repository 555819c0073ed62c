import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FleetConfig } from '../../hub/fleet/fleet-config';
import { eventually } from '../support/eventually';
import { type KioskCoreUnderTest, startKioskCoreUnderTest } from '../support/kiosk-under-test';

/** A real HTTP receiver on 127.0.0.1 keeping the webhook's JSON bodies. */
async function webhookReceiver(): Promise<{ url: string; events: Array<Record<string, unknown>>; server: Server }> {
  const events: Array<Record<string, unknown>> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, events, server };
}

describe('fleet health end to end: the real kiosk core, its simulated printer on a PTY, the real hub', () => {
  let kiosk: KioskCoreUnderTest | undefined;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>> | undefined;
  afterEach(async () => {
    await kiosk?.close();
    if (kiosk) await rm(kiosk.dataDir, { recursive: true, force: true });
    await new Promise((resolve) => receiver?.server.close(resolve) ?? resolve(undefined));
  });

  it('paper near end → an open alert at the hub and a webhook; acknowledged; paper loaded → closed', async () => {
    receiver = await webhookReceiver();
    kiosk = await startKioskCoreUnderTest({
      hubConfig: { fleet: FleetConfig.parse({ webhook: { url: receiver.url, initialRetryMs: 100 } }) },
    });
    const { core, hub } = kiosk;
    const printer = core.simulators.printer;
    if (!printer) throw new Error('the default config has a simulated printer');
    const kioskId = core.info.kioskId;
    const openRules = () =>
      hub
        .fleet()
        .openAlerts(kioskId)
        .map((alert) => alert.rule);

    // The kiosk's first state reaches the hub (enrollment, then the outbox and the first heartbeat).
    await eventually(
      () => hub.fleet().health(kioskId)?.state !== undefined,
      'the first health state at the hub',
      20_000,
    );
    expect(openRules()).toEqual([]);

    printer.setState({ paperNearEnd: true });
    // The printer is polled every 5 s; the change goes through the outbox at once.
    await eventually(() => openRules().includes('paper_near_end'), 'the paper_near_end alert opened', 15_000);
    const [alert] = hub.fleet().openAlerts(kioskId);
    expect(hub.fleet().health(kioskId)?.state?.devices).toContainEqual(
      expect.objectContaining({ kind: 'printer', condition: 'paper_near_end' }),
    );

    expect(await hub.fleet().acknowledge(alert?.id ?? '', 'technician-1')).toEqual(
      expect.objectContaining({ outcome: 'acknowledged' }),
    );

    printer.setState({ paperNearEnd: false });
    await eventually(() => openRules().length === 0, 'the alert closed once paper was loaded', 15_000);

    await eventually(() => (receiver?.events.length ?? 0) >= 3, 'three webhook notifications', 10_000);
    expect(receiver.events.map((event) => event.event)).toEqual(['opened', 'acknowledged', 'closed']);
    expect(receiver.events.map((event) => (event.alert as { id: string }).id)).toEqual([
      alert?.id,
      alert?.id,
      alert?.id,
    ]);
    expect(receiver.events[1]?.alert).toEqual(expect.objectContaining({ acknowledgedBy: 'technician-1' }));
  });
});
