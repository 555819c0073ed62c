import path from 'node:path';
import { z } from 'zod';
import { TicketId, TicketSource, WaitEstimate } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { JsonLinesJournal } from '../storage/json-lines-journal';
import { pruneDatedFiles } from '../storage/prune-dated-files';

/** A print's outcome as the hub is told it (`ticket.print_outcome`). */
export const PrintedState = z.enum(['yes', 'no', 'unknown']);
export type PrintedState = z.infer<typeof PrintedState>;

/** A ticket as the journal keeps it: enough to print it again in words and to tell the hub. */
export const JournaledTicket = z
  .object({
    ticketId: TicketId,
    number: z.string(),
    serviceId: z.string(),
    /** ISO 8601 with the office's offset. */
    issuedAt: z.string(),
    source: TicketSource,
    priority: z.boolean(),
    /** Null on offline tickets: the kiosk cannot know. */
    peopleAhead: z.number().int().nonnegative().nullable(),
    wait: WaitEstimate.nullable(),
    followUrl: z.string(),
    /** Offline tickets only: the token in `followUrl`, sent to the hub in `ticket.offline`. */
    followToken: z.string().optional(),
    /** Booked tickets only: the slot's start (ISO 8601). */
    slotStart: z.string().optional(),
    /** Offline tickets: the kiosk's sequence of the day (`TicketCounter.reserve`). */
    kioskSeq: z.number().int().positive().optional(),
    /** Offline check-ins: the booking code's HMAC under the day's key (never the code itself). */
    bookingCodeHash: z.string().optional(),
  })
  .strict();
export type JournaledTicket = z.infer<typeof JournaledTicket>;

/**
 * One line of the ticket journal. Per ticket, in the order they are written:
 *
 * - `requested`: a ticket id was made and the hub is about to be asked (walk-in or booking);
 * - then one of `issued` (the hub's ticket, or an offline one under a new id), `refused` (the hub
 *   said no: closed, booking required, a check-in outcome…), `unsent` (the hub was certainly not
 *   reached: no credential, open circuit) or `abandoned` (the hub may have issued it and was told
 *   to drop it: `ticket.abandoned` is in the outbox);
 * - offline tickets: `outboxed` once `ticket.offline` is in the outbox;
 * - `printed`, `print_failed`, or `print_unknown` (written by recovery: a crash mid-print);
 * - `print_reported` once `ticket.print_outcome` is in the outbox.
 */
export const JournalEntry = z.discriminatedUnion('event', [
  z
    .object({
      event: z.literal('requested'),
      ticketId: TicketId,
      kind: z.enum(['walk_in', 'booking']),
      serviceId: z.string().optional(),
      at: z.string(),
    })
    .strict(),
  JournaledTicket.extend({ event: z.literal('issued') }).strict(),
  z.object({ event: z.literal('refused'), ticketId: TicketId, outcome: z.string() }).strict(),
  z.object({ event: z.literal('unsent'), ticketId: TicketId, failure: z.string() }).strict(),
  z.object({ event: z.literal('abandoned'), ticketId: TicketId, failure: z.string().optional() }).strict(),
  z.object({ event: z.literal('outboxed'), ticketId: TicketId }).strict(),
  z.object({ event: z.literal('printed'), ticketId: TicketId, number: z.string() }).strict(),
  z
    .object({
      event: z.literal('print_failed'),
      ticketId: TicketId,
      number: z.string(),
      reason: z.string(),
      printed: PrintedState,
    })
    .strict(),
  z.object({ event: z.literal('print_unknown'), ticketId: TicketId, number: z.string() }).strict(),
  z.object({ event: z.literal('print_reported'), ticketId: TicketId, printed: PrintedState }).strict(),
]);
export type JournalEntry = z.infer<typeof JournalEntry>;

/**
 * Days of ticket journals kept, today's included: recovery needs two (today's and yesterday's);
 * the rest are for a technician looking into a complaint («my ticket was never called») before
 * the next weekly visit. The hub keeps every ticket it numbered or merged (docs/security.md).
 */
export const TICKET_JOURNAL_DAYS = 7;

const JOURNAL_FILE = /^journal-(\d{4}-\d{2}-\d{2})\.jsonl$/;
const JOURNAL_LINES = new JsonLinesJournal(JournalEntry);

/**
 * The daily ticket journals, `<dir>/journal-<office date>.jsonl`: one JSON line per step of each
 * ticket, each appended with fsync before the step it records is acted on (`appendLineDurably`),
 * so that after a crash `TicketService.recover` knows what reached the hub and the paper.
 *
 * The journal holds ticket ids, numbers, service ids and follow links, never a booking code (an
 * offline check-in keeps the code's keyed hash, as the setup does) or anything about the visitor. Follow links are capabilities (they show the ticket's place in the
 * queue): the files are 0600 and not for the logs.
 */
export class TicketJournal {
  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** The journal file of an office date. */
  fileFor(date: string): string {
    return path.join(this.dir, `journal-${date}.jsonl`);
  }

  /**
   * Deletes the journals of office dates before `keepFrom` (`YYYY-MM-DD`); returns the dates
   * deleted. Recovery reads today's and yesterday's only, so `keepFrom` must not be later than
   * yesterday (`TICKET_JOURNAL_DAYS`).
   */
  async prune(keepFrom: string): Promise<string[]> {
    const deleted = await pruneDatedFiles(this.dir, JOURNAL_FILE, keepFrom);
    if (deleted.length > 0) this.log.info({ deleted: deleted.length, keepFrom }, 'ticket journals pruned');
    return deleted;
  }

  /** Appends an entry and fsyncs it before returning. */
  append(file: string, entry: JournalEntry): Promise<void> {
    return JOURNAL_LINES.append(file, entry);
  }

  /**
   * Reads a journal for recovery. A last line without its newline is an append torn by a crash
   * (its fsync never returned, so nothing after it happened): it is cut off, so the next append
   * starts on a clean line, and logged. Another unreadable line is skipped and logged.
   */
  async read(file: string): Promise<JournalEntry[]> {
    const { records } = await JOURNAL_LINES.read(file, {
      repair: true,
      onTorn: (bytes) =>
        this.log.warn(
          { file: path.basename(file), bytes },
          'ticket journal: torn last line skipped (a crash mid-append)',
        ),
      onUnreadable: (index) =>
        this.log.warn({ file: path.basename(file), line: index + 1 }, 'ticket journal: unreadable line skipped'),
    });
    return records.map(({ record }) => record);
  }
}
