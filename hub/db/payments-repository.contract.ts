import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Charge, EndOfDayReport, PaymentReport } from '../../kiosk-config/src/hub/payments-api';
import { withUinCheckDigit } from '../../kiosk-config/src/hub/uin';
import type { HubCoreRepository } from './hub-repository';
import type { PaymentEntry, PaymentsRepository } from './payments-repository';

/**
 * One store under the payments contract: the ledger (`payments`), the hub store on the same
 * database (`hub`: the ledger's rows name enrolled kiosks), `another` ledger instance on the same
 * data (a second SQLite connection, a second PostgreSQL pool: a second hub process), and `close`
 * for all of them.
 */
export interface PaymentsContractStore {
  payments: PaymentsRepository;
  hub: HubCoreRepository;
  another(): Promise<PaymentsRepository>;
  close(): Promise<void>;
}

const T0 = '2026-11-23T05:00:00.000Z';
/** The office's fees, by service id (kopecks). */
const FEES: ReadonlyMap<string, number> = new Map([
  ['passport', 150_000],
  ['property', 100_000_000],
]);
const PAYEE: Charge['payee'] = {
  name: 'УФК по Демо-области',
  inn: '7700000001',
  kpp: '770001001',
  account: '03100643000000017300',
  bic: '004525000',
};
const charge = (body: string, amountMinor: number, extra: Partial<Charge> = {}): Charge => ({
  uin: withUinCheckDigit(body),
  amountMinor,
  payee: PAYEE,
  purpose: 'Госпошлина',
  ...extra,
});

/** A kiosk's payment report of a 1 500 ₽ passport fee, in a given state. */
function report(state: PaymentReport['state'], overrides: Partial<PaymentReport> = {}): PaymentReport {
  return {
    paymentId: randomUUID(),
    state,
    amountMinor: 150_000,
    charge: { feeId: 'passport', title: 'Госпошлина: паспорт' },
    createdAt: '2026-11-23T07:50:00.000Z',
    updatedAt: '2026-11-23T07:51:00.000Z',
    ...overrides,
  };
}

const TERMINAL: NonNullable<PaymentReport['terminal']> = {
  receiptNo: '101',
  rrn: '632700000101',
  authCode: 'A101',
  maskedPan: '**** 1234',
  at: '2026-11-23T07:50:30.000Z',
};

/** The report as it reaches the ledger (`officeDate`: the day of `createdAt` in UTC, enough here). */
function entry(payment: PaymentReport, kioskId = 'k1', officeId = 'o1'): PaymentEntry {
  return {
    kioskId,
    officeId,
    officeDate: payment.createdAt.slice(0, 10),
    receivedAt: '2026-11-23T08:00:00.000Z',
    report: payment,
    officeFees: FEES,
  };
}

function endOfDay(closedAt: string, count: number, totalMinor: number, kioskId = 'k1') {
  const eod: EndOfDayReport = { id: randomUUID(), closedAt, count, totalMinor };
  return { kioskId, officeId: 'o1', officeDate: closedAt.slice(0, 10), receivedAt: closedAt, report: eod };
}

/** Offices o1 (kiosks k1, k2) and o2 (kiosk k3), enrolled through the hub store's own calls. */
async function enrollKiosks(hub: HubCoreRepository): Promise<void> {
  for (const [kioskId, officeId] of [
    ['k1', 'o1'],
    ['k2', 'o1'],
    ['k3', 'o2'],
  ] as const) {
    await hub.upsertOffice({ id: officeId, name: officeId, regionId: 'r1' });
    const codeHash = `code-${kioskId}`;
    const audit = { at: T0, actor: 'tester', action: 'create-enrollment-code', subject: kioskId, detail: {} };
    await hub.createEnrollmentCode(
      { codeHash, officeId, kioskId, createdAt: T0, expiresAt: '2027-01-01T00:00:00.000Z' },
      audit,
    );
    const enrolled = await hub.enrollWithCode({ codeHash, kioskId, credentialHash: `cred-${kioskId}`, at: T0 });
    if (!enrolled.ok) throw new Error(`enrolling ${kioskId}: ${enrolled.error.code}`);
  }
}

/**
 * The tests every `PaymentsRepository` passes, one body for both stores: call inside a `describe`
 * of the store's test file, with how to open a fresh, empty store (closed after each test).
 */
export function paymentsRepositoryContract(openStore: () => Promise<PaymentsContractStore>): void {
  /** Runs `test` on a fresh store with its kiosks enrolled, and closes it, passed or failed. */
  const withStore = (test: (store: PaymentsContractStore) => Promise<void>) => async () => {
    const store = await openStore();
    try {
      await enrollKiosks(store.hub);
      await test(store);
    } finally {
      await store.close();
    }
  };
  const dayOf = (payments: PaymentsRepository, date = '2026-11-23', officeId = 'o1') =>
    payments.paymentsOfDay(officeId, date);
  /**
   * A second instance, with both ready to serve 20 calls at once (a pool opens its connections on
   * demand: opening them one by one in the race would keep the calls apart, and hide the race).
   */
  const racingPair = async ({ payments, another }: PaymentsContractStore) => {
    const second = await another();
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? payments : second).paymentsOfDay('o1', 'warm-up')),
    );
    return second;
  };
  const disputes = async (payments: PaymentsRepository, date = '2026-11-23') =>
    Object.fromEntries((await dayOf(payments, date)).payments.map((p) => [p.paymentId, p.disputed ?? null]));

  it(
    'records a payment once, keeps its furthest state, and lets a later report of a state add what it knows',
    withStore(async ({ payments }) => {
      const created = report('authorising', { ticketNumber: 'А-001' });
      const record = (payment: PaymentReport) => payments.recordPayment(entry(payment));
      const id = created.paymentId;
      expect(await record(created)).toEqual({ paymentId: id, stored: 'created', state: 'authorising' });
      expect(await record(created)).toEqual({ paymentId: id, stored: 'unchanged', state: 'authorising' });
      const delivered = {
        ...created,
        state: 'delivered' as const,
        updatedAt: '2026-11-23T07:52:00.000Z',
        terminal: TERMINAL,
        receipt: { printed: 'uncertain' as const, reprintNeeded: true, copies: 0 },
      };
      expect(await record(delivered)).toEqual({ paymentId: id, stored: 'updated', state: 'delivered' });
      // A late replay of an older state changes nothing.
      expect(await record(created)).toEqual({ paymentId: id, stored: 'stale', state: 'delivered' });
      // The same state, later, without the terminal's facts: they stay; the receipt's change.
      const reprinted = {
        ...created,
        state: 'delivered' as const,
        updatedAt: '2026-11-23T07:59:00.000Z',
        receipt: { printed: 'yes' as const, reprintNeeded: false, copies: 1 },
      };
      expect(await record(reprinted)).toEqual({ paymentId: id, stored: 'updated', state: 'delivered' });
      expect(await record(delivered)).toEqual({ paymentId: id, stored: 'unchanged', state: 'delivered' });
      // Mutually exclusive finals keep the first; attention outranks them.
      const committed = { ...reprinted, state: 'committed' as const, updatedAt: '2026-11-23T08:00:00.000Z' };
      expect(await record(committed)).toMatchObject({ stored: 'updated', state: 'committed' });
      expect(await record({ ...committed, state: 'reversed', reason: 'undelivered' })).toMatchObject({
        stored: 'stale',
        state: 'committed',
      });
      const attention = { ...committed, state: 'needs_attention' as const, reason: 'commit_refused' as const };
      expect(await record(attention)).toMatchObject({ stored: 'updated', state: 'needs_attention' });

      expect((await dayOf(payments)).payments).toEqual([
        {
          paymentId: id,
          kioskId: 'k1',
          state: 'needs_attention',
          amountMinor: 150_000,
          title: 'Госпошлина: паспорт',
          createdAt: created.createdAt,
          updatedAt: '2026-11-23T08:00:00.000Z',
          rrn: '632700000101',
          maskedPan: '**** 1234',
          reason: 'commit_refused',
          reprintNeeded: false,
        },
      ]);
    }),
  );

  it(
    "refuses another kiosk's payment id and leaves that payment as it was",
    withStore(async ({ payments }) => {
      const mine = report('committed');
      await payments.recordPayment(entry(mine));
      const later = { ...mine, state: 'resolved' as const, updatedAt: '2026-11-23T09:00:00.000Z' };
      expect(await payments.recordPayment(entry(later, 'k2'))).toEqual({
        stored: 'foreign',
        paymentId: mine.paymentId,
      });
      expect((await dayOf(payments)).payments).toMatchObject([
        { paymentId: mine.paymentId, kioskId: 'k1', state: 'committed' },
      ]);
    }),
  );

  it(
    'disputes a record that does not match the fee or the charge, says so once, and keeps it disputed for good',
    withStore(async ({ payments }) => {
      const paid = charge('1881047726000099887', 50_000);
      await payments.upsertCharge(paid, { createdAt: T0, paidAt: '2026-01-15T09:00:00.000Z' });
      const unpaid = charge('1881017726000054321', 150_000);
      await payments.upsertCharge(unpaid, { createdAt: T0 });
      const cases: [PaymentReport, string][] = [
        [report('committed', { charge: { feeId: 'no-such-fee', title: 'x' } }), 'unknown_fee'],
        [report('committed', { charge: { feeId: 'property', title: 'x' } }), 'amount_mismatch'],
        [report('committed', { charge: { title: 'x' } }), 'no_charge'],
        [
          report('delivered', { charge: { uin: withUinCheckDigit('032212000000000007654321'), title: 'x' } }),
          'unknown_charge',
        ],
        [report('committed', { amountMinor: 50_000, charge: { uin: paid.uin, title: 'x' } }), 'charge_already_paid'],
        [report('committed', { amountMinor: 1_000, charge: { uin: unpaid.uin, title: 'x' } }), 'amount_mismatch'],
      ];
      for (const [forged, reason] of cases) {
        expect(await payments.recordPayment(entry(forged))).toEqual({
          paymentId: forged.paymentId,
          stored: 'created',
          state: forged.state,
          disputed: reason,
        });
      }
      const honest = report('delivered');
      expect(await payments.recordPayment(entry(honest))).toEqual({
        paymentId: honest.paymentId,
        stored: 'created',
        state: 'delivered',
      });
      // A later report that changes the amount: disputed from then on, whatever comes after.
      const changed = {
        ...honest,
        state: 'committed' as const,
        amountMinor: 9_900_000,
        updatedAt: '2026-11-23T08:00:00.000Z',
      };
      expect(await payments.recordPayment(entry(changed))).toEqual({
        paymentId: honest.paymentId,
        stored: 'updated',
        state: 'committed',
        disputed: 'report_changed',
      });
      const settled = {
        ...honest,
        state: 'resolved' as const,
        reason: 'settled_by_staff' as const,
        updatedAt: '2026-11-23T09:00:00.000Z',
      };
      expect(await payments.recordPayment(entry(settled))).toEqual({
        paymentId: honest.paymentId,
        stored: 'updated',
        state: 'resolved',
      });
      const [first] = cases[0] as [PaymentReport, string];
      expect(await payments.recordPayment(entry(first))).toEqual({
        paymentId: first.paymentId,
        stored: 'unchanged',
        state: 'committed',
      });
      expect(await disputes(payments)).toEqual(
        Object.fromEntries([
          ...cases.map(([forged, reason]) => [forged.paymentId, reason]),
          [honest.paymentId, 'report_changed'],
        ]),
      );
    }),
  );

  it(
    'resolves a УИН to its charge, replaced by a later upsert, and to already_paid once paid elsewhere or by a believed payment',
    withStore(async ({ payments }) => {
      const uin = withUinCheckDigit('032212000000000001234567');
      expect(await payments.resolveCharge(uin)).toEqual({ outcome: 'not_found' });
      const full = charge('032212000000000001234567', 400_000, {
        payee: { ...PAYEE, bankName: 'ОТДЕЛЕНИЕ ДЕМО' },
        kbk: '18810806000018003110',
        oktmo: '28701000',
      });
      await payments.upsertCharge(full, { createdAt: T0 });
      expect(await payments.resolveCharge(uin)).toEqual({ outcome: 'found', charge: full });
      const bare = charge('032212000000000001234567', 200_000);
      await payments.upsertCharge(bare, { createdAt: T0 });
      expect(await payments.resolveCharge(uin)).toEqual({ outcome: 'found', charge: bare });

      const paying = { charge: { uin, title: 'Госпошлина' }, amountMinor: 200_000 };
      // A disputed payment reaching delivered pays nothing; a believed one still on its way neither.
      const forged = report('delivered', { ...paying, amountMinor: 1_000 });
      await payments.recordPayment(entry(forged));
      const honest = report('authorising', paying);
      await payments.recordPayment(entry(honest));
      expect(await payments.resolveCharge(uin)).toEqual({ outcome: 'found', charge: bare });
      await payments.recordPayment(entry({ ...honest, state: 'delivered', updatedAt: '2026-11-23T07:55:00.000Z' }));
      expect(await payments.resolveCharge(uin)).toEqual({
        outcome: 'already_paid',
        paidAt: '2026-11-23T07:55:00.000Z',
      });

      await payments.upsertCharge(charge('1881047726000099887', 50_000), {
        createdAt: T0,
        paidAt: '2026-01-15T09:00:00.000Z',
      });
      expect(await payments.resolveCharge(withUinCheckDigit('1881047726000099887'))).toEqual({
        outcome: 'already_paid',
        paidAt: '2026-01-15T09:00:00.000Z',
      });
    }),
  );

  it(
    'disputes the second of two payments of one УИН to reach a paid state, not the first one’s replays',
    withStore(async ({ payments }) => {
      const bill = charge('1881017726000054321', 150_000);
      await payments.upsertCharge(bill, { createdAt: T0 });
      const paying = { charge: { uin: bill.uin, title: 'Госпошлина' } };
      const a = report('authorising', paying);
      const b = report('authorising', { ...paying, createdAt: '2026-11-23T07:50:30.000Z' });
      await payments.recordPayment(entry(a, 'k2'));
      await payments.recordPayment(entry(b));
      const later = (payment: PaymentReport, state: PaymentReport['state'], updatedAt: string) => ({
        ...payment,
        state,
        updatedAt,
      });
      await payments.recordPayment(entry(later(a, 'delivered', '2026-11-23T07:52:00.000Z'), 'k2'));
      expect(await payments.recordPayment(entry(later(b, 'delivered', '2026-11-23T07:53:00.000Z')))).toMatchObject({
        disputed: 'charge_already_paid',
      });
      expect(await payments.recordPayment(entry(later(a, 'committed', '2026-11-23T07:54:00.000Z'), 'k2'))).toEqual({
        paymentId: a.paymentId,
        stored: 'updated',
        state: 'committed',
      });
      expect(await disputes(payments)).toEqual({ [a.paymentId]: null, [b.paymentId]: 'charge_already_paid' });
    }),
  );

  it(
    "reconciles a kiosk's committed, believed, uncounted payments up to the close, and answers a replay the same",
    withStore(async ({ payments }) => {
      const record = (payment: PaymentReport, kioskId = 'k1') => payments.recordPayment(entry(payment, kioskId));
      const at = (time: string) => ({ createdAt: `2026-11-23T${time}.000Z`, updatedAt: `2026-11-23T${time}.500Z` });
      const counted = [report('committed', at('08:00:00')), report('committed', at('09:00:00'))];
      for (const payment of counted) await record(payment);
      await record(report('delivered', at('09:10:00'))); // not committed yet
      await record(report('reversed', at('09:20:00')));
      await record(report('committed', { ...at('09:30:00'), amountMinor: 99_000 })); // disputed
      await record(report('committed', at('09:40:00')), 'k2'); // another kiosk
      const late = report('committed', at('18:00:00')); // after the close
      await record(late);

      const closing = endOfDay('2026-11-23T17:00:00.000Z', 3, 450_000);
      const first = await payments.reconcile(closing);
      expect(first).toEqual({
        reconciliationId: closing.report.id,
        kioskId: 'k1',
        closedAt: '2026-11-23T17:00:00.000Z',
        terminal: { count: 3, totalMinor: 450_000 },
        ledger: { count: 2, totalMinor: 300_000 },
        matched: false,
        differenceCount: 1,
        differenceMinor: 150_000,
      });
      // A replay, even with other figures, answers what was stored.
      expect(
        await payments.reconcile({ ...closing, report: { ...closing.report, count: 2, totalMinor: 300_000 } }),
      ).toEqual(first);
      // A close with an offset is compared as an instant, not as text: 20:30+03:00 is before `late`.
      const next = await payments.reconcile(endOfDay('2026-11-23T20:30:00.000+03:00', 0, 0));
      expect(next).toMatchObject({ ledger: { count: 0, totalMinor: 0 }, matched: true });
      const last = await payments.reconcile(endOfDay('2026-11-23T20:30:00.000+02:00', 1, 150_000));
      expect(last).toMatchObject({ ledger: { count: 1, totalMinor: 150_000 }, matched: true, differenceMinor: 0 });
      const stored = (await dayOf(payments)).reconciliations.map((r) => r.reconciliationId);
      expect(stored.sort()).toEqual([closing.report.id, next.reconciliationId, last.reconciliationId].sort());
    }),
  );

  it(
    'sums kopecks past 2^31 exactly',
    withStore(async ({ payments }) => {
      const big = (n: number) =>
        report('committed', {
          amountMinor: 100_000_000,
          charge: { feeId: 'property', title: 'Право' },
          createdAt: `2026-11-23T08:${String(n).padStart(2, '0')}:00.000Z`,
        });
      for (let n = 0; n < 30; n += 1) await payments.recordPayment(entry(big(n)));
      const reconciliation = await payments.reconcile(endOfDay('2026-11-23T17:00:00.000Z', 30, 3_000_000_000));
      expect(reconciliation).toMatchObject({ ledger: { count: 30, totalMinor: 3_000_000_000 }, matched: true });
      const day = await dayOf(payments);
      expect(day.payments.reduce((sum, p) => sum + p.amountMinor, 0)).toBe(3_000_000_000);
      expect(day.reconciliations[0]?.terminal).toEqual({ count: 30, totalMinor: 3_000_000_000 });
    }),
  );

  it(
    "lists an office's day only, payments by creation time and id, reconciliations by close",
    withStore(async ({ payments }) => {
      const at = (createdAt: string, paymentId: string = randomUUID()) => report('declined', { paymentId, createdAt });
      const tie = ['ffffffff-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000'];
      const reports = [
        at('2026-11-23T12:00:00.000Z'),
        at('2026-11-23T09:00:00.000Z', tie[0]),
        at('2026-11-23T09:00:00.000Z', tie[1]),
      ];
      for (const payment of reports) await payments.recordPayment(entry(payment));
      await payments.recordPayment(entry(at('2026-11-24T09:00:00.000Z')));
      await payments.recordPayment(entry(at('2026-11-23T10:00:00.000Z'), 'k3', 'o2'));
      const evening = await payments.reconcile(endOfDay('2026-11-23T20:00:00.000Z', 0, 0));
      const noon = await payments.reconcile(endOfDay('2026-11-23T12:00:00.000Z', 0, 0, 'k2'));
      await payments.reconcile(endOfDay('2026-11-24T20:00:00.000Z', 0, 0));

      const day = await dayOf(payments);
      expect(day.payments.map((p) => p.paymentId)).toEqual([tie[1], tie[0], reports[0]?.paymentId]);
      expect(day.reconciliations).toEqual([noon, evening]);
      expect((await dayOf(payments, '2026-11-23', 'o2')).payments).toHaveLength(1);
      expect(await dayOf(payments, '2026-11-22')).toEqual({ payments: [], reconciliations: [] });
    }),
  );

  it(
    'stores one payment sent 20 times at once to two instances once, and every answer agrees',
    withStore(async (store) => {
      const { payments } = store;
      const second = await racingPair(store);
      const delivered = report('delivered', { terminal: TERMINAL });
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? payments : second).recordPayment(entry(delivered))),
      );
      expect(answers.filter((answer) => answer.stored === 'created')).toHaveLength(1);
      expect(answers.filter((answer) => answer.stored === 'unchanged')).toHaveLength(19);
      for (const answer of answers)
        expect(answer).toMatchObject({ paymentId: delivered.paymentId, state: 'delivered' });
      expect((await dayOf(second)).payments).toMatchObject([{ paymentId: delivered.paymentId, rrn: TERMINAL.rrn }]);
    }),
  );

  it(
    'gives one payment id to the kiosk that recorded it first when two kiosks race for it',
    withStore(async (store) => {
      const { payments } = store;
      const second = await racingPair(store);
      const contested = report('committed');
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          (n % 3 === 0 ? payments : second).recordPayment(entry(contested, n % 2 === 0 ? 'k1' : 'k2')),
        ),
      );
      const [stored] = (await dayOf(payments)).payments;
      const winner = stored?.kioskId;
      expect(answers.filter((answer) => answer.stored === 'created')).toHaveLength(1);
      answers.forEach((answer, n) => {
        const kiosk = n % 2 === 0 ? 'k1' : 'k2';
        expect(answer.stored === 'foreign').toBe(kiosk !== winner);
      });
      expect((await dayOf(payments)).payments).toHaveLength(1);
    }),
  );

  it(
    'lets one of 20 payments of one УИН racing over two instances pay it, and disputes the other 19',
    withStore(async (store) => {
      const { payments } = store;
      const second = await racingPair(store);
      const bill = charge('1881017726000054321', 150_000);
      await payments.upsertCharge(bill, { createdAt: T0 });
      const racing = Array.from({ length: 20 }, () =>
        report('delivered', { charge: { uin: bill.uin, title: 'Паспорт' } }),
      );
      const answers = await Promise.all(
        racing.map((payment, n) =>
          (n % 2 === 0 ? payments : second).recordPayment(entry(payment, n % 4 < 2 ? 'k1' : 'k2')),
        ),
      );
      for (const answer of answers) expect(answer).toMatchObject({ stored: 'created', state: 'delivered' });
      const disputedAnswers = answers.filter((answer) => 'disputed' in answer);
      expect(disputedAnswers).toHaveLength(19);
      for (const answer of disputedAnswers) expect(answer).toMatchObject({ disputed: 'charge_already_paid' });
      const stored = Object.values(await disputes(second));
      expect(stored.filter((reason) => reason === null)).toHaveLength(1);
      expect(await payments.resolveCharge(bill.uin)).toMatchObject({ outcome: 'already_paid' });
    }),
  );

  it(
    'reconciles one end of day sent 20 times at once to two instances once, and counts each payment in one reconciliation',
    withStore(async (store) => {
      const { payments } = store;
      const second = await racingPair(store);
      const committed = (n: number) =>
        report('committed', { createdAt: `2026-11-23T08:${String(n).padStart(2, '0')}:00.000Z` });
      for (let n = 0; n < 5; n += 1) await payments.recordPayment(entry(committed(n)));
      const closing = endOfDay('2026-11-23T17:00:00.000Z', 5, 750_000);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? payments : second).reconcile(closing)),
      );
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(answers[0]).toMatchObject({ ledger: { count: 5, totalMinor: 750_000 }, matched: true });

      // Ends of day of other ids racing each other and new payments: none counted twice, none lost.
      const more = Array.from({ length: 10 }, (_, n) => committed(10 + n));
      const closings = Array.from({ length: 6 }, () => endOfDay('2026-11-23T17:00:00.000Z', 0, 0));
      await Promise.all([
        ...more.map((payment, n) => (n % 2 === 0 ? payments : second).recordPayment(entry(payment))),
        ...closings.map((eod, n) => (n % 2 === 0 ? second : payments).reconcile(eod)),
      ]);
      await payments.reconcile(endOfDay('2026-11-23T17:00:00.000Z', 0, 0));
      const { reconciliations } = await dayOf(second);
      expect(reconciliations).toHaveLength(8);
      expect(reconciliations.reduce((sum, r) => sum + r.ledger.count, 0)).toBe(15);
      expect(reconciliations.reduce((sum, r) => sum + r.ledger.totalMinor, 0)).toBe(15 * 150_000);
    }),
  );
}
