import { describe, expect, it, vi } from 'vitest';
import type { CatalogueFile, PaymentReceiptFace } from '../../../kiosk-config/src/index';
import { createLogger } from '../logging/logger';
import { VisitorSession } from '../session/visitor-session';
import type { PaymentOutcome } from './payment-service';
import { DEMO_FEE, PASSPORT_FEE } from './payment-test-support';
import { type ChargeHub, endOf, VisitorPayments } from './visitor-payments';

const receipt: PaymentReceiptFace = {
  officeName: 'МФЦ',
  items: [{ name: 'Госпошлина: Замена паспорта', amount: '1 500,00 руб.' }],
  total: '1 500,00 руб.',
  card: '**** 4242',
  authCode: 'A00001',
  rrn: '000000000001',
  paidAt: '23.11.2026 10:00',
  purpose: 'Госпошлина за выдачу паспорта',
  reference: '5D0C8F52',
};

describe('endOf: how a payment ended, as the visitor is told', () => {
  it('paid: approved, with the receipt’s face and the linked ticket; printed only when on paper for sure', () => {
    expect(endOf({ outcome: 'paid', paymentId: 'p', printed: 'yes', receipt }, 150_000, 'Б-007')).toEqual({
      outcome: 'approved',
      receipt: {
        printed: true,
        amountMinor: 150_000,
        purpose: 'Госпошлина за выдачу паспорта',
        rrn: '000000000001',
        authCode: 'A00001',
        maskedPan: '**** 4242',
        paidAt: '23.11.2026 10:00',
        reference: '5D0C8F52',
      },
      ticketNumber: 'Б-007',
    });
    for (const printed of ['no', 'uncertain'] as const) {
      const end = endOf({ outcome: 'paid', paymentId: 'p', printed, receipt }, 150_000);
      expect(end).toMatchObject({ outcome: 'approved', receipt: { printed: false } });
      expect(end).not.toHaveProperty('ticketNumber');
    }
  });

  it('maps every other outcome to what the screen says', () => {
    expect(endOf({ outcome: 'declined', paymentId: 'p' }, 1)).toEqual({ outcome: 'declined' });
    expect(endOf({ outcome: 'cancelled', paymentId: 'p' }, 1)).toEqual({ outcome: 'cancelled' });
    expect(endOf({ outcome: 'not_charged', paymentId: 'p', reason: 'not_completed' }, 1)).toEqual({
      outcome: 'timeout',
    });
    expect(endOf({ outcome: 'not_charged', paymentId: 'p', reason: 'undelivered' }, 1)).toEqual({
      outcome: 'reversed',
    });
    expect(endOf({ outcome: 'not_charged', paymentId: 'p', reason: 'terminal_unavailable' }, 1)).toEqual({
      outcome: 'failed',
      needsAttention: false,
    });
    expect(endOf({ outcome: 'uncertain', paymentId: 'p' }, 1)).toEqual({ outcome: 'failed', needsAttention: true });
    expect(endOf({ outcome: 'needs_staff', paymentId: 'p' }, 1)).toEqual({ outcome: 'failed', needsAttention: true });
    expect(endOf({ outcome: 'refused', reason: 'terminal_unavailable' }, 1)).toEqual({
      outcome: 'failed',
      needsAttention: false,
    });
  });
});

describe('VisitorPayments holds the visitor session: the idle reset cannot drop a payment in progress', () => {
  const IDLE_RESET_MS = 10_000;
  const catalogue = {
    categories: [{ id: 'passport', name: 'Паспорт' }],
    services: [{ id: PASSPORT_FEE.charge.serviceId, categoryId: 'passport', name: 'Замена паспорта', fee: DEMO_FEE }],
  } as unknown as CatalogueFile;

  /** Lets the payment's promise chain run (the fake clock does not move). */
  async function settled() {
    for (let turn = 0; turn < 20; turn++) await Promise.resolve();
  }

  /** Payments on a session whose idle timers only the test's fake clock runs; nothing touches the screen. */
  function setup(hub: ChargeHub = { resolveCharge: () => new Promise(() => {}) }) {
    const warnings: number[] = [];
    const resets: string[] = [];
    const session = new VisitorSession(IDLE_RESET_MS, 5_000, {
      onIdleWarning: (secondsLeft) => warnings.push(secondsLeft),
      onReset: (reason) => resets.push(reason),
    });
    let endPayment: (outcome: PaymentOutcome) => void = () => {};
    const payments = new VisitorPayments({
      service: {
        pay: () =>
          new Promise<PaymentOutcome>((resolve) => {
            endPayment = resolve;
          }),
        hasMoneyFor: () => false,
      },
      catalogue: () => catalogue,
      terminal: () => null,
      terminalReady: () => true,
      printer: () => null,
      undeliveredPolicy: 'deliver_on_screen',
      hub,
      session,
      emit: () => {},
      log: createLogger({ level: 'silent' }),
      // The no-answer bound is another test's business: it never lapses here.
      schedule: () => () => {},
    });
    return { session, payments, warnings, resets, end: (outcome: PaymentOutcome) => endPayment(outcome) };
  }

  it('from payments.start to the payment’s end, with no touch and no page heartbeat: no warning, no reset', async () => {
    vi.useFakeTimers();
    try {
      const { session, payments, warnings, resets, end } = setup();
      session.activity();
      const started = await payments.start({
        subject: { kind: 'fee', serviceId: PASSPORT_FEE.charge.serviceId },
        amountMinor: DEMO_FEE.amountMinor,
      });
      expect(started.ok).toBe(true);
      // The visitor is at the terminal (PIN, the bank) far longer than the idle reset.
      vi.advanceTimersByTime(30 * IDLE_RESET_MS);
      expect(warnings).toEqual([]);
      expect(resets).toEqual([]);
      expect(session.held).toBe(true);
      end({ outcome: 'declined', paymentId: started.ok ? started.value.paymentId : '' });
      await settled();
      expect(session.held).toBe(false);
      // The end on the screen gets the full idle time, then resets like any other screen.
      vi.advanceTimersByTime(IDLE_RESET_MS - 1);
      expect(resets).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(resets).toEqual(['idle']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is held while payments.start still waits for the hub’s check of a УИН, and released when it is refused', async () => {
    vi.useFakeTimers();
    try {
      let answer: (value: Awaited<ReturnType<ChargeHub['resolveCharge']>>) => void = () => {};
      const { session, payments, warnings, resets } = setup({
        resolveCharge: () =>
          new Promise((resolve) => {
            answer = resolve;
          }),
      });
      session.activity();
      const starting = payments.start({ subject: { kind: 'uin', uin: '18810177260000123458' }, amountMinor: 1_000 });
      await settled();
      expect(session.held).toBe(true);
      vi.advanceTimersByTime(3 * IDLE_RESET_MS);
      expect(warnings).toEqual([]);
      expect(resets).toEqual([]);
      answer({ ok: true, value: { outcome: 'not_found' } });
      expect((await starting).ok).toBe(false);
      expect(session.held).toBe(false);
      vi.advanceTimersByTime(IDLE_RESET_MS);
      expect(resets).toEqual(['idle']);
    } finally {
      vi.useRealTimers();
    }
  });
});
