import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { hashSecret } from '../credentials';
import { newFollowToken } from './follow-token';
import { hasTicketItems, planTicketMerges } from './offline-merge';

const kiosk = { id: 'kiosk-1', officeId: 'mfc-demo-01' };
const context = { kiosk, offlineTag: 'К2', timeZone: 'Europe/Moscow' };
const item = (kind: string, payload: Record<string, unknown>): OutboxItem => ({
  id: randomUUID(),
  kind,
  at: '2026-11-23T20:59:00.000Z',
  payload,
});

describe('planning ticket merges from outbox items', () => {
  it("turns an offline ticket of the kiosk's own block into a merge on its office day", () => {
    const token = newFollowToken();
    const ticketId = randomUUID();
    // 23:59:30 in Moscow on the 23rd, 20:59 UTC: the office day is the 23rd, whatever the kiosk's zone.
    const offline = item('ticket.offline', {
      ticketId,
      number: 'Б-К2-07',
      serviceId: 'passport-rf',
      issuedAt: '2026-11-23T23:59:30+03:00',
      followToken: token,
    });
    const plan = planTicketMerges([offline, item('status.lookup', {})], context);
    expect(plan.refused).toEqual([]);
    expect(plan.merges).toEqual([
      {
        itemId: offline.id,
        kind: 'offline',
        ticket: {
          ticketId,
          officeId: 'mfc-demo-01',
          kioskId: 'kiosk-1',
          serviceId: 'passport-rf',
          prefix: 'Б',
          day: '2026-11-23',
          issuedAt: '2026-11-23T20:59:30.000Z',
          source: 'offline',
          priority: false,
          followTokenHash: hashSecret(token),
          number: 'Б-К2-07',
        },
      },
    ]);
  });

  it("refuses another kiosk's tag, a hub number, a kiosk without a tag, and bad payloads", () => {
    const offline = (number: string, extra: Record<string, unknown> = {}) =>
      item('ticket.offline', {
        ticketId: randomUUID(),
        number,
        serviceId: 'passport-rf',
        issuedAt: '2026-11-23T10:00:00+03:00',
        followToken: newFollowToken(),
        ...extra,
      });
    const cases: [OutboxItem, string, typeof context | Omit<typeof context, 'offlineTag'>][] = [
      [offline('Б-К1-07'), 'foreign_tag', context],
      [offline('Б-007'), 'bad_number', context],
      [offline('Б-К2-07'), 'no_offline_tag', { kiosk, timeZone: 'Europe/Moscow' }],
      [offline('Б-К2-07', { issuedAt: 'вчера' }), 'bad_time', context],
      [offline('Б-К2-07', { followToken: 'short' }), 'bad_payload', context],
      [offline('Б-К2-07', { extra: 1 }), 'bad_payload', context],
      [item('ticket.print_outcome', { ticketId: randomUUID(), printed: 'maybe' }), 'bad_payload', context],
      [item('ticket.abandoned', { ticketId: 'not-a-uuid' }), 'bad_payload', context],
    ];
    for (const [bad, reason, ctx] of cases) {
      const plan = planTicketMerges([bad], ctx);
      expect(plan.merges, reason).toEqual([]);
      expect(plan.refused, reason).toEqual([{ itemId: bad.id, kind: bad.kind, reason }]);
    }
  });

  it('passes print outcomes and abandoned requests on, and notices batches without tickets', () => {
    const ticketId = randomUUID();
    const printed = item('ticket.print_outcome', { ticketId, printed: 'no' });
    const abandoned = item('ticket.abandoned', { ticketId });
    expect(planTicketMerges([printed, abandoned], context).merges).toEqual([
      { itemId: printed.id, kind: 'print_outcome', ticketId, printed: 'no' },
      { itemId: abandoned.id, kind: 'abandoned', ticketId },
    ]);
    expect(hasTicketItems([item('device.changed', {})])).toBe(false);
    expect(hasTicketItems([printed])).toBe(true);
  });
});
