import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import type { PaymentState, ServiceFee } from '../../../kiosk-config/src/hub/payments-api';
import type { OutboxWriter } from '../hub/outbox';
import { paperOf } from '../printing/receipt-paper';
import { RecordingPrinter } from '../printing/recording-printer';
import { memoryLogger } from '../test-support';
import { FakePaymentTerminal } from './fake-payment-terminal';
import type { PaymentRecord } from './payment-journal';
import { PaymentService, type PaymentServiceDeps } from './payment-service';
import { DEFAULT_PAYMENT_POLICY, type PaymentPolicy } from './payment-steps';

/** Test support for the payment service's tests (not a test file itself). */

/** An outbox that keeps what it is given. */
export class MemoryOutbox implements OutboxWriter {
  readonly items: Pick<OutboxItem, 'kind' | 'payload'>[] = [];
  async enqueue(kind: string, payload: Record<string, unknown>): Promise<OutboxItem> {
    this.items.push({ kind, payload: structuredClone(payload) });
    return { id: '0b7f2c36-7d1e-4d7a-9a52-0b9a2f5e1c11', kind, at: '', payload };
  }
  /** The states told to the hub for a payment, in order. */
  states(paymentId?: string): string[] {
    return this.items
      .filter((i) => i.kind === 'payment.state' && (paymentId === undefined || i.payload.paymentId === paymentId))
      .map((i) => String(i.payload.state));
  }
}

/** A clock tests move; `sleep` moves it instead of waiting. */
export class TestClock {
  #ms: number;
  constructor(start = '2026-11-23T07:50:00.000Z') {
    this.#ms = Date.parse(start);
  }
  now = (): Date => new Date(this.#ms);
  advance(ms: number): void {
    this.#ms += ms;
  }
  sleep = async (ms: number): Promise<void> => {
    this.#ms += ms;
  };
}

/** A demo payee: format-valid details, not a real account. */
export const DEMO_FEE: ServiceFee = {
  amountMinor: 150_000,
  recipient: {
    name: 'УФК по Демо-области (ГУ МВД России по Демо-области)',
    inn: '7700000001',
    kpp: '770001001',
    account: '03100643000000017300',
    bic: '004525000',
    bankName: 'ОТДЕЛЕНИЕ ДЕМО БАНКА РОССИИ',
  },
  purpose: 'Госпошлина за выдачу паспорта гражданина РФ',
  kbk: '18810806000018003110',
  oktmo: '28701000',
};

export const PASSPORT_FEE = {
  charge: { kind: 'service_fee' as const, serviceId: 'passport-rf', serviceName: 'Замена паспорта', fee: DEMO_FEE },
  amountMinor: DEMO_FEE.amountMinor,
};

/** Everything a payment test needs, wired like the kiosk wires it. */
export interface PaymentsUnderTest {
  dir: string;
  service: PaymentService;
  terminal: FakePaymentTerminal;
  printer: RecordingPrinter;
  outbox: MemoryOutbox;
  clock: TestClock;
  log: ReturnType<typeof memoryLogger>;
  /** The journal's lines (each payment's snapshots), for asserting what was on disk. */
  journalLines(): Promise<{ v: number; payment: PaymentRecord }[]>;
  /** The states a payment went through, from the journal file. */
  statesOf(paymentId: string): Promise<PaymentState[]>;
  /** Opens a new service on the same folder (a restart). */
  reopen(): Promise<PaymentService>;
}

export interface PaymentsSetup {
  policy?: Partial<PaymentPolicy>;
  dir?: string;
  terminal?: FakePaymentTerminal;
  clock?: TestClock;
  deps?: Partial<PaymentServiceDeps>;
}

/** Opens a payment service on a temp folder with a fake terminal and a recording printer. */
export async function startPayments(setup: PaymentsSetup = {}): Promise<PaymentsUnderTest> {
  const dir = setup.dir ?? (await mkdtemp(path.join(tmpdir(), 'okno-payments-')));
  const terminal = setup.terminal ?? new FakePaymentTerminal();
  const printer = new RecordingPrinter();
  const outbox = new MemoryOutbox();
  const clock = setup.clock ?? new TestClock();
  const log = memoryLogger();
  const open = () =>
    PaymentService.open({
      dataDir: dir,
      terminal: () => terminal,
      printer: () => printer,
      outbox,
      place: { officeName: 'МФЦ «Мои Документы», с. Берёзовка', kioskId: 'kiosk-01', timeZone: 'Europe/Moscow' },
      paper: paperOf(48, 'cp866'),
      policy: {
        ...DEFAULT_PAYMENT_POLICY,
        authoriseTimeoutMs: 60_000,
        settleGraceMs: 5_000,
        unknownWaitMs: 10_000,
        pollMs: 2_000,
        ...setup.policy,
      },
      log: log.log,
      now: clock.now,
      sleep: clock.sleep,
      ...setup.deps,
    });
  const service = await open();
  const journalLines = async () => {
    const text = await readFile(path.join(dir, 'payments', 'journal.jsonl'), 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { v: number; payment: PaymentRecord });
  };
  return {
    dir,
    service,
    terminal,
    printer,
    outbox,
    clock,
    log,
    journalLines,
    statesOf: async (id) =>
      (await journalLines()).filter((line) => line.payment.id === id).map((line) => line.payment.state),
    reopen: open,
  };
}

/** A payment record as a journal line would hold it, for hand-made journals. */
export function handMadeRecord(state: PaymentState, overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    id: '5d0c8f52-3a8b-4d8e-9c49-6f1f5b0c2a11',
    state,
    amountMinor: 150_000,
    charge: {
      feeId: 'passport-rf',
      title: 'Госпошлина: Замена паспорта',
      purpose: DEMO_FEE.purpose,
      payee: DEMO_FEE.recipient,
    },
    createdAt: '2026-11-23T07:45:00.000Z',
    updatedAt: '2026-11-23T07:45:01.000Z',
    ...overrides,
  };
}

/** Writes a journal by hand (what a crash left) into `<dir>/payments/journal.jsonl`. */
export async function writeJournal(dir: string, records: PaymentRecord[], tail = ''): Promise<void> {
  await mkdir(path.join(dir, 'payments'), { recursive: true });
  const lines = records.map((payment) => `${JSON.stringify({ v: 1, payment })}\n`).join('');
  await writeFile(path.join(dir, 'payments', 'journal.jsonl'), lines + tail);
}
