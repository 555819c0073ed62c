import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseApplicationNumber } from '../../kiosk-config/src/hub/application-number';
import {
  ApplicationStatus,
  EnrollResponse,
  HubError,
  OutboxPostResponse,
  StatusLookupResponse,
} from '../../kiosk-config/src/hub/hub-api';
import { HubAdmin } from '../admin/admin-commands';
import { addDays, DEMO_APPLICATIONS, DEMO_OFFICE_ID, isoDateIn } from '../db/demo-seed';
import { SqliteHubRepository } from '../db/sqlite/sqlite-hub-repository';
import {
  enrollKiosk,
  kioskHeaders,
  newRequestSecret,
  postJson,
  startTestHub,
  TEST_TOKEN,
  type TestHub,
  type TestKiosk,
  testAudit,
} from '../test/hub-test-support';
import { hashSecret, normaliseEnrollmentCode } from './credentials';

const today = isoDateIn(new Date(), 'Europe/Moscow');

describe('hub API over HTTP on a real SQLite file', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    hub = await startTestHub();
    kiosk = await enrollKiosk(hub.url, 'kiosk-berezovka-01');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const lookup = (body: unknown, headers: Record<string, string> = kiosk.headers) =>
    postJson(`${hub.url}/v1/status/lookup`, body, headers);

  it('listens on 127.0.0.1 and answers liveness and readiness', async () => {
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${hub.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('enrolls with a provisioning token and stores only the hash of the credential', async () => {
    const answer = await postJson(`${hub.url}/v1/kiosks/enroll`, {
      kioskId: 'kiosk-x',
      enrollmentCode: TEST_TOKEN,
      requestSecret: newRequestSecret(),
    });
    expect(answer.status).toBe(200);
    // The test hub approves a new kiosk id's request at once, as the demo hub does.
    const body = EnrollResponse.parse(answer.body);
    expect(body.officeId).toBe(DEMO_OFFICE_ID);
    const stored = await hub.repository.findKiosk('kiosk-x');
    expect(stored?.credentialHash).toBe(hashSecret(body.credential));
    expect(stored?.credentialHash).not.toContain(body.credential);
  });

  it('finds every demo application with its normalised status and no personal data', async () => {
    const seen = new Set<string>();
    for (const demo of DEMO_APPLICATIONS.filter((d) => d.phoneLast4 === undefined)) {
      const answer = await lookup({ applicationNumber: demo.number });
      expect(answer.status, demo.number).toBe(200);
      const body = StatusLookupResponse.parse(answer.body);
      if (body.outcome !== 'found') throw new Error(`${demo.number}: ${body.outcome}`);
      expect(body.application.status).toBe(demo.status);
      expect(body.application.filedOn).toBe(addDays(today, -demo.filedDaysAgo));
      // Only these fields, ever: nothing about the applicant.
      const allowed = ['status', 'serviceName', 'office', 'window', 'filedOn', 'expectedOn', 'storageUntil'];
      expect(
        Object.keys(body.application).every((key) => allowed.includes(key)),
        demo.number,
      ).toBe(true);
      expect(Object.keys(body.application.office).every((key) => ['id', 'name', 'address'].includes(key))).toBe(true);
      seen.add(body.application.status);
    }
    expect([...seen].sort()).toEqual([...ApplicationStatus.options].sort());
  });

  it('answers a ready application with where to collect it and until when', async () => {
    const answer = await lookup({ applicationNumber: 'КУВД-001/2021-3670443' });
    expect(answer.body).toEqual({
      outcome: 'found',
      application: {
        status: 'ready_for_pickup',
        serviceName: 'Регистрация права собственности на недвижимость',
        office: {
          id: DEMO_OFFICE_ID,
          name: 'МФЦ «Мои Документы», с. Берёзовка',
          address: 'с. Берёзовка, ул. Центральная, д. 12',
        },
        window: '3',
        filedOn: addDays(today, -12),
        storageUntil: addDays(today, 30),
      },
    });
  });

  it('normalises the typed number (case, spaces) before the lookup', async () => {
    const answer = await lookup({ applicationNumber: '  pkpvdmfc-2021-01-28-548 444 ' });
    expect((answer.body as { outcome: string }).outcome).toBe('found');
  });

  it('finds a number typed with look-alike letters: Cyrillic Р, К, Р, М, С in PKPVDMFC, О and З for digits', async () => {
    for (const typed of ['РКРVDМFС-2021-01-28-548444', 'ркрvdмfс-2О21-О1-28-548444', 'KYBД-001/2О21-З67О443']) {
      const answer = await lookup({ applicationNumber: typed });
      expect((answer.body as { outcome: string }).outcome, typed).toBe('found');
    }
  });

  it('answers not_found for an unknown number', async () => {
    const answer = await lookup({ applicationNumber: '9999999999' });
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'not_found' } });
  });

  it("asks for the region's second factor and checks it", async () => {
    const number = 'КУВД-003/2025-7788990';
    expect((await lookup({ applicationNumber: number })).body).toEqual({
      outcome: 'second_factor_required',
      accepted: ['phone_last4'],
    });
    // A factor this region does not accept is the same as none.
    expect(
      (await lookup({ applicationNumber: number, secondFactor: { kind: 'filing_date', value: addDays(today, -8) } }))
        .body,
    ).toMatchObject({ outcome: 'second_factor_required' });
    expect(
      (await lookup({ applicationNumber: number, secondFactor: { kind: 'phone_last4', value: '0000' } })).body,
    ).toEqual({ outcome: 'second_factor_mismatch' });
    const found = await lookup({ applicationNumber: number, secondFactor: { kind: 'phone_last4', value: '4321' } });
    expect(found.body).toMatchObject({ outcome: 'found', application: { status: 'ready_for_pickup', window: '1' } });
    expect(JSON.stringify(found.body)).not.toContain('4321');
  });

  it('in the phone-check region, answers a wrong factor exactly as a number that does not exist', async () => {
    const code = await new HubAdmin(hub.repository).createCode('mfc-demo-03', 1, 'kiosk-sosnovka-01');
    const sosnovka = await enrollKiosk(hub.url, 'kiosk-sosnovka-01', code.code);
    const ask = (applicationNumber: string, value?: string) =>
      lookup(
        value === undefined
          ? { applicationNumber }
          : { applicationNumber, secondFactor: { kind: 'phone_last4', value } },
        sosnovka.headers,
      );
    const existing = 'КУВД-003/2025-7788990';
    const missing = 'КУВД-003/2025-7788991';
    for (const [a, b] of [
      [await ask(existing), await ask(missing)],
      [await ask(existing, '0000'), await ask(missing, '0000')],
      [await ask(existing, '4320'), await ask(missing, '4321')],
    ]) {
      expect(b?.status).toBe(a?.status);
      expect(JSON.stringify(b?.body)).toBe(JSON.stringify(a?.body));
    }
    expect((await ask(missing, '0000')).body).toEqual({ outcome: 'second_factor_mismatch' });
    expect((await ask(existing, '4321')).body).toMatchObject({ outcome: 'found' });
  });

  it('refuses requests without credentials, with a wrong one, or from unknown kiosks, and logs each', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing_headers'],
      [{ 'x-okno-kiosk': kiosk.kioskId }, 'missing_headers'],
      [kioskHeaders(kiosk.kioskId, 'A'.repeat(43)), 'bad_credential'],
      [kioskHeaders('kiosk-nobody', kiosk.credential), 'unknown_kiosk'],
    ];
    for (const [headers, reason] of cases) {
      const answer = await lookup({ applicationNumber: '2345678901' }, headers);
      expect(answer.status, reason).toBe(401);
      expect(HubError.parse(answer.body).code).toBe('unauthorized');
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(hub.log.lines()).toContainEqual(expect.objectContaining({ msg: 'kiosk authentication failed', reason }));
    }
    const outbox = await postJson(`${hub.url}/v1/outbox`, { items: [] }, {});
    expect(outbox.status).toBe(401);
  });

  it('refuses a revoked kiosk, and a provisioning token cannot bring it back without an admin', async () => {
    const revoked = await enrollKiosk(hub.url, 'kiosk-stolen');
    expect((await lookup({ applicationNumber: '2345678901' }, revoked.headers)).status).toBe(200);
    expect(await hub.repository.revokeKiosk('kiosk-stolen', new Date().toISOString(), testAudit('kiosk-stolen'))).toBe(
      true,
    );
    expect((await lookup({ applicationNumber: '2345678901' }, revoked.headers)).status).toBe(401);
    expect(hub.log.lines()).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-stolen', reason: 'revoked' }));
    const again = await postJson(`${hub.url}/v1/kiosks/enroll`, {
      kioskId: 'kiosk-stolen',
      enrollmentCode: TEST_TOKEN,
      requestSecret: newRequestSecret(),
    });
    // Even the demo hub approves only kiosk ids it has never seen: this one waits for an admin.
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'pending', kioskId: 'kiosk-stolen' });
    expect((await lookup({ applicationNumber: '2345678901' }, revoked.headers)).status).toBe(401);
  });

  it('refuses a kiosk revoked by another process (the admin CLI, on its own connection) at its very next request', async () => {
    const stolen = await enrollKiosk(hub.url, 'kiosk-stolen-cli');
    const heartbeat = () => postJson(`${hub.url}/v1/kiosks/heartbeat`, { unchanged: '0'.repeat(16) }, stolen.headers);
    // Warm: the kiosk has been authenticated many times, as under load (heartbeats have no rate limit).
    for (let n = 0; n < 20; n++) expect((await heartbeat()).status).toBe(200);
    expect((await lookup({ applicationNumber: '3456789012' }, stolen.headers)).status).toBe(200);
    const cli = SqliteHubRepository.open(hub.dbPath);
    try {
      await new HubAdmin(cli).revoke('kiosk-stolen-cli');
    } finally {
      await cli.close();
    }
    expect((await lookup({ applicationNumber: '3456789012' }, stolen.headers)).status).toBe(401);
    expect((await heartbeat()).status).toBe(401);
  });

  it('enrolls with a one-time code once only, and not after it expires', async () => {
    const issued = await hub.hub.enrollment.createCode(DEMO_OFFICE_ID, 1, 'kiosk-code');
    expect(issued.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Typed in lower case without dashes, as a technician might.
    const typed = issued.code.replace(/-/g, '').toLowerCase();
    const first = await postJson(`${hub.url}/v1/kiosks/enroll`, { kioskId: 'kiosk-code', enrollmentCode: typed });
    expect(first.status).toBe(200);
    const second = await postJson(`${hub.url}/v1/kiosks/enroll`, {
      kioskId: 'kiosk-code',
      enrollmentCode: issued.code,
    });
    expect(second.status).toBe(401);
    expect(hub.log.lines()).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-code', reason: 'code_used' }));

    await hub.repository.createEnrollmentCode(
      {
        codeHash: hashSecret(normaliseEnrollmentCode('EXPD-EXPD-EXPD')),
        officeId: DEMO_OFFICE_ID,
        kioskId: 'kiosk-late',
        createdAt: '2020-01-01T00:00:00.000Z',
        expiresAt: '2020-01-04T00:00:00.000Z',
      },
      testAudit('kiosk-late'),
    );
    const expired = await postJson(`${hub.url}/v1/kiosks/enroll`, {
      kioskId: 'kiosk-late',
      enrollmentCode: 'expd-expd-expd',
    });
    expect(expired.status).toBe(401);
    expect(hub.log.lines()).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-late', reason: 'code_expired' }));
    const unknown = await postJson(`${hub.url}/v1/kiosks/enroll`, {
      kioskId: 'kiosk-late',
      enrollmentCode: 'NOPE-NOPE-NOPE',
    });
    expect(unknown.status).toBe(401);
  });

  it('never re-enrolls an enrolled kiosk id: its credential keeps working', async () => {
    const before = await enrollKiosk(hub.url, 'kiosk-reinstalled');
    await expect(enrollKiosk(hub.url, 'kiosk-reinstalled')).rejects.toThrow(/401/);
    expect((await lookup({ applicationNumber: '2345678901' }, before.headers)).status).toBe(200);
  });

  it('rejects input that does not match the schema with a HubError 400', async () => {
    const bad: unknown[] = [
      { applicationNumber: "1'; DROP TABLE applications; --" },
      { applicationNumber: 'ab' },
      { applicationNumber: 12345678 },
      { applicationNumber: '2345678901', extra: true },
      { applicationNumber: '2345678901', secondFactor: { kind: 'phone_last4', value: '12a4' } },
      { applicationNumber: '2345678901', secondFactor: { kind: 'birthday', value: '2000-01-01' } },
      {},
      '{"applicationNumber": ',
      'null',
    ];
    for (const body of bad) {
      const answer = await lookup(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(HubError.parse(answer.body).code).toBe('bad_request');
    }
    // The message says what is wrong without echoing what was sent.
    const echoed = await lookup({ applicationNumber: 'ЭТО-НЕ-НОМЕР-!!!' });
    expect(HubError.parse(echoed.body).message).not.toContain('ЭТО');

    const badEnroll = await postJson(`${hub.url}/v1/kiosks/enroll`, { kioskId: '', enrollmentCode: 'x' });
    expect(badEnroll.status).toBe(400);
    const badOutbox = await postJson(
      `${hub.url}/v1/outbox`,
      { items: [{ id: 'not-a-uuid', kind: 'x', at: new Date().toISOString(), payload: {} }] },
      kiosk.headers,
    );
    expect(badOutbox.status).toBe(400);
    const emptyOutbox = await postJson(`${hub.url}/v1/outbox`, { items: [] }, kiosk.headers);
    expect(emptyOutbox.status).toBe(400);
  });

  it('answers unknown routes and non-JSON bodies with HubErrors', async () => {
    const missing = await fetch(`${hub.url}/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(HubError.parse(await missing.json()).code).toBe('not_found');
    const text = await fetch(`${hub.url}/v1/status/lookup`, {
      method: 'POST',
      headers: { ...kiosk.headers, 'content-type': 'text/plain' },
      body: 'КУВД-001/2021-3670443',
    });
    expect(text.status).toBe(400);
    expect(HubError.parse(await text.json()).code).toBe('bad_request');
    const huge = await postJson(
      `${hub.url}/v1/outbox`,
      { items: [{ id: randomUUID(), kind: 'x', at: 'now', payload: { blob: 'x'.repeat(2 * 1024 * 1024) } }] },
      kiosk.headers,
    );
    expect(huge.status).toBe(400);
    const bigItem = await postJson(
      `${hub.url}/v1/outbox`,
      { items: [{ id: randomUUID(), kind: 'x', at: 'now', payload: { blob: 'x'.repeat(20_000) } }] },
      kiosk.headers,
    );
    expect(bigItem).toMatchObject({ status: 400, body: { code: 'bad_request' } });
  });

  it('stores outbox items once, in order per kiosk; a replay is reported as duplicates', async () => {
    const other = await enrollKiosk(hub.url, 'kiosk-outbox-2');
    const item = (n: number) => ({
      id: randomUUID(),
      kind: 'status.lookup',
      at: new Date().toISOString(),
      payload: { maskedNumber: `***000${n}`, outcome: 'found' },
    });
    const batch = [item(1), item(2), item(3)];
    const first = await postJson(`${hub.url}/v1/outbox`, { items: batch }, kiosk.headers);
    expect(OutboxPostResponse.parse(first.body)).toEqual({ accepted: batch.map((i) => i.id), duplicates: [] });

    // The kiosk lost the answer and resends, now with one more item behind.
    const more = [...batch, item(4)];
    const replay = await postJson(`${hub.url}/v1/outbox`, { items: more }, kiosk.headers);
    expect(replay.body).toEqual({ accepted: [more[3]?.id], duplicates: batch.map((i) => i.id) });

    // The same id from another kiosk is that kiosk's own item.
    const foreign = await postJson(`${hub.url}/v1/outbox`, { items: [batch[0]] }, other.headers);
    expect(foreign.body).toEqual({ accepted: [batch[0]?.id], duplicates: [] });

    // A batch repeating an id inside itself stores it once.
    const twice = item(5);
    const inner = await postJson(`${hub.url}/v1/outbox`, { items: [twice, twice] }, kiosk.headers);
    expect(inner.body).toEqual({ accepted: [twice.id], duplicates: [twice.id] });

    const stored = await hub.repository.listOutbox(kiosk.kioskId);
    expect(stored.map((s) => s.payload.maskedNumber)).toEqual(['***0001', '***0002', '***0003', '***0004', '***0005']);
    expect(stored.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await hub.repository.listOutbox(other.kioskId)).map((s) => s.id)).toEqual([batch[0]?.id]);
  });

  it('serves an OpenAPI document naming every route of the contract', async () => {
    const response = await fetch(`${hub.url}/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/healthz',
        '/readyz',
        '/v1/kiosks/enroll',
        '/v1/kiosks/heartbeat',
        '/v1/outbox',
        '/v1/status/lookup',
        '/v1/kiosk/setup',
        '/v1/kiosk/technician-bundle',
        '/v1/tickets',
        '/v1/bookings/check-in',
        '/v1/operator/call-next',
        '/v1/operator/tickets/{ticketId}/finish',
        '/v1/operator/offices/{officeId}/queue',
        '/v1/follow/{token}',
        '/q/{token}',
        '/v1/payments',
        '/v1/charges/resolve',
        '/v1/payments/end-of-day',
        '/v1/operator/offices/{officeId}/payments/report',
        '/v1/content/metadata/{name}',
        '/v1/content/targets/releases/{file}',
        '/v1/content/blobs/{sha256}',
        '/v1/content/assignment',
        '/v1/events',
        '/offices',
        '/offices/{officeId}',
        '/v1/offices',
        '/v1/offices/{officeId}/load',
        '/v1/kiosk/commands',
        '/v1/kiosk/commands/attachment',
        '/q/{token}/rating',
        '/v1/kiosk/rating/offer',
        '/v1/kiosk/rating',
        '/v1/help/requests',
        '/v1/help/callbacks',
      ].sort(),
    );
  });

  it('never writes a credential, an enrollment code or a full application number to its log', async () => {
    const text = hub.log.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(kiosk.credential);
    expect(text).not.toContain(TEST_TOKEN);
    for (const demo of DEMO_APPLICATIONS) {
      expect(text).not.toContain(demo.number);
      expect(text).not.toContain(normaliseApplicationNumber(demo.number).slice(-7));
    }
  });

  it('keeps masked numbers only in the lookup log, with kiosk, outcome and time', async () => {
    const entries = await hub.repository.listLookupLog(1000);
    expect(entries.length).toBeGreaterThan(10);
    expect(entries).toContainEqual(
      expect.objectContaining({ kioskId: kiosk.kioskId, maskedNumber: 'КУВД-***-***0443', outcome: 'found' }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ outcome: 'second_factor_mismatch' }));
    for (const entry of entries) {
      expect(entry.maskedNumber).toContain('***');
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    }
    // Straight from the file: no full number in the log table.
    const db = new Database(hub.dbPath, { readonly: true });
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM lookup_log').all());
      expect(dump).not.toContain('3670443');
      expect(dump).not.toContain('548444');
    } finally {
      db.close();
    }
  });
});

describe('hub rate limits', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({
      config: {
        lookupLimitPerKiosk: { limit: 5, windowSeconds: 60 },
        lookupLimitPerNumber: { limit: 3, windowSeconds: 3600 },
        enrollLimitPerAddress: { limit: 4, windowSeconds: 600 },
      },
    });
  });
  afterAll(async () => {
    await hub.dispose();
  });

  it('limits lookups of one number across kiosks, with Retry-After', async () => {
    const a = await enrollKiosk(hub.url, 'kiosk-a');
    const b = await enrollKiosk(hub.url, 'kiosk-b');
    const number = { applicationNumber: '2345678901' };
    const url = `${hub.url}/v1/status/lookup`;
    expect((await postJson(url, number, a.headers)).status).toBe(200);
    expect((await postJson(url, number, b.headers)).status).toBe(200);
    expect((await postJson(url, { applicationNumber: ' 2345678901' }, a.headers)).status).toBe(200);
    const limited = await postJson(url, number, b.headers);
    expect(limited.status).toBe(429);
    const error = HubError.parse(limited.body);
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThan(3500);
    expect(limited.headers.get('retry-after')).toBe(String(error.retryAfterSeconds));
    // Another number is still fine.
    expect((await postJson(url, { applicationNumber: '3456789012' }, b.headers)).status).toBe(200);
    const log = await hub.repository.listLookupLog(100);
    expect(log).toContainEqual(expect.objectContaining({ kioskId: 'kiosk-b', outcome: 'rate_limited_number' }));
  });

  it('limits lookups per kiosk, whatever the numbers', async () => {
    const c = await enrollKiosk(hub.url, 'kiosk-c');
    const url = `${hub.url}/v1/status/lookup`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await postJson(url, { applicationNumber: `700000000${i}` }, c.headers)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await postJson(url, { applicationNumber: '7100000000' }, c.headers);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Other kiosks are not affected.
    const d = await enrollKiosk(hub.url, 'kiosk-d');
    expect((await postJson(url, { applicationNumber: '7200000000' }, d.headers)).status).toBe(200);
  });

  it('limits enrollment attempts per address', async () => {
    // Four enrollments above used this address's whole allowance.
    const answer = await postJson(`${hub.url}/v1/kiosks/enroll`, {
      kioskId: 'kiosk-e',
      enrollmentCode: TEST_TOKEN,
      requestSecret: newRequestSecret(),
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).not.toBeNull();
  });
});
