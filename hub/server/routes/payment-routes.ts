import type { FastifyBaseLogger } from 'fastify';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { hubEndpoints } from '../../../kiosk-config/src/hub/hub-endpoints';
import {
  EndOfDayReport,
  PAYMENT_OUTBOX_KINDS,
  PaymentReport,
  type Reconciliation,
} from '../../../kiosk-config/src/hub/payments-api';
import { officeDate } from '../../../kiosk-config/src/time/office-time';
import type { PaymentsRepository } from '../../db/payments-repository';
import { sendHubError } from '../hub-errors';
import type { AuthenticatedKiosk, KioskAuth } from '../kiosk-auth';
import type { KioskLimits } from '../kiosk-limits';
import type { OperatorAuth } from '../operator-auth';
import { buildPaymentsDailyReport } from '../payments-daily-report';
import type { HubFastify } from './hub-routes';
import { registerEndpoint } from './register-endpoint';

/** What the payment routes need. */
export interface PaymentRoutesOptions {
  payments: PaymentsRepository;
  kioskAuth: KioskAuth;
  operatorAuth: OperatorAuth;
  /** Per-kiosk and per-office limits (УИН lookups). */
  limits: KioskLimits;
  /** The hub's time zone: the calendar day of the daily report. */
  timeZone: string;
  /**
   * The fees of an office's catalogue on the hub, by service id (kopecks; empty without a
   * catalogue): what a fee payment is checked against. Throws when it cannot tell (the batch fails).
   */
  officeFees: (officeId: string) => Promise<ReadonlyMap<string, number>>;
  /** Told each reconciliation (fleet health: a mismatch opens an alert). */
  onReconciled?: (kioskId: string, reconciliation: Reconciliation) => Promise<void>;
  now?: () => Date;
}

/**
 * The payments ledger over HTTP (docs/payments.md):
 * - `POST /v1/payments`: a payment's latest state, idempotent and monotonic (kiosk);
 * - `POST /v1/charges/resolve`: the charge behind a УИН (kiosk);
 * - `POST /v1/payments/end-of-day`: a terminal's totals, reconciled with the ledger (kiosk);
 * - `GET /v1/operator/offices/:officeId/payments/report?date=`: an office's day (operator).
 * Kiosks normally send the first and third through the outbox (`applyPaymentOutboxItems`), which
 * keeps them in order; the routes serve tools and kiosks that want the answer at once.
 */
export function registerPaymentRoutes(app: HubFastify, options: PaymentRoutesOptions): void {
  const { payments, kioskAuth, operatorAuth } = options;
  const now = options.now ?? (() => new Date());
  const guards = { kiosk: kioskAuth, operator: operatorAuth, limits: options.limits };

  registerEndpoint(app, hubEndpoints.recordPayment, guards, async (request, reply) => {
    const kiosk = kioskAuth.kioskOf(request);
    const result = await recordPayment(options, kiosk, request.body, now(), request.log);
    if (result.stored === 'foreign') {
      return sendHubError(reply, { code: 'bad_request', message: 'this payment id belongs to another kiosk' });
    }
    // The kiosk is not told it is disputed: a forger learns nothing from the answer.
    const { disputed: _disputed, ...answer } = result;
    return reply.send(answer);
  });

  registerEndpoint(app, hubEndpoints.resolveCharge, guards, async (request, reply) => {
    return reply.send(await payments.resolveCharge(request.body.uin));
  });

  registerEndpoint(app, hubEndpoints.endOfDay, guards, async (request, reply) => {
    const kiosk = kioskAuth.kioskOf(request);
    return reply.send(await reconcile(options, kiosk, request.body, now(), request.log));
  });

  registerEndpoint(app, hubEndpoints.paymentsReport, guards, async (request, reply) => {
    const { officeId } = request.params;
    if (!operatorAuth.allowOffice(request, reply, officeId)) return reply;
    const { date } = request.query;
    const day = await payments.paymentsOfDay(officeId, date);
    const report = buildPaymentsDailyReport(officeId, date, options.timeZone, day);
    return reply.send(report);
  });
}

async function recordPayment(
  options: PaymentRoutesOptions,
  kiosk: AuthenticatedKiosk,
  report: PaymentReport,
  receivedAt: Date,
  log: FastifyBaseLogger,
) {
  const result = await options.payments.recordPayment({
    kioskId: kiosk.id,
    officeId: kiosk.officeId,
    officeDate: officeDate(new Date(report.createdAt), options.timeZone),
    receivedAt: receivedAt.toISOString(),
    report,
    officeFees: await options.officeFees(kiosk.officeId),
  });
  if (result.stored !== 'foreign' && result.disputed !== undefined) {
    // Raised to staff (and on the day's attention list). No УИН, no card data: ids, amount, reason.
    log.warn(
      {
        kioskId: kiosk.id,
        paymentId: report.paymentId,
        state: report.state,
        amountMinor: report.amountMinor,
        feeId: report.charge.feeId,
        reason: result.disputed,
      },
      'payment disputed: the record does not match what the hub knows; kept out of the totals',
    );
  }
  if (result.stored === 'foreign') {
    log.warn({ kioskId: kiosk.id, paymentId: report.paymentId }, 'payment id of another kiosk refused');
  } else if (result.stored === 'stale' || report.state === 'needs_attention') {
    const level = report.state === 'needs_attention' ? 'warn' : 'info';
    log[level](
      {
        kioskId: kiosk.id,
        paymentId: report.paymentId,
        state: report.state,
        stored: result.stored,
        reason: report.reason,
      },
      'payment state',
    );
  }
  return result;
}

async function reconcile(
  options: PaymentRoutesOptions,
  kiosk: AuthenticatedKiosk,
  report: EndOfDayReport,
  receivedAt: Date,
  log: FastifyBaseLogger,
): Promise<Reconciliation> {
  const reconciliation = await options.payments.reconcile({
    kioskId: kiosk.id,
    officeId: kiosk.officeId,
    officeDate: officeDate(new Date(report.closedAt), options.timeZone),
    receivedAt: receivedAt.toISOString(),
    report,
  });
  const level = reconciliation.matched ? 'info' : 'warn';
  log[level](
    {
      kioskId: kiosk.id,
      reconciliationId: reconciliation.reconciliationId,
      differenceCount: reconciliation.differenceCount,
      differenceMinor: reconciliation.differenceMinor,
    },
    reconciliation.matched ? 'terminal end of day matches the ledger' : 'terminal end of day does not match the ledger',
  );
  await options.onReconciled?.(kiosk.id, reconciliation);
  return reconciliation;
}

/**
 * Applies a kiosk's outbox items about payments (`payment.state`, `payment.end_of_day`) to the
 * ledger; the outbox route calls it for every batch, before storing it. Replays are harmless
 * (both are idempotent), and the outbox keeps a kiosk's items in order, so a day's payments are in
 * the ledger before its end of day is reconciled. An item that does not parse (or names another
 * kiosk's payment) is logged and skipped: the same item would never parse, and failing the batch
 * would block the kiosk's outbox forever. Any other failure (the database) fails the batch, which
 * the kiosk sends again: a payment must not be acknowledged without reaching the ledger.
 */
export async function applyPaymentOutboxItems(
  options: PaymentRoutesOptions,
  kiosk: AuthenticatedKiosk,
  items: readonly OutboxItem[],
  log: FastifyBaseLogger,
): Promise<void> {
  const now = (options.now ?? (() => new Date()))();
  for (const item of items) {
    if (item.kind === PAYMENT_OUTBOX_KINDS.state) {
      const report = PaymentReport.safeParse(item.payload);
      if (!report.success) {
        log.warn({ kioskId: kiosk.id, itemId: item.id, kind: item.kind }, 'payment item does not parse; skipped');
        continue;
      }
      await recordPayment(options, kiosk, report.data, now, log);
    } else if (item.kind === PAYMENT_OUTBOX_KINDS.endOfDay) {
      const report = EndOfDayReport.safeParse(item.payload);
      if (!report.success) {
        log.warn({ kioskId: kiosk.id, itemId: item.id, kind: item.kind }, 'end-of-day item does not parse; skipped');
        continue;
      }
      await reconcile(options, kiosk, report.data, now, log);
    }
  }
}
