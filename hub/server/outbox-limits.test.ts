import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { HubError, OutboxPostResponse } from '../../kiosk-config/src/hub/hub-api';
import { enrollKiosk, postJson, startTestHub, type TestClock, type TestHub, testClock } from '../test/hub-test-support';
import type { HubConfig } from './hub-config';

const START = '2026-11-23T09:00:00.000Z';

/** A valid `device.changed` item (the kiosk's largest routine kind). */
function deviceItem(address = '/dev/serial/by-id/usb-printer') {
  return {
    id: randomUUID(),
    kind: 'device.changed',
    at: new Date(START).toISOString(),
    payload: {
      devices: [{ id: 'printer', kind: 'printer', connected: true, simulated: false, problems: [], address }],
    },
  };
}

/**
 * The outbox attack of issue 11, item 3: junk of any `kind`, megabytes of it in a burst. Over
 * real HTTP on a real SQLite hub.
 */
describe('outbox: known kinds only, a byte cap per kind, a backlog cap per kiosk', () => {
  let hub: TestHub | undefined;
  let clock: TestClock;
  const start = async (config: Partial<HubConfig> = {}) => {
    clock = testClock(START);
    hub = await startTestHub({ now: clock.now, config });
    return hub;
  };
  afterEach(async () => {
    await hub?.dispose();
    hub = undefined;
  });

  it('refuses unknown kinds, extra or wrong fields and oversized payloads, naming the item; stores the known', async () => {
    const h = await start();
    const kiosk = await enrollKiosk(h.url, 'kiosk-junk');
    const post = (items: unknown[]) => postJson(`${h.url}/v1/outbox`, { items }, kiosk.headers);
    const at = new Date(START).toISOString();
    const refusals: [unknown, RegExp][] = [
      [{ id: randomUUID(), kind: 'junk', at, payload: { blob: 'x'.repeat(10_000) } }, /unknown_kind/],
      [{ id: randomUUID(), kind: 'toString', at, payload: {} }, /unknown_kind/],
      [{ id: randomUUID(), kind: 'ticket.abandoned', at, payload: { ticketId: randomUUID(), extra: 1 } }, /invalid/],
      [{ id: randomUUID(), kind: 'ticket.print_outcome', at, payload: { ticketId: randomUUID() } }, /invalid/],
      [
        { id: randomUUID(), kind: 'status.lookup', at, payload: { outcome: 'found', maskedNumber: '2345678901' } },
        /invalid/,
      ],
      [deviceItem('x'.repeat(5000)), /too_large/],
    ];
    for (const [item, reason] of refusals) {
      const answer = await post([deviceItem(), item]);
      expect(answer.status, JSON.stringify(item).slice(0, 80)).toBe(400);
      const error = HubError.parse(answer.body);
      expect(error.message).toMatch(/^items\/1: /);
      expect(error.message).toMatch(reason);
    }
    const valid = [
      deviceItem(),
      { id: randomUUID(), kind: 'status.lookup', at, payload: { maskedNumber: '***8901', outcome: 'found' } },
      {
        id: randomUUID(),
        kind: 'status.lookup',
        at,
        payload: { maskedNumber: 'КУВД-***-***0443', outcome: 'not_found' },
      },
      { id: randomUUID(), kind: 'ticket.abandoned', at, payload: { ticketId: randomUUID() } },
      // The free-space floor's technician alert (electron/services/storage/disk-space.ts).
      { id: randomUUID(), kind: 'kiosk.disk_low', at, payload: { freeBytes: 1_048_576, floorBytes: 268_435_456 } },
    ];
    const stored = await post(valid);
    expect(OutboxPostResponse.parse(stored.body).accepted).toEqual(valid.map((i) => i.id));
    // Nothing of the refused batches was stored.
    expect((await h.repository.listOutbox('kiosk-junk')).map((i) => i.id)).toEqual(valid.map((i) => i.id));
  });

  it('caps what one kiosk stores per window: a burst of valid items stops at the cap with 429 and Retry-After', async () => {
    const h = await start({ outboxBacklogPerKiosk: { maxItems: 1000, maxBytes: 200 * 1024, windowSeconds: 3600 } });
    const kiosk = await enrollKiosk(h.url, 'kiosk-flood');
    const post = (items: unknown[]) => postJson(`${h.url}/v1/outbox`, { items }, kiosk.headers);
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      // Each item near its kind's cap: ~3.9 KB, 20 a batch (~78 KB).
      const answer = await post(Array.from({ length: 20 }, () => deviceItem('a'.repeat(3800))));
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(HubError.parse(answer.body)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 180 });
        expect(answer.headers.get('retry-after')).toBe('180');
      }
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
    const stored = await h.repository.listOutbox('kiosk-flood', { limit: 10_000 });
    const bytes = stored.reduce((sum, item) => sum + JSON.stringify(item.payload).length, 0);
    expect(bytes).toBeLessThanOrEqual(200 * 1024);
    // Another kiosk is not held back; the window slides and the flooding kiosk may store again.
    const other = await enrollKiosk(h.url, 'kiosk-quiet');
    expect((await postJson(`${h.url}/v1/outbox`, { items: [deviceItem()] }, other.headers)).status).toBe(200);
    clock.advance(3600_000 + 1000);
    expect((await post([deviceItem()])).status).toBe(200);
    expect(h.log.text()).toMatch(/outbox backlog of this kiosk is full/);
  });
});
