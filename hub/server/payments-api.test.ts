import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError, OutboxPostResponse } from '../../kiosk-config/src/hub/hub-api';
import {
  ChargeResolveResponse,
  type PaymentReport,
  PaymentReportResponse,
  PaymentsDailyReport,
  Reconciliation,
} from '../../kiosk-config/src/hub/payments-api';
import { isValidUin, withUinCheckDigit } from '../../kiosk-config/src/hub/uin';
import { DEMO_OFFICE_ID } from '../db/demo-seed';
import {
  DEMO_CHARGES,
  DEMO_UIN_PAID,
  DEMO_UIN_PASSPORT,
  DEMO_UIN_PROPERTY,
  DEMO_UIN_UNKNOWN,
} from '../db/payments-demo-seed';
import {
  enrollKiosk,
  getJson,
  operatorHeaders,
  postJson,
  startTestHub,
  TEST_OPERATOR_TOKEN,
  type TestHub,
  type TestKiosk,
} from '../test/hub-test-support';
import { hashSecret } from './credentials';

/** A payment report as a kiosk sends it, in a given state. */
function report(state: PaymentReport['state'], overrides: Partial<PaymentReport> = {}): PaymentReport {
  const approved = ['delivered', 'committed', 'reversed', 'needs_attention', 'resolved', 'delivering', 'authorised'];
  return {
    paymentId: overrides.paymentId ?? randomUUID(),
    state,
    amountMinor: 150_000,
    charge: { feeId: 'passport-rf', title: 'Госпошлина: Замена паспорта', payeeName: 'УФК по Демо-области' },
    createdAt: '2026-11-23T07:50:00.000Z',
    updatedAt: '2026-11-23T07:51:00.000Z',
    ...(approved.includes(state)
      ? {
          terminal: {
            receiptNo: '101',
            trace: '101',
            rrn: '632700000101',
            authCode: 'A101',
            maskedPan: '**** 1234',
            at: '2026-11-23T07:50:30.000Z',
            terminalId: 'T0000001',
          },
          receipt: { printed: 'yes' as const, reprintNeeded: false, copies: 0 },
        }
      : {}),
    ...overrides,
  };
}

describe('the payments ledger over HTTP, on a real SQLite file', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let other: TestKiosk;

  beforeAll(async () => {
    hub = await startTestHub({ config: { demoOperatorToken: TEST_OPERATOR_TOKEN } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-pay-01');
    other = await enrollKiosk(hub.url, 'kiosk-pay-02');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const post = (body: unknown, who: TestKiosk = kiosk) => postJson(`${hub.url}/v1/payments`, body, who.headers);
  const resolve = (uin: string) => postJson(`${hub.url}/v1/charges/resolve`, { uin }, kiosk.headers);

  it('migrated the file to the payments schema', () => {
    const db = new Database(hub.dbPath, { readonly: true });
    try {
      const versions = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(versions).toContainEqual({ version: 3, name: 'payments' });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['payments', 'charges', 'payment_reconciliations']),
      );
    } finally {
      db.close();
    }
  });

  it('stores a payment once, and never moves it back', async () => {
    const delivered = report('delivered');
    const first = await post(delivered);
    expect(first.status).toBe(200);
    expect(PaymentReportResponse.parse(first.body)).toEqual({
      paymentId: delivered.paymentId,
      stored: 'created',
      state: 'delivered',
    });
    expect((await post(delivered)).body).toMatchObject({ stored: 'unchanged' });
    const committed = { ...delivered, state: 'committed' as const, updatedAt: '2026-11-23T07:51:05.000Z' };
    expect((await post(committed)).body).toMatchObject({ stored: 'updated', state: 'committed' });
    // A late replay of the older state: nothing changes.
    expect((await post(delivered)).body).toMatchObject({ stored: 'stale', state: 'committed' });
    // The same state, later (a reprint): the receipt facts update.
    const reprinted = {
      ...committed,
      updatedAt: '2026-11-23T08:30:00.000Z',
      receipt: { printed: 'yes' as const, reprintNeeded: false, copies: 1 },
    };
    expect((await post(reprinted)).body).toMatchObject({ stored: 'updated' });
    expect((await post(committed)).body).toMatchObject({ stored: 'unchanged' });
    // Attention outranks a final state; a person's resolution outranks attention.
    expect((await post({ ...committed, state: 'needs_attention', reason: 'commit_refused' })).body).toMatchObject({
      stored: 'updated',
    });
    expect((await post({ ...committed, state: 'resolved', reason: 'settled_by_staff' })).body).toMatchObject({
      stored: 'updated',
      state: 'resolved',
    });
    // Mutually exclusive finals keep the first.
    const declined = report('declined');
    await post(declined);
    expect((await post({ ...declined, state: 'cancelled', reason: 'not_completed' })).body).toMatchObject({
      stored: 'stale',
      state: 'declined',
    });
  });

  it("refuses another kiosk's payment id, card numbers, bad bodies and strangers", async () => {
    const mine = report('committed');
    await post(mine);
    const foreign = await post({ ...mine, updatedAt: '2026-11-23T09:00:00.000Z' }, other);
    expect(foreign.status).toBe(400);
    expect(HubError.parse(foreign.body).message).toContain('another kiosk');

    const pan = report('committed');
    const withPan = { ...pan, terminal: { ...pan.terminal, maskedPan: '4276123456781234' } };
    expect((await post(withPan)).status).toBe(400);
    expect((await post({ ...report('committed'), amountMinor: 0 })).status).toBe(400);
    expect((await post({ ...report('committed'), payer: 'Иванов' })).status).toBe(400);
    expect((await postJson(`${hub.url}/v1/payments`, report('committed'))).status).toBe(401);
    expect(hub.log.text()).not.toContain('4276123456781234');
  });

  it('resolves a УИН to its charge, with the payee details as strings', async () => {
    for (const { charge } of DEMO_CHARGES) expect(isValidUin(charge.uin)).toBe(true);
    expect(isValidUin(DEMO_UIN_UNKNOWN)).toBe(true);

    const found = await resolve('1881 0177 2600 0054 3210');
    expect(found.status).toBe(200);
    const answer = ChargeResolveResponse.parse(found.body);
    expect(answer).toMatchObject({
      outcome: 'found',
      charge: {
        uin: DEMO_UIN_PASSPORT,
        amountMinor: 150_000,
        payee: { inn: '7700000001', kpp: '770001001', account: '03100643000000017300', bic: '004525000' },
        kbk: '18810806000018003110',
        oktmo: '28701000',
      },
    });
    expect((await resolve(DEMO_UIN_UNKNOWN)).body).toEqual({ outcome: 'not_found' });
    expect((await resolve(DEMO_UIN_PAID)).body).toEqual({
      outcome: 'already_paid',
      paidAt: '2026-01-15T09:00:00.000Z',
    });
    const wrongCheckDigit = await resolve('18810177260000543211');
    expect(wrongCheckDigit.status).toBe(400);
    expect(HubError.parse(wrongCheckDigit.body).message).toContain('check digit');
    expect((await resolve('123')).status).toBe(400);
  });

  it('answers already_paid once a kiosk delivered a payment of the charge', async () => {
    expect(ChargeResolveResponse.parse((await resolve(DEMO_UIN_PROPERTY)).body).outcome).toBe('found');
    const paying = report('unknown', {
      amountMinor: 400_000,
      charge: { uin: DEMO_UIN_PROPERTY, title: 'Госпошлина за регистрацию права' },
    });
    await post(paying);
    expect(ChargeResolveResponse.parse((await resolve(DEMO_UIN_PROPERTY)).body).outcome).toBe('found');
    await post({
      ...report('delivered', { paymentId: paying.paymentId, amountMinor: 400_000, charge: paying.charge }),
    });
    expect((await resolve(DEMO_UIN_PROPERTY)).body).toMatchObject({ outcome: 'already_paid' });
  });
});

describe('payments through the outbox, reconciliation and the daily report', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;

  beforeAll(async () => {
    hub = await startTestHub({ config: { demoOperatorToken: TEST_OPERATOR_TOKEN } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-eod-01');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  const outbox = (items: { kind: string; payload: unknown }[]) =>
    postJson(
      `${hub.url}/v1/outbox`,
      { items: items.map((item) => ({ id: randomUUID(), at: '2026-11-23T08:00:00.000Z', ...item })) },
      kiosk.headers,
    );
  const eod = (count: number, totalMinor: number, closedAt = '2026-11-23T17:00:00.000Z') => ({
    id: randomUUID(),
    closedAt,
    count,
    totalMinor,
  });

  it('applies payment items of the outbox to the ledger, in order, and reconciles the end of day behind them', async () => {
    const a = report('delivered', { createdAt: '2026-11-23T07:00:00.000Z', updatedAt: '2026-11-23T07:01:00.000Z' });
    const b = report('committed', { createdAt: '2026-11-23T09:00:00.000Z', updatedAt: '2026-11-23T09:01:00.000Z' });
    const c = report('reversed', { createdAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-23T10:01:00.000Z' });
    const closing = eod(2, 300_000);
    const items = [
      { kind: 'payment.state', payload: a },
      { kind: 'payment.state', payload: b },
      { kind: 'payment.state', payload: c },
      { kind: 'payment.state', payload: { ...a, state: 'committed', updatedAt: '2026-11-23T07:02:00.000Z' } },
      { kind: 'payment.end_of_day', payload: closing },
    ];
    // Garbage in a payment item (or an unknown kind) refuses the batch before anything of it is
    // applied; the kiosk then sends one item at a time and sets the bad one aside.
    for (const garbage of [
      { kind: 'payment.state', payload: { paymentId: 'nope' } },
      { kind: 'ticket.issued', payload: { number: 'А-001', serviceId: 'passport-rf', printed: true } },
    ]) {
      const refused = await outbox([...items.slice(0, 2), garbage, ...items.slice(2)]);
      expect(refused.status).toBe(400);
      expect(HubError.parse(refused.body).message).toMatch(/^items\/2: /);
    }
    expect((await getJson(reportUrl('2026-11-23'), operatorHeaders())).body).toMatchObject({ payments: [] });
    const answer = await outbox(items);
    expect(answer.status).toBe(200);
    expect(OutboxPostResponse.parse(answer.body).accepted).toHaveLength(5);

    const day = PaymentsDailyReport.parse((await getJson(reportUrl('2026-11-23'), operatorHeaders())).body);
    expect(day.committed).toEqual({ count: 2, totalMinor: 300_000 });
    expect(day.reversed).toEqual({ count: 1, totalMinor: 150_000 });
    expect(day.payments.map((p) => p.paymentId)).toEqual([a.paymentId, b.paymentId, c.paymentId]);
    expect(day.payments[0]).toMatchObject({ maskedPan: '**** 1234', rrn: '632700000101', state: 'committed' });
    expect(day.reconciliations).toHaveLength(1);
    expect(day.reconciliations[0]).toMatchObject({
      reconciliationId: closing.id,
      kioskId: 'kiosk-eod-01',
      matched: true,
      ledger: { count: 2, totalMinor: 300_000 },
      differenceMinor: 0,
    });
  });

  const reportUrl = (date: string, officeId = DEMO_OFFICE_ID) =>
    `${hub.url}/v1/operator/offices/${officeId}/payments/report?date=${date}`;

  it('reconciles only what no earlier end of day counted, shows a difference, and answers a replay the same', async () => {
    const late = report('committed', { createdAt: '2026-11-24T08:00:00.000Z', updatedAt: '2026-11-24T08:01:00.000Z' });
    const afterClose = report('committed', {
      createdAt: '2026-11-24T18:00:00.000Z',
      updatedAt: '2026-11-24T18:01:00.000Z',
    });
    await postJson(`${hub.url}/v1/payments`, late, kiosk.headers);
    await postJson(`${hub.url}/v1/payments`, afterClose, kiosk.headers);
    // The terminal counted one more payment than the ledger knows of.
    const closing = eod(2, 250_000, '2026-11-24T17:00:00.000Z');
    const first = await postJson(`${hub.url}/v1/payments/end-of-day`, closing, kiosk.headers);
    expect(first.status).toBe(200);
    const reconciliation = Reconciliation.parse(first.body);
    expect(reconciliation).toMatchObject({
      matched: false,
      terminal: { count: 2, totalMinor: 250_000 },
      ledger: { count: 1, totalMinor: 150_000 },
      differenceCount: 1,
      differenceMinor: 100_000,
    });
    expect(hub.log.text()).toContain('terminal end of day does not match the ledger');
    const replay = await postJson(`${hub.url}/v1/payments/end-of-day`, closing, kiosk.headers);
    expect(replay.body).toEqual(first.body);
    // The payment after the close goes to the next end of day.
    const next = Reconciliation.parse(
      (await postJson(`${hub.url}/v1/payments/end-of-day`, eod(1, 150_000, '2026-11-24T23:00:00.000Z'), kiosk.headers))
        .body,
    );
    expect(next).toMatchObject({ matched: true, ledger: { count: 1, totalMinor: 150_000 } });
  });

  it('reports a day to operators of that office only', async () => {
    expect((await getJson(reportUrl('2026-11-23'))).status).toBe(401);
    const wrong = await getJson(reportUrl('2026-11-23'), operatorHeaders('not-a-token-of-this-hub-000000'));
    expect(wrong.status).toBe(401);
    const token = 'operator-token-of-office-two-0123456789';
    await hub.repository.saveOperatorToken({
      id: 'op-test-02',
      tokenHash: hashSecret(token),
      officeId: 'mfc-demo-02',
      label: 'test',
      createdAt: '2026-11-23T06:00:00.000Z',
    });
    expect((await getJson(reportUrl('2026-11-23'), operatorHeaders(token))).status).toBe(401);
    const empty = PaymentsDailyReport.parse(
      (await getJson(reportUrl('2026-11-23', 'mfc-demo-02'), operatorHeaders(token))).body,
    );
    expect(empty).toMatchObject({ committed: { count: 0, totalMinor: 0 }, payments: [], reconciliations: [] });
    expect((await getJson(reportUrl('23.11.2026'), operatorHeaders())).status).toBe(400);
    const next = PaymentsDailyReport.parse((await getJson(reportUrl('2026-11-24'), operatorHeaders())).body);
    expect(next.committed.count).toBe(2);
    expect(next.timeZone).toBe('Europe/Moscow');
  });

  it('puts a payment on the day of the office, not of UTC', async () => {
    // 22:30 UTC on the 24th is 01:30 on the 25th in Moscow.
    const night = report('declined', { createdAt: '2026-11-24T22:30:00.000Z', updatedAt: '2026-11-24T22:31:00.000Z' });
    await postJson(`${hub.url}/v1/payments`, night, kiosk.headers);
    const day = PaymentsDailyReport.parse((await getJson(reportUrl('2026-11-25'), operatorHeaders())).body);
    expect(day.payments.map((p) => p.paymentId)).toEqual([night.paymentId]);
    expect(day.declined).toBe(1);
  });
});

describe('the ledger trusts no kiosk', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let other: TestKiosk;

  beforeAll(async () => {
    hub = await startTestHub({ config: { demoOperatorToken: TEST_OPERATOR_TOKEN } });
    kiosk = await enrollKiosk(hub.url, 'kiosk-forger-01');
    other = await enrollKiosk(hub.url, 'kiosk-honest-02');
  });
  afterAll(async () => {
    await hub.dispose();
  });

  // A day of its own, so that nothing else of this file falls into it.
  const at = (time: string) => ({ createdAt: `2026-12-01T${time}.000Z`, updatedAt: `2026-12-01T${time}.500Z` });
  const post = (body: unknown, who: TestKiosk = kiosk) => postJson(`${hub.url}/v1/payments`, body, who.headers);
  const day = async () =>
    PaymentsDailyReport.parse(
      (
        await getJson(
          `${hub.url}/v1/operator/offices/${DEMO_OFFICE_ID}/payments/report?date=2026-12-01`,
          operatorHeaders(),
        )
      ).body,
    );
  const storedDispute = (paymentId: string) => {
    const db = new Database(hub.dbPath, { readonly: true });
    try {
      return (db.prepare('SELECT disputed FROM payments WHERE id = ?').get(paymentId) as { disputed: string | null })
        .disputed;
    } finally {
      db.close();
    }
  };

  it('stores a committed 1 000 000 ₽ payment of a 1 500 ₽ fee as disputed, out of the totals, and raises it', async () => {
    const honest = report('committed', at('06:00:00'));
    const forged = report('committed', { ...at('06:05:00'), amountMinor: 100_000_000 });
    expect((await post(honest)).body).toMatchObject({ stored: 'created' });
    // The kiosk hears nothing it could learn from.
    expect((await post(forged)).body).toEqual({ paymentId: forged.paymentId, stored: 'created', state: 'committed' });

    expect(storedDispute(forged.paymentId)).toBe('amount_mismatch');
    expect(storedDispute(honest.paymentId)).toBeNull();
    const report1 = await day();
    expect(report1.committed).toEqual({ count: 1, totalMinor: 150_000 });
    expect(report1.disputed).toEqual({ count: 1, totalMinor: 100_000_000 });
    expect(report1.payments.find((p) => p.paymentId === forged.paymentId)).toMatchObject({
      disputed: 'amount_mismatch',
      amountMinor: 100_000_000,
    });
    expect(report1.payments.find((p) => p.paymentId === honest.paymentId)).not.toHaveProperty('disputed');
    expect(report1.attention).toContainEqual({
      kind: 'payment_disputed',
      paymentId: forged.paymentId,
      kioskId: 'kiosk-forger-01',
      state: 'committed',
      amountMinor: 100_000_000,
      reason: 'amount_mismatch',
    });
    const line = hub.log.lines().find((l) => l.paymentId === forged.paymentId && String(l.msg).includes('disputed'));
    expect(line).toMatchObject({ level: 40, kioskId: 'kiosk-forger-01', reason: 'amount_mismatch' });

    // The terminal counted the honest payment only: the forged one does not spoil the reconciliation.
    const closing = { id: randomUUID(), closedAt: '2026-12-01T07:00:00.000Z', count: 1, totalMinor: 150_000 };
    const reconciliation = Reconciliation.parse(
      (await postJson(`${hub.url}/v1/payments/end-of-day`, closing, kiosk.headers)).body,
    );
    expect(reconciliation).toMatchObject({ matched: true, ledger: { count: 1, totalMinor: 150_000 } });
    // A later report cannot wash it: disputed stays disputed.
    await post({ ...forged, state: 'resolved', reason: 'settled_by_staff', updatedAt: '2026-12-01T06:30:00.000Z' });
    expect(storedDispute(forged.paymentId)).toBe('amount_mismatch');
  });

  it('disputes an unknown fee, another amount, an unknown or paid УИН, a УИН paid twice and a changed report', async () => {
    const cases: [PaymentReport, string][] = [
      [
        report('committed', { ...at('08:00:00'), charge: { feeId: 'no-such-fee', title: 'Госпошлина' } }),
        'unknown_fee',
      ],
      // The fee of another service (passport-foreign is 15 000 ₽).
      [
        report('committed', { ...at('08:01:00'), charge: { feeId: 'passport-foreign', title: 'Загранпаспорт' } }),
        'amount_mismatch',
      ],
      // A service without a fee.
      [
        report('committed', { ...at('08:02:00'), charge: { feeId: 'pension-consult', title: 'Пенсия' } }),
        'unknown_fee',
      ],
      [report('committed', { ...at('08:03:00'), charge: { title: 'Что-то' } }), 'no_charge'],
      [report('delivered', { ...at('08:04:00'), charge: { uin: DEMO_UIN_UNKNOWN, title: 'Штраф' } }), 'unknown_charge'],
      [
        report('committed', { ...at('08:05:00'), charge: { uin: DEMO_UIN_PAID, title: 'Штраф' } }),
        'charge_already_paid',
      ],
      [
        report('committed', {
          ...at('08:06:00'),
          amountMinor: 1_000,
          charge: { uin: DEMO_UIN_PASSPORT, title: 'Паспорт' },
        }),
        'amount_mismatch',
      ],
    ];
    for (const [forged, reason] of cases) {
      expect((await post(forged)).status).toBe(200);
      expect({ reason: storedDispute(forged.paymentId) }).toEqual({ reason });
    }

    // A УИН paid by one payment cannot be paid by another (the honest kiosk came first).
    const first = report('committed', {
      ...at('09:00:00'),
      charge: { uin: DEMO_UIN_PASSPORT, title: 'Госпошлина за паспорт' },
    });
    expect((await post(first, other)).body).toMatchObject({ stored: 'created' });
    expect(storedDispute(first.paymentId)).toBeNull();
    const twice = report('committed', { ...at('09:05:00'), charge: first.charge });
    await post(twice);
    expect(storedDispute(twice.paymentId)).toBe('charge_already_paid');
    // Replays of the honest one stay accepted (it is not «another payment» of its own УИН).
    await post({ ...first, updatedAt: '2026-12-01T09:30:00.000Z' }, other);
    expect(storedDispute(first.paymentId)).toBeNull();

    // Accepted at first, then reported with another amount: disputed.
    const changing = report('delivered', at('10:00:00'));
    await post(changing);
    expect(storedDispute(changing.paymentId)).toBeNull();
    await post({ ...changing, state: 'committed', amountMinor: 9_900_000, updatedAt: '2026-12-01T10:01:00.000Z' });
    expect(storedDispute(changing.paymentId)).toBe('report_changed');

    const report2 = await day();
    const disputedIds = report2.attention.filter((a) => a.kind === 'payment_disputed').map((a) => a.paymentId);
    for (const [forged] of cases) expect(disputedIds).toContain(forged.paymentId);
    expect(disputedIds).toContain(twice.paymentId);
    expect(disputedIds).toContain(changing.paymentId);
    expect(disputedIds).not.toContain(first.paymentId);
    // Only the honest fee of the first test and the honest УИН payment count as money taken.
    expect(report2.committed).toEqual({ count: 2, totalMinor: 300_000 });
  });

  it('disputes forged payment items that come through the outbox too', async () => {
    const forged = report('committed', { ...at('11:00:00'), amountMinor: 100_000_000 });
    const answer = await postJson(
      `${hub.url}/v1/outbox`,
      { items: [{ id: randomUUID(), at: '2026-12-01T11:00:01.000Z', kind: 'payment.state', payload: forged }] },
      kiosk.headers,
    );
    expect(answer.status).toBe(200);
    expect(storedDispute(forged.paymentId)).toBe('amount_mismatch');
  });

  it('accepts valid payments as before: a fee at its amount, a УИН found and unpaid', async () => {
    const fee = report('committed', {
      ...at('12:00:00'),
      charge: { feeId: 'property-registration', title: 'Право' },
      amountMinor: 400_000,
    });
    const uin = report('committed', {
      ...at('12:05:00'),
      amountMinor: 400_000,
      charge: { uin: DEMO_UIN_PROPERTY, title: 'Госпошлина за регистрацию права' },
    });
    expect((await post(fee)).body).toMatchObject({ stored: 'created', state: 'committed' });
    expect((await post(uin, other)).body).toMatchObject({ stored: 'created', state: 'committed' });
    expect(storedDispute(fee.paymentId)).toBeNull();
    expect(storedDispute(uin.paymentId)).toBeNull();
    const report3 = await day();
    expect(report3.committed).toEqual({ count: 4, totalMinor: 1_100_000 });
  });

  it('disputes the second of two payments of one УИН that race to delivered; a disputed one pays no charge', async () => {
    const uin = withUinCheckDigit('032212000000000005555555');
    await hub.payments.upsertCharge(
      {
        uin,
        amountMinor: 200_000,
        payee: { name: 'УФК', inn: '7700000001', kpp: '770001001', account: '03100643000000017300', bic: '004525000' },
        purpose: 'Госпошлина',
      },
      { createdAt: '2026-12-01T05:00:00.000Z' },
    );
    const charge = { uin, title: 'Госпошлина' };
    const forged = report('delivered', { ...at('13:00:00'), amountMinor: 100_000_000, charge });
    await post(forged);
    expect(storedDispute(forged.paymentId)).toBe('amount_mismatch');
    // The forged «delivered» payment did not pay the charge.
    expect((await postJson(`${hub.url}/v1/charges/resolve`, { uin }, kiosk.headers)).body).toMatchObject({
      outcome: 'found',
    });
    const a = report('authorising', { ...at('13:10:00'), amountMinor: 200_000, charge });
    const b = report('authorising', { ...at('13:11:00'), amountMinor: 200_000, charge });
    await post(a, other);
    await post(b);
    expect([storedDispute(a.paymentId), storedDispute(b.paymentId)]).toEqual([null, null]);
    await post({ ...a, state: 'delivered', updatedAt: '2026-12-01T13:12:00.000Z' }, other);
    await post({ ...b, state: 'delivered', updatedAt: '2026-12-01T13:12:30.000Z' });
    expect([storedDispute(a.paymentId), storedDispute(b.paymentId)]).toEqual([null, 'charge_already_paid']);
  });

  it('raises an end of day whose totals differ from the ledger on the attention list', async () => {
    // The forger's terminal «counted» its forged payments: the ledger did not.
    const closing = { id: randomUUID(), closedAt: '2026-12-01T20:00:00.000Z', count: 3, totalMinor: 100_400_000 };
    const reconciliation = Reconciliation.parse(
      (await postJson(`${hub.url}/v1/payments/end-of-day`, closing, kiosk.headers)).body,
    );
    expect(reconciliation).toMatchObject({ matched: false, ledger: { count: 1, totalMinor: 400_000 } });
    expect(hub.log.text()).toContain('terminal end of day does not match the ledger');
    expect((await day()).attention).toContainEqual({
      kind: 'reconciliation_mismatch',
      reconciliationId: closing.id,
      kioskId: 'kiosk-forger-01',
      differenceCount: 2,
      differenceMinor: 100_000_000,
    });
  });
});
