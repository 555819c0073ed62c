import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../kiosk-config/src/contract/devices';
import type { KioskRecord, StoredOutboxItem } from '../db/hub-repository';
import { printer } from './console-test-support';
import { OutboxFleetSource } from './outbox-fleet-source';

function fleet(startIso: string) {
  let now = Date.parse(startIso);
  const kiosks: KioskRecord[] = [
    {
      id: 'k1',
      officeId: 'o1',
      credentialHash: 'h',
      enrolledAt: startIso,
      enrolledVia: 'code',
      lastSeenAt: startIso,
    },
  ];
  const items: StoredOutboxItem[] = [];
  const report = (devices: DeviceStatus[]) => {
    const at = new Date(now).toISOString();
    items.push({
      id: `i${items.length}`,
      kioskId: 'k1',
      seq: items.length + 1,
      kind: 'device.changed',
      at,
      payload: { devices },
      receivedAt: at,
    });
    const kiosk = kiosks[0];
    if (kiosk) kiosk.lastSeenAt = at;
  };
  const source = new OutboxFleetSource({
    repository: {
      listKiosks: async () => kiosks,
      findKiosk: async (id) => kiosks.find((k) => k.id === id),
    },
    newestItems: (kioskId, limit, kind) =>
      items
        .filter((i) => i.kioskId === kioskId && (kind === undefined || i.kind === kind))
        .reverse()
        .slice(0, limit),
    now: () => now,
  });
  return { source, report, advance: (ms: number) => (now += ms), kiosks };
}

describe('OutboxFleetSource', () => {
  it('opens an alert when a printer reports paper near end, keeps it through acknowledgement, closes it when paper is loaded', async () => {
    const { source, report, advance } = fleet('2026-12-07T08:00:00Z');
    report([printer([])]);
    expect(await source.listAlerts()).toEqual([]);
    expect((await source.findKiosk('k1'))?.state).toBe('in_service');

    advance(60_000);
    report([printer(['paper_near_end'])]);
    advance(30_000);
    report([printer(['paper_near_end'])]);
    const [alert] = await source.listAlerts();
    expect(alert).toMatchObject({
      kioskId: 'k1',
      officeId: 'o1',
      rule: 'paper_near_end',
      severity: 'warning',
      openedAt: '2026-12-07T08:01:00.000Z',
      title: 'Принтер: бумага скоро закончится',
    });
    expect((await source.findKiosk('k1'))?.state).toBe('in_service');

    const acknowledged = await source.acknowledgeAlert(alert?.alertId ?? '', 'tech', new Date('2026-12-07T08:02:00Z'));
    expect(acknowledged).toMatchObject({ ok: true, value: { acknowledgedBy: 'tech' } });
    expect((await source.listAlerts())[0]?.acknowledgedAt).toBe('2026-12-07T08:02:00.000Z');

    report([printer([])]);
    expect(await source.listAlerts()).toEqual([]);
    expect(await source.acknowledgeAlert(alert?.alertId ?? '', 'tech', new Date())).toMatchObject({ ok: false });

    // The same problem again is a new alert, not acknowledged.
    advance(60_000);
    report([printer(['paper_near_end'])]);
    const [again] = await source.listAlerts();
    expect(again?.alertId).not.toBe(alert?.alertId);
    expect(again?.acknowledgedAt).toBeUndefined();
  });

  it('takes a printer with paper out as out of service, and a silent kiosk as silent with an alert', async () => {
    const { source, report, advance } = fleet('2026-12-07T08:00:00Z');
    report([printer(['paper_out'])]);
    expect((await source.findKiosk('k1'))?.state).toBe('out_of_service');
    expect((await source.listAlerts()).map((a) => a.rule)).toEqual(['paper_out']);
    advance(181_000);
    expect((await source.findKiosk('k1'))?.state).toBe('silent');
    expect((await source.listAlerts()).map((a) => a.rule).sort()).toEqual(['kiosk_silent', 'paper_out']);
  });

  it('summarises recent events without their payload values beyond the facts', async () => {
    const { source, report } = fleet('2026-12-07T08:00:00Z');
    report([printer(['cover_open'])]);
    expect(await source.recentEvents('k1', 5)).toEqual([
      { at: '2026-12-07T08:00:00.000Z', kind: 'device.changed', summary: 'Принтер: cover_open' },
    ]);
  });
});
