import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  Kbk,
  Kopecks,
  MaskedPan,
  Oktmo,
  Payee,
  PaymentReason,
  PaymentState,
  ReceiptDelivery,
} from '../../../kiosk-config/src/hub/payments-api';
import { ValidUin } from '../../../kiosk-config/src/hub/uin';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import type { Logger } from '../logging/logger';
import { crashPoint } from '../storage/crash-point';
import { writeFileDurably } from '../storage/durable-file';
import { JsonLinesJournal } from '../storage/json-lines-journal';
import { pruneDatedFiles } from '../storage/prune-dated-files';
import { assertTransition, isFinal } from './payment-state';

/**
 * The payment journal: every payment's every state, on disk before the step it allows.
 *
 * Storage: `<dir>/journal.jsonl`, one JSON line per transition, each line the payment's whole
 * record after it (a snapshot, not a delta), appended and fsync'd before `transition` returns.
 * Replay keeps the last line of each payment, so one unreadable line costs one step, never a
 * payment. A line torn by a power cut (no final newline) was never acknowledged to anyone: it
 * is cut off at open, logged, and the payment is where its previous line left it.
 *
 * Final payments of earlier days move to `<dir>/archive/payments-YYYY-MM-DD.jsonl` (by the day
 * they were created, UTC) when the journal opens and each day while it runs (`archiveFinished`),
 * so the live journal holds today's and the unsettled ones; `find` still reads the archive for a
 * reprint. Archive days older than `PAYMENT_ARCHIVE_DAYS` are deleted (`pruneArchive`).
 *
 * No personal data: amounts, the fee and its УИН, the terminal's references, the card's last
 * four digits and the terminal's slip. Never a name, never a full card number.
 */

const Instant = z.iso.datetime({ offset: true });

/** What the payment pays for, with the payee's details the receipt prints. */
export const JournalCharge = z
  .object({
    /** The catalogue service whose fee this is. */
    feeId: z.string().min(1).max(64).optional(),
    uin: ValidUin.optional(),
    title: z.string().min(1).max(300),
    purpose: z.string().min(1).max(210).optional(),
    payee: Payee.optional(),
    kbk: Kbk.optional(),
    oktmo: Oktmo.optional(),
  })
  .strict();
export type JournalCharge = z.infer<typeof JournalCharge>;

/** A terminal's approved transaction as journaled (the full card number never reaches here). */
export const JournalTransaction = z
  .object({
    reference: z
      .object({
        receiptNo: z.string().min(1).max(32),
        trace: z.string().min(1).max(32).optional(),
        amountMinor: Kopecks,
      })
      .strict(),
    rrn: z.string().max(32),
    authCode: z.string().max(16),
    maskedPan: MaskedPan,
    at: z.string().max(40),
    terminalId: z.string().max(32).optional(),
    /** The currency the terminal said it took (ISO 4217 numeric), when it said one. */
    currency: z
      .string()
      .regex(/^\d{1,4}$/)
      .optional(),
    /** The terminal's slip, line by line, for the receipt and its copies. */
    slip: z.array(z.string().max(120)).max(80),
  })
  .strict();
export type JournalTransaction = z.infer<typeof JournalTransaction>;

/**
 * What the terminal's last transaction was just before this payment's authorisation: recovery
 * compares the terminal's last transaction with it to tell whether ours happened.
 */
export const TerminalMark = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('transaction'),
      receiptNo: z.string().max(32).optional(),
      trace: z.string().max(32).optional(),
    })
    .strict(),
  /** The terminal cannot report its last transaction: nothing to compare with. */
  z.object({ kind: z.literal('not_supported') }).strict(),
]);
export type TerminalMark = z.infer<typeof TerminalMark>;

/** One payment as the journal knows it. */
export const PaymentRecord = z
  .object({
    id: z.uuid(),
    state: PaymentState,
    amountMinor: Kopecks,
    charge: JournalCharge,
    ticketNumber: z.string().min(1).max(16).optional(),
    createdAt: Instant,
    updatedAt: Instant,
    /** When the terminal was (about to be) asked: recovery's grace period counts from here. */
    authorisingAt: Instant.optional(),
    terminalBefore: TerminalMark.optional(),
    transaction: JournalTransaction.optional(),
    /** The bank's refusal, as the terminal reported it. */
    decline: z
      .object({ code: z.string().max(32), message: z.string().max(200) })
      .strict()
      .optional(),
    reason: PaymentReason.optional(),
    /** A short technical detail for the technician (a terminal's code, a printer fault); no personal data. */
    detail: z.string().max(200).optional(),
    receipt: ReceiptDelivery.optional(),
    /** What a fiscal registrar added to the receipt (none by default; see fiscal-registrar.ts). */
    fiscal: z
      .object({ lines: z.array(z.string().max(120)).max(20), checkUrl: z.string().max(500).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type PaymentRecord = z.infer<typeof PaymentRecord>;

/** A journal line: the version of the format and the payment after the step. */
const JournalLine = z.object({ v: z.literal(1), payment: PaymentRecord }).strict();
const JOURNAL_LINES = new JsonLinesJournal(JournalLine);

/** Fields a transition may add or change (identity, amount and charge never change). */
export type PaymentPatch = Partial<
  Omit<PaymentRecord, 'id' | 'state' | 'amountMinor' | 'charge' | 'createdAt' | 'updatedAt' | 'ticketNumber'>
>;

/** What `begin` needs. */
export interface NewPayment {
  id: string;
  amountMinor: number;
  charge: JournalCharge;
  ticketNumber?: string;
}

/** Options of `PaymentJournal.open`. */
export interface PaymentJournalOptions {
  /** Folder of the journal and its archive (created if missing). */
  dir: string;
  log: Logger;
  now?: () => Date;
  /** Archive final payments created before this UTC day (`YYYY-MM-DD`); default: today. */
  archiveBefore?: string;
}

/**
 * Days of payment archive kept: a monthly acquirer statement reconciled, with two weeks to spare,
 * and reprints for visitors who lost a receipt. Disputes (chargebacks, up to 120–540 days) are
 * answered from the hub's ledger, the system of record, which has every payment's states from the
 * outbox; a payment the hub has not acknowledged is still in the outbox (docs/security.md).
 */
export const PAYMENT_ARCHIVE_DAYS = 45;

const JOURNAL_FILE = 'journal.jsonl';
const END_OF_DAY_FILE = 'end-of-day.json';
const ARCHIVE_DIR = 'archive';
const ARCHIVE_FILE = /^payments-(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The durable journal of card payments. One instance per data folder. */
export class PaymentJournal {
  readonly #payments = new Map<string, PaymentRecord>();
  readonly #writes = new SerialExecutor();
  #lastEndOfDayAt: string | undefined;

  private constructor(private readonly options: PaymentJournalOptions) {}

  /** Opens (or creates) the journal, replays it and archives earlier days' final payments. */
  static async open(options: PaymentJournalOptions): Promise<PaymentJournal> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    const journal = new PaymentJournal(options);
    const file = journal.#file;
    for (const payment of await readJournal(file, options.log, true)) journal.#payments.set(payment.id, payment);
    journal.#lastEndOfDayAt = await readEndOfDay(path.join(options.dir, END_OF_DAY_FILE));
    await journal.#archive(options.archiveBefore ?? journal.#now().toISOString().slice(0, 10));
    const unsettled = [...journal.#payments.values()].filter((p) => !isFinal(p.state));
    if (unsettled.length > 0) {
      options.log.info(
        { unsettled: unsettled.map((p) => ({ id: p.id, state: p.state })) },
        'payments: unsettled payments in the journal',
      );
    }
    return journal;
  }

  get #file(): string {
    return path.join(this.options.dir, JOURNAL_FILE);
  }

  #now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** The payment as last journaled, from the live journal. */
  get(id: string): PaymentRecord | undefined {
    return this.#payments.get(id);
  }

  /** Every payment of the live journal, oldest first. */
  all(): PaymentRecord[] {
    return [...this.#payments.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** A payment from the live journal or, failing that, the archive (for a reprint). */
  async find(id: string): Promise<PaymentRecord | undefined> {
    const live = this.#payments.get(id);
    if (live) return live;
    const dir = path.join(this.options.dir, ARCHIVE_DIR);
    let names: string[];
    try {
      names = (await readdir(dir))
        .filter((name) => ARCHIVE_FILE.test(name))
        .sort()
        .reverse();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    for (const name of names) {
      const found = (await readJournal(path.join(dir, name), this.options.log, false)).find((p) => p.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Moves final payments created before `beforeDay` (UTC `YYYY-MM-DD`; default: today) to the
   * archive, while the kiosk runs (daily, by the retention schedule). Serialised with the
   * journal's writes, so a payment in progress is never touched.
   */
  archiveFinished(beforeDay?: string): Promise<void> {
    return this.#writes.run(() => this.#archive(beforeDay ?? this.#now().toISOString().slice(0, 10)));
  }

  /** Deletes archive days before `keepFrom` (UTC `YYYY-MM-DD`); returns the days deleted. */
  async pruneArchive(keepFrom: string): Promise<string[]> {
    const deleted = await pruneDatedFiles(path.join(this.options.dir, ARCHIVE_DIR), ARCHIVE_FILE, keepFrom);
    if (deleted.length > 0) this.options.log.info({ deleted: deleted.length, keepFrom }, 'payments: archive pruned');
    return deleted;
  }

  /** When this kiosk last closed the terminal's day (ISO), if it ever did. */
  get lastEndOfDayAt(): string | undefined {
    return this.#lastEndOfDayAt;
  }

  /** Records the terminal's end of day (write-temp-fsync-rename). */
  recordEndOfDay(at: string): Promise<void> {
    return this.#writes.run(async () => {
      await writeFileDurably(path.join(this.options.dir, END_OF_DAY_FILE), JSON.stringify({ at }));
      this.#lastEndOfDayAt = at;
    });
  }

  /** Journals a new payment in `created`: nothing has been asked of the terminal yet. */
  begin(payment: NewPayment): Promise<PaymentRecord> {
    return this.#writes.run(async () => {
      if (this.#payments.has(payment.id)) throw new Error(`payment ${payment.id} is already in the journal`);
      const at = this.#now().toISOString();
      // Validated before it is written, like every line: a record the replay would refuse never reaches disk.
      const record = PaymentRecord.parse({
        id: payment.id,
        state: 'created',
        amountMinor: payment.amountMinor,
        charge: payment.charge,
        ...(payment.ticketNumber === undefined ? {} : { ticketNumber: payment.ticketNumber }),
        createdAt: at,
        updatedAt: at,
      });
      await this.#append(record);
      return record;
    });
  }

  /**
   * Moves a payment to `to` durably (after the fsync this returns; the crash point
   * `payment:<to>` follows). An illegal transition throws: it is a bug.
   */
  transition(id: string, to: PaymentState, patch: PaymentPatch = {}): Promise<PaymentRecord> {
    return this.#writes.run(async () => {
      const current = this.#require(id);
      assertTransition(current.state, to);
      const record = this.#next(current, to, patch);
      await this.#append(record);
      crashPoint(`payment:${to}`);
      return record;
    });
  }

  /** Records facts within the same state (a reprint, a receipt owed). */
  amend(id: string, patch: PaymentPatch): Promise<PaymentRecord> {
    return this.#writes.run(async () => {
      const current = this.#require(id);
      const record = this.#next(current, current.state, patch);
      await this.#append(record);
      return record;
    });
  }

  #require(id: string): PaymentRecord {
    const current = this.#payments.get(id);
    if (!current) throw new Error(`payment ${id} is not in the live journal`);
    return current;
  }

  #next(current: PaymentRecord, state: PaymentState, patch: PaymentPatch): PaymentRecord {
    // Validated before it is written: a record the replay would refuse must never reach disk.
    return PaymentRecord.parse({ ...current, ...patch, state, updatedAt: this.#now().toISOString() });
  }

  async #append(record: PaymentRecord): Promise<void> {
    await JOURNAL_LINES.append(this.#file, { v: 1, payment: record });
    this.#payments.set(record.id, record);
  }

  /**
   * Moves final payments created before `beforeDay` to the archive: appended there first (a
   * crash in between leaves a payment in both; the archive keeps its last line per payment, and
   * the next open moves it again), then the live journal is rewritten with the rest.
   */
  async #archive(beforeDay: string): Promise<void> {
    const byDay = new Map<string, PaymentRecord[]>();
    for (const payment of this.#payments.values()) {
      const day = payment.createdAt.slice(0, 10);
      // A receipt still owed keeps its payment live: the technician's list reads the live journal.
      if (!isFinal(payment.state) || day >= beforeDay || payment.receipt?.reprintNeeded) continue;
      byDay.set(day, [...(byDay.get(day) ?? []), payment]);
    }
    if (byDay.size === 0) return;
    const dir = path.join(this.options.dir, ARCHIVE_DIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let moved = 0;
    for (const [day, payments] of byDay) {
      const file = path.join(dir, `payments-${day}.jsonl`);
      // One fsync per archive day.
      await JOURNAL_LINES.appendAll(
        file,
        payments.map((payment) => ({ v: 1, payment })),
      );
      for (const payment of payments) this.#payments.delete(payment.id);
      moved += payments.length;
    }
    const rest = [...this.#payments.values()].map((payment) => `${JSON.stringify({ v: 1, payment })}\n`).join('');
    await writeFileDurably(this.#file, rest);
    this.options.log.info({ moved, days: byDay.size }, 'payments: final payments of earlier days archived');
  }
}

/**
 * Reads a journal file: the last valid record of each payment. A torn tail is logged and, in
 * the live journal (`repair`), cut off so that the next append starts on a clean line.
 */
async function readJournal(file: string, log: Logger, repair: boolean): Promise<PaymentRecord[]> {
  const { records } = await JOURNAL_LINES.read(file, {
    repair,
    onTorn: (bytes) => log.warn({ file: path.basename(file), bytes }, 'payments: torn journal line skipped'),
    onUnreadable: (line) => log.warn({ file: path.basename(file), line }, 'payments: unreadable journal line skipped'),
  });
  const latest = new Map<string, PaymentRecord>();
  for (const { record } of records) {
    // Re-inserting keeps the map in the order of each payment's latest line.
    latest.delete(record.payment.id);
    latest.set(record.payment.id, record.payment);
  }
  return [...latest.values()];
}

async function readEndOfDay(file: string): Promise<string | undefined> {
  try {
    const parsed = z.object({ at: Instant }).safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data.at : undefined;
  } catch {
    // Missing or unreadable: as if the day was never closed here (only makes recovery more careful).
    return undefined;
  }
}
