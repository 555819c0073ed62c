/**
 * A kiosk process for the payment crash tests (`payment-crash.test.ts`, `bench/payment-crash.bench.ts`,
 * driven by `test/support/payment-crash-harness.ts`), bundled with esbuild and run with node.
 *
 * It builds the kiosk's payment stack for real, without the rest of the core: the payment journal
 * in `<dataDir>/payments`, `PaymentService` with the ZVT terminal over TCP (`createZvtTerminal`)
 * to the simulated terminal, which lives in the parent so that it survives the kiosk's death as a
 * real terminal does; the ESC/POS printer over the PTY whose simulator is in the parent (the paper
 * is observed there); a test fiscal registrar (so that `payment:fiscal-registered` is met); the
 * outbox and its delivery to the real hub in the parent.
 *
 * `payment-crash-child <dataDir> <hubUrl> <token> <zvtPort> <printerPath>`: prints `recovering`
 * once the stack is built, runs recovery (pass after pass until nothing is left to settle, or
 * `RECOVERY_PATIENCE_MS`), waits until the outbox is delivered, prints `recovered <report>`, then
 * reads commands from stdin, a JSON line each:
 * - `{"cmd":"pay","paymentId":…,"amountMinor":…,"crashAt"?:…,"crashHit"?:n}`: one payment (the
 *   crash point stays armed for the commands that follow), prints `outcome <json>`, waits for the
 *   outbox, prints `idle`;
 * - `{"cmd":"recover"}`: recovery as at start, prints `recovered <report>`;
 * - `{"cmd":"reprint_owed"}`: prints a copy of every receipt owed, then `reprinted <results>`;
 * - `{"cmd":"end_of_day"}`: closes the terminal's day, prints `end_of_day <json>` once delivered;
 * - `{"cmd":"exit"}`: closes everything and exits 0.
 * `OKNO_CRASH_AT` (and `OKNO_CRASH_AT_HIT`) in the environment arm a crash point from the start,
 * for recovery. Each line is one write to a pipe: it is out before a kill that follows.
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createZvtTerminal } from '../../drivers/payment/zvt/create-zvt-terminal';
import { EscPosPrinter } from '../../drivers/printer/escpos-printer';
import { loadPrinterProfile } from '../../drivers/printer/load-printer-profile';
import { createSerialLink } from '../../drivers/transport/serial-link';
import { findAppRoot } from '../../electron/services/app-root';
import { startHubServices } from '../../electron/services/hub/hub-services';
import { openLogger } from '../../electron/services/logging/logger';
import type { FiscalRegistrar } from '../../electron/services/payments/fiscal-registrar';
import { PaymentService } from '../../electron/services/payments/payment-service';
import { DEFAULT_PAYMENT_POLICY, type PaymentPolicy } from '../../electron/services/payments/payment-steps';
import { paperOf } from '../../electron/services/printing/receipt-paper';
import { CRASH_AT_ENV, CRASH_AT_HIT_ENV, resetCrashPointHits } from '../../electron/services/storage/crash-point';
import demoCatalogueJson from '../../kiosk-config/defaults/demo-catalogue.json';
import { CatalogueFile } from '../../kiosk-config/src/catalogue/catalogue';

/** The kiosk id it enrolls as: the harness reads the ledger by it (`KIOSK_ID` there). */
const CRASH_KIOSK_ID = 'payment-crash-kiosk';

/**
 * The service's patience, scaled down from minutes to about a second so that a run takes about
 * one: the terminal simulator answers in tens of milliseconds. `authoriseTimeoutMs +
 * settleGraceMs` is how long after an authorisation recovery must wait before it believes
 * «nothing happened at the terminal».
 */
const CRASH_TEST_POLICY: PaymentPolicy = {
  ...DEFAULT_PAYMENT_POLICY,
  undeliveredPolicy: 'reverse',
  authoriseTimeoutMs: 800,
  settleGraceMs: 150,
  unknownWaitMs: 1500,
  pollMs: 150,
};

/** How long recovery keeps passing over unsettled payments before it reports what is left. */
const RECOVERY_PATIENCE_MS = 8000;

/**
 * The demo catalogue's services with a fee, by amount: the child pays real fees of the hub's demo
 * office, so the hub's ledger believes every payment (a fee of another amount would be disputed).
 */
const FEES_BY_AMOUNT = new Map(
  CatalogueFile.parse(demoCatalogueJson).services.flatMap((service) =>
    service.fee
      ? [[service.fee.amountMinor, { serviceId: service.id, serviceName: service.name, fee: service.fee }]]
      : [],
  ),
);

/** The demo catalogue's service whose fee is this amount. */
function feeOf(amountMinor: number) {
  const found = FEES_BY_AMOUNT.get(amountMinor);
  if (!found) throw new Error(`no fee of ${amountMinor} kopecks in the demo catalogue`);
  return found;
}

/** A registrar that «registers» every payment, the same document for the same id (idempotent). */
const TEST_FISCAL: FiscalRegistrar = {
  register: async (payment) => {
    const fd = Number.parseInt(createHash('sha256').update(payment.paymentId).digest('hex').slice(0, 8), 16);
    return { outcome: 'registered', lines: ['ФН 9999078900000001 (ТЕСТ)', `ФД ${fd % 1_000_000}`] };
  },
};

const [dataDir, hubUrl, provisioningToken, zvtPort, printerPath] = process.argv.slice(2);
if (!dataDir || !hubUrl || !provisioningToken || !zvtPort || !printerPath) {
  process.stderr.write('usage: payment-crash-child <dataDir> <hubUrl> <token> <zvtPort> <printerPath>\n');
  process.exit(2);
}

const say = (tag: string, value?: unknown) =>
  process.stdout.write(value === undefined ? `${tag}\n` : `${tag} ${JSON.stringify(value)}\n`);

const log = await openLogger({ dataDir });
const hub = await startHubServices({
  config: {
    kind: 'remote',
    url: hubUrl,
    provisioningToken,
    requestTimeoutMs: 2000,
    circuitFailureThreshold: 3,
    circuitOpenSeconds: 1,
  },
  override: undefined,
  kioskId: CRASH_KIOSK_ID,
  dataDir,
  log,
  // Not the user's ~/.config/okno/host.key: this kiosk lives in its data folder only.
  hostKeyPath: path.join(dataDir, 'host.key'),
});

const profile = await loadPrinterProfile('generic-80mm', {
  dir: path.join(findAppRoot().dir, 'kiosk-config', 'printer-profiles'),
});
const printerLink = createSerialLink({
  target: { path: printerPath },
  baudRate: 115200,
  backoff: { initialMs: 50, maxMs: 500 },
});
await printerLink.open().catch(() => undefined);
const printer = new EscPosPrinter(printerLink, profile, { confirmTimeoutMs: 3000 });

const { terminal } = createZvtTerminal({
  connection: { kind: 'tcp', host: '127.0.0.1', port: Number(zvtPort) },
  ackTimeoutMs: 1000,
  commandTimeoutMs: 1000,
  statusTimeoutMs: 1000,
  endOfDayTimeoutMs: 5000,
  connectTimeoutMs: 1000,
  backoff: { initialMs: 50, maxMs: 300 },
});

/** The id the next payment gets: the parent's, so it knows the payment before the journal does. */
let nextPaymentId: string | undefined;
const service = await PaymentService.open({
  dataDir,
  terminal: () => terminal,
  printer: () => printer,
  outbox: hub.outbox,
  fiscal: TEST_FISCAL,
  place: { officeName: 'МФЦ «Мои Документы», с. Берёзовка', kioskId: CRASH_KIOSK_ID, timeZone: 'Europe/Moscow' },
  paper: paperOf(48, 'cp866'),
  policy: CRASH_TEST_POLICY,
  log,
  newId: () => nextPaymentId ?? randomUUID(),
});

/** Recovery pass after pass until nothing is left to settle (or patience runs out), then the outbox. */
async function recover(): Promise<void> {
  const deadline = Date.now() + RECOVERY_PATIENCE_MS;
  const moved: unknown[] = [];
  let pending: unknown[] = [];
  for (;;) {
    const report = await service.recover();
    moved.push(...report.moved);
    pending = report.pending;
    if (pending.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await hub.delivery.drained();
  say('recovered', { moved, pending, attention: service.attention() });
}

say('recovering');
await recover();

const commands = createInterface({ input: process.stdin });
for await (const line of commands) {
  const command = JSON.parse(line) as {
    cmd: 'pay' | 'recover' | 'reprint_owed' | 'end_of_day' | 'exit';
    paymentId?: string;
    amountMinor?: number;
    crashAt?: string;
    crashHit?: number;
  };
  if (command.cmd === 'pay') {
    delete process.env[CRASH_AT_ENV];
    delete process.env[CRASH_AT_HIT_ENV];
    resetCrashPointHits();
    if (command.crashAt) process.env[CRASH_AT_ENV] = command.crashAt;
    if (command.crashHit) process.env[CRASH_AT_HIT_ENV] = String(command.crashHit);
    const amountMinor = command.amountMinor ?? 150_000;
    nextPaymentId = command.paymentId;
    const outcome = await service.pay(
      {
        charge: {
          kind: 'service_fee',
          ...feeOf(amountMinor),
        },
        amountMinor,
      },
      {},
    );
    nextPaymentId = undefined;
    // The receipt's face is the journal's business; the parent needs the outcome only.
    say(
      'outcome',
      outcome.outcome === 'paid'
        ? { outcome: 'paid', paymentId: outcome.paymentId, printed: outcome.printed }
        : outcome,
    );
    await hub.delivery.drained();
    say('idle');
  } else if (command.cmd === 'recover') {
    await recover();
  } else if (command.cmd === 'reprint_owed') {
    // The technician's visit: every receipt owed is printed as a copy («КОПИЯ»).
    const owed = service.attention().filter((item) => item.kind === 'receipt_owed');
    const results = [];
    for (const item of owed) results.push({ paymentId: item.paymentId, ...(await service.reprint(item.paymentId)) });
    await hub.delivery.drained();
    say('reprinted', results);
  } else if (command.cmd === 'end_of_day') {
    const result = await service.endOfDay();
    await hub.delivery.drained();
    say('end_of_day', result.ok ? { ok: true, report: result.value.report } : result);
  } else {
    break;
  }
}

await terminal.close();
await printer.close();
await hub.close();
process.exit(0);
