import type { PaymentTerminal } from '../../../drivers/payment/payment-terminal';
import type { ReceiptPrinter } from '../../../drivers/printer/receipt-printer';
import type { CatalogueFile, EventName, EventPayload, KioskConfig } from '../../../kiosk-config/src/index';
import type { HubServices } from '../hub/hub-services';
import type { Logger } from '../logging/logger';
import type { ReceiptPaper } from '../printing/receipt-paper';
import type { VisitorSession } from '../session/visitor-session';
import type { StartupStack } from '../startup-stack';
import { startEndOfDaySchedule } from './end-of-day-schedule';
import { PaymentService, paymentPolicyFromConfig } from './payment-service';
import type { PaymentPolicy } from './payment-steps';
import { VisitorPayments } from './visitor-payments';

/** What the card payments are started with. */
export interface PaymentsStart {
  config: KioskConfig;
  dataDir: string;
  /** The test's timings over the config's (`KioskCoreOptions.paymentPolicy`). */
  policyOverride: Partial<PaymentPolicy> | undefined;
  devices: {
    readonly paymentTerminal: PaymentTerminal | null;
    readonly paymentTerminalReady: boolean;
    readonly printer: ReceiptPrinter | null;
  };
  catalogue: () => CatalogueFile;
  /** The receipt printer's paper (`receipt-paper.ts`): the receipt's labels in the visitor's language where it can. */
  paper: ReceiptPaper;
  hub: HubServices;
  session: VisitorSession;
  emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  log: Logger;
}

/**
 * Starts card payments on the start-up stack: the service (its journal under
 * `<dataDir>/payments`) and the visitor's side of it; settles what a crash or a lost reply left
 * before any call, then keeps doing so on a timer, and closes the terminal's day on schedule.
 */
export async function startPayments(
  stack: StartupStack,
  start: PaymentsStart,
): Promise<{ service: PaymentService; visitor: VisitorPayments }> {
  const { config, devices, hub } = start;
  const log = start.log.child({ component: 'payments' });
  const policy = { ...paymentPolicyFromConfig(config.payments), ...start.policyOverride };
  const service = await PaymentService.open({
    dataDir: start.dataDir,
    terminal: () => devices.paymentTerminal,
    printer: () => devices.printer,
    outbox: hub.outbox,
    place: { officeName: config.office.name, kioskId: config.kiosk.id, timeZone: config.kiosk.timeZone },
    paper: start.paper,
    policy,
    log,
  });
  const visitor = stack.started(
    'visitor payments',
    new VisitorPayments({
      service,
      catalogue: start.catalogue,
      terminal: () => devices.paymentTerminal,
      terminalReady: () => devices.paymentTerminalReady,
      printer: () => devices.printer,
      undeliveredPolicy: policy.undeliveredPolicy,
      hub: hub.link.client,
      session: start.session,
      emit: start.emit,
      log,
      noAnswerMs: config.payments.noAnswerSeconds * 1000,
    }),
    (started) => started.close(),
  );
  // Before any call: settle what a crash or a lost reply left (then every interval).
  await service.recover();
  stack.push('payment recovery', service.recovery.start(config.payments.recoveryIntervalSeconds * 1000));
  stack.push(
    'end of day',
    startEndOfDaySchedule({
      service,
      closeAt: config.payments.endOfDayAt,
      timeZone: config.kiosk.timeZone,
      log,
      everyMs: 60_000,
    }),
  );
  return { service, visitor };
}
