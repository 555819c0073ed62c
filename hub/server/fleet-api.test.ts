import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NudgeListener } from '../../electron/services/content/nudge-listener';
import { fleetConfig, healthChange, healthyState, withPrinter } from '../fleet/fleet-test-support';
import {
  enrollKiosk,
  postJson,
  startTestHub,
  TEST_TOKEN,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { launchHub } from './start-hub';

const T0 = '2026-03-02T09:00:00.000Z';

describe('fleet health over HTTP', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let clock: TestClock;

  beforeEach(async () => {
    clock = testClock(T0);
    hub = await startTestHub({ now: clock.now });
    kiosk = await enrollKiosk(hub.url, 'kiosk-fleet');
  });
  afterEach(async () => hub.dispose());

  const beat = (body: unknown, headers = kiosk.headers) => postJson(`${hub.url}/v1/kiosks/heartbeat`, body, headers);
  const openRules = () => (hub.hub.fleet?.openAlerts(kiosk.kioskId) ?? []).map((alert) => alert.rule).sort();

  it('stores a whole state, then marks the kiosk seen on "unchanged", and asks again for a hash it does not know', async () => {
    const change = healthChange(healthyState());
    expect(await beat({ unchanged: change.hash })).toEqual(
      expect.objectContaining({ status: 200, body: { outcome: 'resend', hubTime: Date.parse(T0) } }),
    );
    expect((await beat(change)).body).toEqual({ outcome: 'stored', hubTime: Date.parse(T0) });
    clock.advance(60_000);
    expect((await beat({ unchanged: change.hash })).body).toEqual({
      outcome: 'seen',
      hubTime: Date.parse(T0) + 60_000,
    });
    expect(hub.hub.fleet?.health(kiosk.kioskId)).toEqual(
      expect.objectContaining({ hash: change.hash, state: change.state, lastSeenAt: '2026-03-02T09:01:00.000Z' }),
    );
    expect((await beat({ unchanged: 'ffffffffffffffff' })).body).toEqual(
      expect.objectContaining({ outcome: 'resend' }),
    );
  });

  it('refuses a body outside the schema and a caller without a credential', async () => {
    expect((await beat({ unchanged: 'not-a-hash' })).status).toBe(400);
    const state = { ...healthyState(), ownerName: 'Иванов' };
    expect((await beat({ ...healthChange(healthyState()), state })).status).toBe(400);
    expect((await beat({ unchanged: '0123456789abcdef' }, {})).status).toBe(401);
  });

  it('opens an alert on a health change from the outbox at once, and closes it when the next state clears it', async () => {
    await beat(healthChange(healthyState()));
    const paperOut = healthChange(withPrinter(healthyState(), 'paper_out', T0), '2026-03-02T09:00:10.000Z');
    const item = { id: randomUUID(), kind: 'health.changed', at: paperOut.at, payload: paperOut };
    expect((await postJson(`${hub.url}/v1/outbox`, { items: [item] }, kiosk.headers)).status).toBe(200);
    expect(openRules()).toEqual(['paper_out']);

    clock.advance(60_000);
    await beat(healthChange(healthyState({ clockOffsetSeconds: 1 }), '2026-03-02T09:01:00.000Z'));
    expect(openRules()).toEqual([]);
    const [alert] = await hub.fleet.listAlerts({ limit: 10 });
    expect(alert).toEqual(expect.objectContaining({ rule: 'paper_out', closedAt: '2026-03-02T09:01:00.000Z' }));
    await hub.hub.fleet?.flush();
    expect((await hub.fleet.healthHistory(kiosk.kioskId, 10)).length).toBe(3);
  });

  it('keeps the newest state when an older outbox item arrives late (it goes to the history only)', async () => {
    await beat(healthChange(healthyState(), '2026-03-02T09:05:00.000Z'));
    const old = healthChange(withPrinter(healthyState(), 'paper_out', T0), '2026-03-02T09:00:00.000Z');
    const item = { id: randomUUID(), kind: 'health.changed', at: old.at, payload: old };
    await postJson(`${hub.url}/v1/outbox`, { items: [item] }, kiosk.headers);
    expect(openRules()).toEqual([]);
    await hub.hub.fleet?.flush();
    expect((await hub.fleet.healthHistory(kiosk.kioskId, 10)).length).toBe(2);
    expect((await hub.fleet.listHealth())[0]?.stateAt).toBe('2026-03-02T09:05:00.000Z');
  });

  it('raises a silent kiosk after three heartbeats, and closes it on its next word', async () => {
    const change = healthChange(healthyState());
    await beat(change);
    clock.advance(3 * 60_000);
    await hub.hub.fleet?.checkAll();
    expect(openRules()).toEqual([]);
    clock.advance(1000);
    await hub.hub.fleet?.checkAll();
    expect(openRules()).toEqual(['kiosk_silent']);
    await beat({ unchanged: change.hash });
    expect(openRules()).toEqual([]);
  });

  it('remembers the state and the open alerts across a restart of the hub', async () => {
    const nearEnd = healthChange(withPrinter(healthyState(), 'paper_near_end', T0));
    await beat(nearEnd);
    expect(openRules()).toEqual(['paper_near_end']);
    await hub.close();
    const again = await launchHub({
      dbPath: hub.dbPath,
      seedDemo: true,
      provisioningTokens: [TEST_TOKEN],
      autoApproveNewKiosks: true,
      now: clock.now,
      logger: hub.log.logger,
    });
    try {
      const answer = await postJson(`${again.url}/v1/kiosks/heartbeat`, { unchanged: nearEnd.hash }, kiosk.headers);
      expect(answer.body).toEqual(expect.objectContaining({ outcome: 'seen' }));
      expect(again.hub.fleet?.openAlerts(kiosk.kioskId).map((alert) => alert.rule)).toEqual(['paper_near_end']);
    } finally {
      await again.close();
    }
  });
});

describe('liveness from the kiosk event stream', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let clock: TestClock;
  const listeners: NudgeListener[] = [];

  beforeEach(async () => {
    clock = testClock(T0);
    // The keep-alive every 5 s (the least the config allows): silent after 15 s of the test clock.
    hub = await startTestHub({ now: clock.now, config: { fleet: fleetConfig({ heartbeatSeconds: 5 }) } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-stream');
  });
  afterEach(async () => {
    for (const listener of listeners.splice(0)) listener.stop();
    await hub.dispose();
  });

  const fleet = () => {
    if (hub.hub.fleet === undefined) throw new Error('the test hub has no fleet service');
    return hub.hub.fleet;
  };
  const openRules = () =>
    fleet()
      .openAlerts(kiosk.kioskId)
      .map((alert) => alert.rule);
  const lastSeen = () => fleet().health(kiosk.kioskId)?.lastSeenAt;
  /** The kiosk's own event stream client, connected. */
  const connect = async () => {
    const listener = new NudgeListener({
      hubUrl: hub.url,
      headers: () => kiosk.headers,
      backoff: { initialMs: 50, maxMs: 300, factor: 2, jitter: 0 },
    });
    listeners.push(listener);
    listener.start();
    await until(() => listener.connected && hub.hub.contentEvents.openStreams === 1);
    return listener;
  };

  it('keeps a kiosk seen while its stream is open, notices the stream closing, and raises and clears silence', async () => {
    const change = healthChange(healthyState());
    await postJson(`${hub.url}/v1/kiosks/heartbeat`, change, kiosk.headers);
    clock.advance(2_000);
    const listener = await connect();
    // Seen on connecting.
    expect(lastSeen()).toBe('2026-03-02T09:00:02.000Z');

    // No heartbeat for a long while, but the stream's keep-alive marks the kiosk seen.
    clock.advance(60_000);
    await until(() => lastSeen() === '2026-03-02T09:01:02.000Z');
    await fleet().checkAll();
    expect(openRules()).toEqual([]);

    // The kiosk goes (its socket closes): seen until then, silent 3 intervals later.
    clock.advance(1_000);
    listener.stop();
    await until(() => hub.hub.contentEvents.openStreams === 0);
    expect(lastSeen()).toBe('2026-03-02T09:01:03.000Z');
    clock.advance(15_000);
    await fleet().checkAll();
    expect(openRules()).toEqual([]);
    clock.advance(1_000);
    await fleet().checkAll();
    expect(openRules()).toEqual(['kiosk_silent']);

    // It comes back: the stream alone closes the alert.
    clock.advance(60_000);
    await connect();
    await until(() => openRules().length === 0);
    const [alert] = await hub.fleet.listAlerts({ limit: 10 });
    expect(alert).toEqual(
      expect.objectContaining({
        rule: 'kiosk_silent',
        openedAt: '2026-03-02T09:01:19.000Z',
        closedAt: '2026-03-02T09:02:19.000Z',
      }),
    );
  });

  it('still raises silence when the stream stays open but no heartbeat comes for 3 stream heartbeat intervals', async () => {
    const change = healthChange(healthyState());
    await postJson(`${hub.url}/v1/kiosks/heartbeat`, change, kiosk.headers);
    await connect();
    // Seen by the keep-alive a moment ago, but no word of its own for 45 min: a hung app keeps its socket.
    clock.advance(3 * 900_000 + 1_000);
    await until(() => lastSeen() === '2026-03-02T09:45:01.000Z');
    await fleet().checkAll();
    expect(fleet().openAlerts(kiosk.kioskId)).toEqual([
      expect.objectContaining({ rule: 'kiosk_silent', details: { lastReportAt: T0 } }),
    ]);
    await postJson(`${hub.url}/v1/kiosks/heartbeat`, { unchanged: change.hash }, kiosk.headers);
    expect(openRules()).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
