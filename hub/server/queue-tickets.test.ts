import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';
import { HubError } from '../../kiosk-config/src/hub/hub-api';
import { FollowView, KioskSetup, TicketIssueResponse } from '../../kiosk-config/src/hub/queue-api';
import { DEMO_CATALOGUE, DEMO_OFFICE_ID } from '../db/demo-seed';
import {
  enrollKiosk,
  getJson,
  postJson,
  startTestHub,
  type TestClock,
  type TestHub,
  type TestKiosk,
  testClock,
} from '../test/hub-test-support';
import { hashSecret } from './credentials';
import { resolveHubConfig } from './hub-config';

const exampleCatalogue = CatalogueFile.parse(
  JSON.parse(
    readFileSync(path.join(import.meta.dirname, '../../kiosk-config/examples/catalogue-with-hours.json'), 'utf8'),
  ),
);

/** Posts a walk-in ticket request and returns the parsed contract answer. */
async function issue(hub: TestHub, kiosk: TestKiosk, serviceId: string, ticketId: string = randomUUID()) {
  const answer = await postJson(`${hub.url}/v1/tickets`, { ticketId, serviceId }, kiosk.headers);
  if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return TicketIssueResponse.parse(answer.body);
}

function issuedNumber(response: TicketIssueResponse): string {
  if (response.outcome !== 'issued') throw new Error(`not issued: ${response.outcome}`);
  return response.ticket.number;
}

describe('queue tickets over HTTP on a real SQLite file', () => {
  let hub: TestHub;
  let clock: TestClock;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    // Monday 2026-11-23, 12:00 in Moscow.
    clock = testClock('2026-11-23T09:00:00Z');
    // Numbering under load, not the limits (kiosk-limits.test.ts): room for 10 kiosks × 30 at once.
    hub = await startTestHub({
      now: clock.now,
      config: { ticketLimitsPerKiosk: [{ limit: 1000, windowSeconds: 60 }] },
    });
    kiosk = await enrollKiosk(hub.url, 'kiosk-tickets-01');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  it('gives a kiosk its setup: office, zone, catalogue, its own offline tag, follow base, booking window', async () => {
    const first = await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers);
    expect(first.status).toBe(200);
    const setup = KioskSetup.parse(first.body);
    expect(setup).toMatchObject({
      office: { id: DEMO_OFFICE_ID, name: 'МФЦ «Мои Документы», с. Берёзовка' },
      timeZone: 'Europe/Moscow',
      offlineTag: 'К1',
      followBaseUrl: hub.url,
      booking: { earlyMinutes: 15, lateMinutes: 10 },
    });
    expect(setup.catalogue).toEqual(DEMO_CATALOGUE);
    // The tag stays; the next kiosk of the office gets the next free one.
    expect(KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers)).body).offlineTag).toBe('К1');
    const second = await enrollKiosk(hub.url, 'kiosk-tickets-02');
    expect(KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, second.headers)).body).offlineTag).toBe('К2');
    expect((await hub.repository.findKiosk('kiosk-tickets-02'))?.offlineTag).toBe('К2');
    expect((await getJson(`${hub.url}/v1/kiosk/setup`)).status).toBe(401);
  });

  it('numbers each queue from 001 per office day, and answers where the ticket stands', async () => {
    const first = await issue(hub, kiosk, 'pension-consult');
    expect(first).toMatchObject({
      outcome: 'issued',
      ticket: {
        number: 'В-001',
        serviceId: 'pension-consult',
        issuedAt: '2026-11-23T12:00:00+03:00',
        source: 'kiosk',
        priority: false,
        peopleAhead: 0,
        wait: null,
      },
    });
    const second = await issue(hub, kiosk, 'pension-consult');
    // Queue В has no history: the catalogue's 15 minutes ± 30% for the one ahead.
    expect(second).toMatchObject({
      ticket: { number: 'В-002', peopleAhead: 1, wait: { minMinutes: 10, maxMinutes: 20, basis: 'typical' } },
    });
    if (second.outcome !== 'issued') throw new Error('not issued');
    expect(second.ticket.followUrl).toMatch(new RegExp(`^${hub.url}/q/[A-Za-z0-9_-]{22}$`));
  });

  it('returns the same ticket to a retried request, with a link that works too', async () => {
    const ticketId = randomUUID();
    const first = await issue(hub, kiosk, 'property-extract', ticketId);
    const again = await issue(hub, kiosk, 'property-extract', ticketId);
    if (first.outcome !== 'issued' || again.outcome !== 'issued') throw new Error('not issued');
    expect(again.ticket.number).toBe(first.ticket.number);
    expect(again.ticket.ticketId).toBe(ticketId);
    // Only hashes are stored, so a retry gets a fresh link; both lead to the same ticket.
    for (const url of [first.ticket.followUrl, again.ticket.followUrl]) {
      const view = FollowView.parse((await getJson(url.replace('/q/', '/v1/follow/'))).body);
      expect(view.number).toBe(first.ticket.number);
    }
    // Another kiosk cannot take over the id.
    const other = await enrollKiosk(hub.url, 'kiosk-tickets-03');
    const foreign = await postJson(`${hub.url}/v1/tickets`, { ticketId, serviceId: 'property-extract' }, other.headers);
    expect(foreign.status).toBe(400);
    expect(HubError.parse(foreign.body).code).toBe('bad_request');
  });

  it('keeps no follow token in clear in the database', async () => {
    const issued = await issue(hub, kiosk, 'passport-rf');
    if (issued.outcome !== 'issued') throw new Error('not issued');
    const token = issued.ticket.followUrl.split('/q/')[1] as string;
    const db = new Database(hub.dbPath, { readonly: true });
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM follow_tokens').all());
      expect(dump).not.toContain(token);
      expect(dump).toContain(hashSecret(token));
    } finally {
      db.close();
    }
  });

  it('refuses unknown services, booking-only services and malformed requests', async () => {
    expect(await issue(hub, kiosk, 'no-such-service')).toEqual({ outcome: 'unknown_service' });
    expect(await issue(hub, kiosk, 'cadastral-registration')).toEqual({ outcome: 'booking_required' });
    for (const body of [{ ticketId: 'x', serviceId: 'passport-rf' }, { ticketId: randomUUID() }, {}]) {
      const answer = await postJson(`${hub.url}/v1/tickets`, body, kiosk.headers);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId: 'passport-rf' })).status).toBe(
      401,
    );
  });

  it('issues distinct, contiguous numbers to 10 kiosks × 30 requests in flight at once', async () => {
    const kiosks = await Promise.all(
      Array.from({ length: 10 }, (_, i) => enrollKiosk(hub.url, `kiosk-burst-${String(i).padStart(2, '0')}`)),
    );
    const services = [
      'passport-rf',
      'passport-foreign',
      'property-registration',
      'property-extract',
      'pension-consult',
    ];
    const before = new Map<string, number>();
    for (const ticket of await hub.repository.listQueue(DEMO_OFFICE_ID, '2026-11-23')) {
      before.set(ticket.prefix, (before.get(ticket.prefix) ?? 0) + 1);
    }
    const answers = await Promise.all(
      kiosks.flatMap((k, i) =>
        Array.from({ length: 30 }, (_, j) => issue(hub, k, services[(i + j) % services.length] as string)),
      ),
    );
    const numbers = answers.map(issuedNumber);
    expect(new Set(numbers).size).toBe(300);
    const byPrefix = new Map<string, number[]>();
    for (const number of numbers) {
      const [prefix, seq] = number.split('-') as [string, string];
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), Number(seq)]);
    }
    expect([...byPrefix.keys()].sort()).toEqual(['А', 'Б', 'В']);
    for (const [prefix, seqs] of byPrefix) {
      const start = (before.get(prefix) ?? 0) + 1;
      expect(
        seqs.sort((a, b) => a - b),
        prefix,
      ).toEqual(Array.from({ length: seqs.length }, (_, i) => start + i));
    }
  });

  it('answers numbers_exhausted after 999 in a queue for the day', async () => {
    const db = new Database(hub.dbPath);
    try {
      db.prepare(
        `INSERT INTO ticket_counters (office_id, prefix, day, last) VALUES (?, 'В', '2026-11-23', 999)
         ON CONFLICT DO UPDATE SET last = 999`,
      ).run(DEMO_OFFICE_ID);
    } finally {
      db.close();
    }
    expect(await issue(hub, kiosk, 'pension-consult')).toEqual({ outcome: 'numbers_exhausted' });
  });
});

describe('office days and hours', () => {
  let hub: TestHub | undefined;
  afterEach(async () => {
    await hub?.dispose();
    hub = undefined;
  });

  it("restarts numbering at the office's midnight, not the hub's or UTC's", async () => {
    // 23:50 in Moscow (20:50 UTC) on the 23rd.
    const clock = testClock('2026-11-23T20:50:00Z');
    hub = await startTestHub({ now: clock.now });
    const kiosk = await enrollKiosk(hub.url, 'kiosk-night');
    expect(issuedNumber(await issue(hub, kiosk, 'pension-consult'))).toBe('В-001');
    const late = await issue(hub, kiosk, 'pension-consult');
    expect(issuedNumber(late)).toBe('В-002');
    // 00:05 in Moscow on the 24th, still the 23rd in UTC.
    clock.set('2026-11-23T21:05:00Z');
    const morning = await issue(hub, kiosk, 'pension-consult');
    expect(morning).toMatchObject({
      ticket: { number: 'В-001', issuedAt: '2026-11-24T00:05:00+03:00', peopleAhead: 0 },
    });
    // Yesterday's waiting ticket is not ahead of today's, and its link no longer leads anywhere.
    if (late.outcome !== 'issued') throw new Error('not issued');
    expect((await getJson(late.ticket.followUrl.replace('/q/', '/v1/follow/'))).status).toBe(404);
  });

  it('refuses tickets outside the hours, saying when the service opens', async () => {
    // Saturday 2026-11-21, 16:00 in Moscow: the office closed at 15:00.
    const clock = testClock('2026-11-21T13:00:00Z');
    hub = await startTestHub({ now: clock.now });
    await hub.repository.setOfficeCatalogue(DEMO_OFFICE_ID, exampleCatalogue, new Date(clock.now()).toISOString());
    const kiosk = await enrollKiosk(hub.url, 'kiosk-hours');
    expect(await issue(hub, kiosk, 'passport-rf')).toEqual({ outcome: 'closed', opensAt: '2026-11-23T08:00:00+03:00' });
    // Monday 10:00: the office is open, but the pension specialist comes on Tuesdays and Thursdays.
    clock.set('2026-11-23T07:00:00Z');
    expect(issuedNumber(await issue(hub, kiosk, 'passport-rf'))).toBe('Б-001');
    expect(await issue(hub, kiosk, 'pension-consult')).toEqual({
      outcome: 'closed',
      opensAt: '2026-11-24T09:00:00+03:00',
    });
    // At closing time sharp the office is closed (hours are [from, to)).
    clock.set('2026-11-23T17:00:00Z');
    expect(await issue(hub, kiosk, 'passport-rf')).toEqual({ outcome: 'closed', opensAt: '2026-11-24T08:00:00+03:00' });
  });

  it("builds follow links on the config's publicUrl, and refuses one that is not http(s)", async () => {
    hub = await startTestHub({ config: { publicUrl: 'https://hub.mfc.example.ru/okno/' } });
    const kiosk = await enrollKiosk(hub.url, 'kiosk-public');
    const setup = KioskSetup.parse((await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers)).body);
    expect(setup.followBaseUrl).toBe('https://hub.mfc.example.ru/okno/');
    const issued = await issue(hub, kiosk, 'passport-rf');
    if (issued.outcome !== 'issued') throw new Error('not issued');
    expect(issued.ticket.followUrl).toMatch(/^https:\/\/hub\.mfc\.example\.ru\/okno\/q\/[A-Za-z0-9_-]{22}$/);
    expect(() => resolveHubConfig({ publicUrl: 'ftp://hub.mfc.example.ru' })).toThrow(/invalid hub config/);
  });

  it('answers 404 for the setup of an office without a catalogue', async () => {
    hub = await startTestHub();
    const db = new Database(hub.dbPath);
    try {
      db.prepare('UPDATE offices SET catalogue = NULL WHERE id = ?').run(DEMO_OFFICE_ID);
    } finally {
      db.close();
    }
    const kiosk = await enrollKiosk(hub.url, 'kiosk-bare');
    const answer = await getJson(`${hub.url}/v1/kiosk/setup`, kiosk.headers);
    expect(answer.status).toBe(404);
    expect(HubError.parse(answer.body).code).toBe('not_found');
    expect(await issue(hub, kiosk, 'passport-rf')).toEqual({ outcome: 'unknown_service' });
  });
});
