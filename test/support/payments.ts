import type { ZvtTerminalSimulator } from '../../drivers/sim/zvt-terminal-simulator';
import type { StartedKioskCore } from '../../electron/services/composition-root';
import {
  type CallInput,
  type CallOutput,
  type EventPayload,
  officeDate,
  type PaymentEnd,
  type PaymentStage,
  type ReportedPayment,
  type Result,
} from '../../kiosk-config/src/index';
import { eventually } from './eventually';
import type { HubUnderTest } from './kiosk-under-test';

/** The demo office the kiosk under test belongs to (its ledger is read by office and day). */
export const DEMO_OFFICE_ID = 'mfc-demo-01';

/** The simulated card terminal's pace in tests: every prompt is seen, a payment takes well under a second. */
export const TEST_STEP_DELAY_MS = 30;

/**
 * Test timings of the payment service: a terminal that stops answering is given 1.5 s, and
 * «nothing of ours at the terminal» is believed at once after that (the config's minimums are
 * for visitors with a card).
 */
export const TEST_PAYMENT_POLICY = { authoriseTimeoutMs: 1500, settleGraceMs: 0, unknownWaitMs: 5000, pollMs: 200 };

/** The simulated ZVT terminal behind the core's card terminal. */
export function terminalSimulator(core: StartedKioskCore): ZvtTerminalSimulator {
  const simulator = core.simulators.paymentTerminal;
  if (!simulator) throw new Error('the config should run the simulated ZVT terminal');
  return simulator;
}

/** Waits until the card terminal answered its status enquiry as ready. */
export function terminalReady(core: StartedKioskCore): Promise<void> {
  return eventually(() => core.devices.paymentTerminalReady, 'the card terminal being ready');
}

/** A call of the core, typed. */
export function call<
  K extends 'payments.fees' | 'payments.resolveUin' | 'payments.start' | 'payments.cancel' | 'payments.state',
>(core: StartedKioskCore, name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>> {
  return core.dispatch(name, input) as Promise<Result<CallOutput<K>>>;
}

/** What a payment showed on its way and how it ended. */
export interface WatchedPayment {
  paymentId: string;
  stages: PaymentStage[];
  end: PaymentEnd;
}

/**
 * Starts a payment through `payments.start` and follows its events to `payment.finished`.
 * `onStage` sees each stage as it comes (a test presses «Отмена» at the card).
 */
export async function payAndWait(
  core: StartedKioskCore,
  input: CallInput<'payments.start'>,
  onStage?: (stage: PaymentStage, paymentId: string) => void,
  timeoutMs = 15_000,
): Promise<WatchedPayment> {
  const progress: Array<EventPayload<'payment.progress'>> = [];
  const finished: Array<EventPayload<'payment.finished'>> = [];
  let paymentId: string | undefined;
  const stop = core.onEvent((name, payload) => {
    if (name === 'payment.progress') {
      const event = payload as EventPayload<'payment.progress'>;
      progress.push(event);
      if (paymentId === undefined || event.paymentId === paymentId) onStage?.(event.stage, event.paymentId);
    }
    if (name === 'payment.finished') finished.push(payload as EventPayload<'payment.finished'>);
  });
  try {
    const started = await call(core, 'payments.start', input);
    if (!started.ok) throw new Error(`payments.start refused: ${started.error.code} ${started.error.message}`);
    paymentId = started.value.paymentId;
    const id = paymentId;
    await eventually(() => finished.some((e) => e.paymentId === id), 'payment.finished', timeoutMs);
    const end = finished.find((e) => e.paymentId === id)?.end;
    if (!end) throw new Error('unreachable');
    return { paymentId: id, stages: progress.filter((e) => e.paymentId === id).map((e) => e.stage), end };
  } finally {
    stop();
  }
}

/** The hub's ledger entry of a payment (today's and yesterday's, by the hub's calendar), or undefined. */
export async function ledgerPayment(hub: HubUnderTest, paymentId: string): Promise<ReportedPayment | undefined> {
  const now = new Date();
  for (const at of [now, new Date(now.getTime() - 24 * 3_600_000)]) {
    const day = await hub.payments().paymentsOfDay(DEMO_OFFICE_ID, officeDate(at, 'Europe/Moscow'));
    const found = day.payments.find((p) => p.paymentId === paymentId);
    if (found) return found;
  }
  return undefined;
}

/** Waits until the hub's ledger has the payment in `state` (the outbox delivers in the background). */
export async function ledgerReaches(
  hub: HubUnderTest,
  paymentId: string,
  state: ReportedPayment['state'],
): Promise<ReportedPayment> {
  let last: ReportedPayment | undefined;
  await eventually(
    async () => {
      last = await ledgerPayment(hub, paymentId);
      return last?.state === state;
    },
    `the hub's ledger showing payment ${paymentId} ${state} (last: ${last?.state ?? 'none'})`,
    15_000,
  );
  if (!last) throw new Error('unreachable');
  return last;
}
