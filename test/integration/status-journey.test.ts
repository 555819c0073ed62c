import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedKioskCore } from '../../electron/services/composition-root';
import type { CallOutput, Result } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { type KioskCoreUnderTest, startKioskCoreUnderTest } from '../support/kiosk-under-test';

const NUMBER = 'КУВД-001/2021-3670443';
const REQUEST_TIMEOUT_MS = 1500;

function lookup(core: StartedKioskCore, applicationNumber: string) {
  return core.dispatch('status.lookup', { applicationNumber }) as Promise<Result<CallOutput<'status.lookup'>>>;
}

/**
 * The status journey through the kiosk's core and the real hub on SQLite: lookup, slip on the
 * simulated printer, the hub going away mid-journey (offline answer within the timeout, the
 * circuit answering at once, the outbox keeping what happened) and coming back.
 */
describe('status journey: kiosk core ↔ real hub', () => {
  let kiosk: KioskCoreUnderTest;

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest({
      session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
      hub: { requestTimeoutMs: REQUEST_TIMEOUT_MS, circuitFailureThreshold: 3, circuitOpenSeconds: 1 },
    });
    // The hub's setup (offline block) is in hand before the hub goes away mid-journey.
    await kiosk.core.tickets.setup.refresh();
  });

  afterAll(async () => {
    await kiosk?.close();
  });

  const kioskId = () => kiosk.core.info.kioskId;

  it('enrolls at start with the provisioning token, its credential encrypted on disk', async () => {
    expect(kiosk.core.hub.link.enrolled).toBe(true);
  });

  it('finds a demo application by a sloppily typed number and prints the slip with the masked number', async () => {
    const result = await lookup(kiosk.core, ' кувд-001/2021-3670443 ');
    expect(result).toMatchObject({
      ok: true,
      value: {
        outcome: 'found',
        maskedNumber: 'КУВД-***-***0443',
        application: { status: 'ready_for_pickup', window: '3', office: { id: 'mfc-demo-01' } },
      },
    });
    const printer = kiosk.core.simulators.printer;
    if (!printer) throw new Error('the default config should run a simulated printer');
    const paper = printer.waitForTicket(10_000);
    expect(await kiosk.core.dispatch('status.printSlip', {})).toEqual({
      ok: true,
      value: { printed: true, printedLanguage: 'ru' },
    });
    const text = (await paper).lines.join('\n');
    expect(text).toContain('Заявление КУВД-***-***0443');
    expect(text).toContain('Документы готовы');
    expect(text).toMatch(/Подойдите в окно 3 с паспортом до \d{2}\.\d{2}\.\d{4}\./);
    expect(text).not.toContain('3670443');
  });

  it('answers invalid_application_number without the hub', async () => {
    expect(await lookup(kiosk.core, 'ПРИВЕТ!')).toMatchObject({
      ok: false,
      error: { code: 'invalid_application_number' },
    });
  });

  it('tells the hub what happened through the outbox, with the number masked', async () => {
    await eventually(async () => {
      const kinds = (await kiosk.hub.outbox(kioskId())).map((i) => i.kind);
      return kinds.includes('device.changed') && kinds.filter((k) => k === 'status.lookup').length >= 2;
    }, 'outbox delivery');
    const items = await kiosk.hub.outbox(kioskId());
    expect(items.filter((i) => i.kind === 'status.lookup').map((i) => i.payload)).toEqual([
      { maskedNumber: 'КУВД-***-***0443', outcome: 'found' },
      { outcome: 'invalid_application_number' },
    ]);
    expect(JSON.stringify(items)).not.toContain('3670443');
  });

  it('gives the offline answer when the hub stops mid-journey; the slip still prints from the session', async () => {
    await kiosk.hub.stop();
    const started = Date.now();
    expect(await lookup(kiosk.core, NUMBER)).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
    expect(Date.now() - started).toBeLessThan(REQUEST_TIMEOUT_MS + 500);

    // A dead link opens the circuit: the next visitor is answered at once.
    await lookup(kiosk.core, NUMBER);
    expect(kiosk.core.hub.link.breaker.state).toBe('open');
    const quick = Date.now();
    expect(await lookup(kiosk.core, NUMBER)).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
    expect(Date.now() - quick).toBeLessThan(100);

    // «Распечатать» needs no hub: the found application is in the session's memory.
    expect((await kiosk.core.dispatch('status.printSlip', {})).ok).toBe(true);
  });

  it('keeps what happened offline and delivers it, once each, in order, when the hub is back', async () => {
    // The hub is away: the ticket comes from the kiosk's offline block.
    const issued = await kiosk.core.dispatch('tickets.issue', { serviceId: 'passport-rf' });
    expect(issued).toMatchObject({ ok: true, value: { offline: true, peopleAhead: null } });
    expect(kiosk.core.hub.outbox.pendingCount).toBeGreaterThanOrEqual(4);

    await kiosk.hub.start();
    // After the circuit's open time one probe goes; success closes it and wakes the outbox.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await lookup(kiosk.core, NUMBER)).ok).toBe(true);
    await eventually(async () => kiosk.core.hub.outbox.pendingCount === 0, 'outbox drained', 10_000);

    const items = await kiosk.hub.outbox(kioskId());
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    const lookups = items.filter((i) => i.kind === 'status.lookup').map((i) => i.payload.outcome);
    expect(lookups).toEqual([
      'found',
      'invalid_application_number',
      'hub_unreachable',
      'hub_unreachable',
      'hub_unreachable',
      'found',
    ]);
    const ticket = items.find((i) => i.kind === 'ticket.offline');
    expect(ticket?.payload).toMatchObject({
      number: expect.stringMatching(/^Б-К\d{1,2}-\d{2}$/),
      serviceId: 'passport-rf',
    });
    expect(items.find((i) => i.kind === 'ticket.print_outcome')?.payload).toEqual({
      ticketId: ticket?.payload.ticketId,
      printed: 'yes',
    });
    // The hub stored them in the kiosk's order, except that offline tickets travel in the outbox's
    // first lane: they reach the hub before what was queued before them while the link was down.
    const at = items.filter((i) => i.kind !== 'ticket.offline').map((i) => i.at);
    expect([...at].sort()).toEqual(at);
    const offlineAt = items.findIndex((i) => i.kind === 'ticket.offline');
    const unreachableAt = items.findIndex((i) => i.kind === 'status.lookup' && i.payload.outcome === 'hub_unreachable');
    expect(offlineAt).toBeLessThan(unreachableAt);
  });

  it('forgets the found application at the session reset', async () => {
    await kiosk.core.dispatch('session.end', {});
    expect(await kiosk.core.dispatch('status.printSlip', {})).toMatchObject({
      ok: false,
      error: { code: 'nothing_to_print' },
    });
  });
});

describe('status lookup over a link that swallows requests', () => {
  it('answers hub_unreachable within the configured timeout, not after the TCP timeout', async () => {
    // A "hub" that accepts connections and never answers: a rural link that hangs.
    const sockets = new Set<Socket>();
    const blackHole = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
    const kiosk = await startKioskCoreUnderTest({ hub: { requestTimeoutMs: REQUEST_TIMEOUT_MS } });
    const address = blackHole.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // The same kiosk, its core restarted against the black hole with its stored credential.
    await kiosk.core.close();
    const { startKioskCore } = await import('../../electron/services/composition-root');
    const core = await startKioskCore({
      host: 'browser-host',
      configPath: `${kiosk.dataDir}/kiosk.json`,
      hub: { url: `http://127.0.0.1:${port}` },
    });
    try {
      const started = Date.now();
      expect(await lookup(core, NUMBER)).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 500);
    } finally {
      await core.close();
      await kiosk.hub.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });
});
