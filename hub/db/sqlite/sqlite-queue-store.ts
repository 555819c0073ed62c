import type Database from 'better-sqlite3';
import type { CatalogueFile } from '../../../kiosk-config/src/catalogue/catalogue';
import type {
  BookingRecord,
  CallNextCommand,
  CallNextResult,
  FinishTicketCommand,
  FinishTicketResult,
  IssueTicketResult,
  IssueTime,
  NewTicket,
  OperatorTokenRecord,
  ServedTicketEntry,
  TicketMerge,
  TicketMergeOutcome,
  TicketRecord,
} from '../queue-repository';
import {
  type BookingRow,
  bookingFromRow,
  type OperatorTokenRow,
  operatorTokenFromRow,
  type TicketRow,
  ticketFromRow,
} from '../queue-rows';
import {
  freeOfflineTag,
  isKiosksTicket,
  newBookingDayKey,
  offlineBookingProblem,
  offlineMergeResult,
} from '../queue-rules';
import { catalogueText, ParsedCatalogues } from '../stored-catalogue';
import { formatTicketNumber, MAX_TICKETS_PER_QUEUE_DAY } from '../ticket-numbers';

/** The call order in SQL; `inCallOrder` (hub/server/queue/queue-order.ts) is the same in code. */
const CALL_ORDER = 'priority DESC, issued_at, kiosk_seq, rowid';

function prepareStatements(db: Database.Database) {
  return {
    setCatalogue: db.prepare('UPDATE offices SET catalogue = ?, catalogue_updated_at = ? WHERE id = ?'),
    getCatalogue: db.prepare('SELECT catalogue FROM offices WHERE id = ?'),
    kioskTag: db.prepare('SELECT office_id, offline_tag FROM kiosks WHERE id = ?'),
    officeTags: db.prepare('SELECT offline_tag FROM kiosks WHERE office_id = ? AND offline_tag IS NOT NULL'),
    setTag: db.prepare('UPDATE kiosks SET offline_tag = ? WHERE id = ?'),
    findTicket: db.prepare('SELECT * FROM tickets WHERE ticket_id = ?'),
    numberTaken: db.prepare('SELECT 1 FROM tickets WHERE office_id = ? AND day = ? AND number = ?'),
    findByToken: db.prepare(
      'SELECT t.* FROM follow_tokens f JOIN tickets t ON t.ticket_id = f.ticket_id WHERE f.token_hash = ?',
    ),
    counter: db.prepare('SELECT last FROM ticket_counters WHERE office_id = ? AND prefix = ? AND day = ?'),
    bumpCounter: db.prepare(
      `INSERT INTO ticket_counters (office_id, prefix, day, last) VALUES (?, ?, ?, 1)
       ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last`,
    ),
    insertTicket: db.prepare(
      `INSERT INTO tickets (ticket_id, office_id, day, prefix, seq, number, service_id, kiosk_id, issued_at,
         source, priority, state, window, called_at, finished_at, kiosk_seq)
       VALUES (@ticketId, @officeId, @day, @prefix, @seq, @number, @serviceId, @kioskId, @issuedAt,
         @source, @priority, @state, @window, @calledAt, @finishedAt, @kioskSeq)`,
    ),
    restampServed: db.prepare(
      `UPDATE tickets SET issued_at = @issuedAt, window = @window, called_at = @calledAt,
         finished_at = @finishedAt, state = 'served' WHERE ticket_id = @ticketId`,
    ),
    insertToken: db.prepare('INSERT OR IGNORE INTO follow_tokens (token_hash, ticket_id) VALUES (?, ?)'),
    listQueue: db.prepare(
      `SELECT * FROM tickets WHERE office_id = ? AND day = ? AND state IN ('waiting', 'called') ORDER BY rowid`,
    ),
    served: db.prepare(
      `SELECT called_at, finished_at FROM tickets
       WHERE office_id = ? AND prefix = ? AND state = 'served' AND finished_at >= ? AND called_at IS NOT NULL
       ORDER BY finished_at DESC LIMIT ?`,
    ),
    callingWindows: db.prepare(
      `SELECT count(DISTINCT window) AS n FROM tickets
       WHERE office_id = ? AND prefix = ? AND called_at >= ? AND window IS NOT NULL`,
    ),
    officeCallingWindows: db.prepare(
      `SELECT count(DISTINCT window) AS n FROM tickets
       WHERE office_id = ? AND called_at >= ? AND window IS NOT NULL`,
    ),
    // The days are few (one weekday over some weeks): json_each keeps it one statement.
    issueTimes: db.prepare(
      `SELECT day, issued_at FROM tickets
       WHERE office_id = ? AND day IN (SELECT value FROM json_each(?)) AND state != 'dropped'`,
    ),
    calledAtWindow: db.prepare("SELECT * FROM tickets WHERE office_id = ? AND window = ? AND state = 'called'"),
    nextWaiting: db.prepare(
      `SELECT * FROM tickets WHERE office_id = @officeId AND day = @day AND state = 'waiting'
         AND (@prefixes IS NULL OR prefix IN (SELECT value FROM json_each(@prefixes)))
       ORDER BY ${CALL_ORDER} LIMIT 1`,
    ),
    call: db.prepare("UPDATE tickets SET state = 'called', window = ?, called_at = ? WHERE ticket_id = ?"),
    finish: db.prepare('UPDATE tickets SET state = ?, finished_at = ? WHERE ticket_id = ?'),
    setPrinted: db.prepare('UPDATE tickets SET printed = ? WHERE ticket_id = ?'),
    drop: db.prepare("UPDATE tickets SET state = 'dropped' WHERE ticket_id = ? AND state = 'waiting'"),
    upsertBooking: db.prepare(
      `INSERT INTO bookings (code, office_id, service_id, slot_start, state, ticket_id)
       VALUES (@code, @officeId, @serviceId, @slotStart, @state, @ticketId)
       ON CONFLICT (code) DO UPDATE SET office_id = excluded.office_id, service_id = excluded.service_id,
         slot_start = excluded.slot_start, state = excluded.state, ticket_id = excluded.ticket_id`,
    ),
    findBooking: db.prepare('SELECT * FROM bookings WHERE code = ?'),
    findBookingByTicket: db.prepare('SELECT * FROM bookings WHERE ticket_id = ?'),
    checkInBooking: db.prepare("UPDATE bookings SET state = 'checked_in', ticket_id = ? WHERE code = ?"),
    listBookings: db.prepare(
      'SELECT * FROM bookings WHERE office_id = ? AND slot_start >= ? AND slot_start < ? ORDER BY slot_start',
    ),
    dayKey: db.prepare('SELECT key FROM booking_day_keys WHERE office_id = ? AND day = ?'),
    addDayKey: db.prepare('INSERT OR IGNORE INTO booking_day_keys (office_id, day, key) VALUES (?, ?, ?)'),
    setBookingProblem: db.prepare('UPDATE tickets SET booking_problem = ?, booking_used_by = ? WHERE ticket_id = ?'),
    releaseBooking: db.prepare("UPDATE bookings SET state = 'booked', ticket_id = NULL WHERE ticket_id = ?"),
    saveOperatorToken: db.prepare(
      `INSERT INTO operator_tokens (id, token_hash, office_id, label, created_at, revoked_at)
       VALUES (@id, @tokenHash, @officeId, @label, @createdAt, @revokedAt)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, office_id = excluded.office_id,
         label = excluded.label, created_at = excluded.created_at, revoked_at = excluded.revoked_at`,
    ),
    findOperatorToken: db.prepare('SELECT * FROM operator_tokens WHERE token_hash = ?'),
    revokeOperatorToken: db.prepare('UPDATE operator_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?'),
    listOperatorTokens: db.prepare('SELECT * FROM operator_tokens ORDER BY office_id, created_at'),
  };
}

/**
 * The queue's tables on the hub's SQLite file, for `SqliteHubRepository`: synchronous (as
 * better-sqlite3 is), and each change that spans rows or depends on what it read is one
 * `BEGIN IMMEDIATE` transaction: it takes the file's write lock before reading, so a second hub
 * process on the same file waits (busy timeout) instead of reading a counter about to change.
 */
export class SqliteQueueStore {
  readonly #db: Database.Database;
  readonly #s: ReturnType<typeof prepareStatements>;
  /** Re-parsed only when the stored text changed. */
  readonly #catalogues = new ParsedCatalogues();

  constructor(db: Database.Database) {
    this.#db = db;
    this.#s = prepareStatements(db);
  }

  /** Runs `work` as one `BEGIN IMMEDIATE` transaction: the write lock first, then the reads. */
  #immediate<T>(work: () => T): T {
    return this.#db.transaction(work).immediate();
  }

  setOfficeCatalogue(officeId: string, catalogue: CatalogueFile, at: string): void {
    const { changes } = this.#s.setCatalogue.run(catalogueText(catalogue), at, officeId);
    if (changes === 0) throw new Error(`no office with id ${officeId}`);
  }

  findOfficeCatalogue(officeId: string): CatalogueFile | undefined {
    const row = this.#s.getCatalogue.get(officeId) as { catalogue: string | null } | undefined;
    return row?.catalogue == null ? undefined : this.#catalogues.parse(officeId, row.catalogue);
  }

  assignOfflineTag(kioskId: string): string {
    return this.#immediate((): string => {
      const kiosk = this.#s.kioskTag.get(kioskId) as { office_id: string; offline_tag: string | null } | undefined;
      if (!kiosk) throw new Error(`no kiosk with id ${kioskId}`);
      if (kiosk.offline_tag !== null) return kiosk.offline_tag;
      const taken = (this.#s.officeTags.all(kiosk.office_id) as { offline_tag: string }[]).map(
        (row) => row.offline_tag,
      );
      const tag = freeOfflineTag(kiosk.office_id, taken);
      this.#s.setTag.run(tag, kioskId);
      return tag;
    });
  }

  findTicket(ticketId: string): TicketRecord | undefined {
    const row = this.#s.findTicket.get(ticketId) as TicketRow | undefined;
    return row ? ticketFromRow(row) : undefined;
  }

  findTicketByFollowTokenHash(tokenHash: string): TicketRecord | undefined {
    const row = this.#s.findByToken.get(tokenHash) as TicketRow | undefined;
    return row ? ticketFromRow(row) : undefined;
  }

  issueTicket(ticket: NewTicket): IssueTicketResult {
    return this.#immediate(() => this.#issue(ticket));
  }

  /** Issues inside the caller's transaction. */
  #issue(ticket: NewTicket): IssueTicketResult {
    const existing = this.findTicket(ticket.ticketId);
    if (existing) return { outcome: 'existing', ticket: existing };
    if (ticket.bookingCode !== undefined) {
      const booking = this.findBooking(ticket.bookingCode);
      if (booking?.state !== 'booked')
        return booking ? { outcome: 'booking_unavailable', booking } : { outcome: 'booking_unavailable' };
    }
    let number = ticket.number;
    let seq: number | null = null;
    if (number === undefined) {
      const next = this.#nextSeq(ticket.officeId, ticket.prefix, ticket.day);
      if (next === undefined) return { outcome: 'numbers_exhausted' };
      seq = next;
      number = formatTicketNumber(ticket.prefix, next);
    } else if (this.#s.numberTaken.get(ticket.officeId, ticket.day, number)) {
      return { outcome: 'number_taken' };
    }
    this.#s.insertTicket.run({
      ...ticket,
      kioskSeq: ticket.kioskSeq ?? null,
      seq,
      number,
      priority: ticket.priority ? 1 : 0,
      state: 'waiting',
      window: null,
      calledAt: null,
      finishedAt: null,
    });
    this.#s.insertToken.run(ticket.followTokenHash, ticket.ticketId);
    if (ticket.bookingCode !== undefined) this.#s.checkInBooking.run(ticket.ticketId, ticket.bookingCode);
    return { outcome: 'issued', ticket: this.findTicket(ticket.ticketId) as TicketRecord };
  }

  /** The next number of a queue's day, counted; undefined when the day's numbers are used up. */
  #nextSeq(officeId: string, prefix: string, day: string): number | undefined {
    const current = this.#s.counter.get(officeId, prefix, day) as { last: number } | undefined;
    if ((current?.last ?? 0) >= MAX_TICKETS_PER_QUEUE_DAY) return undefined;
    return (this.#s.bumpCounter.get(officeId, prefix, day) as { last: number }).last;
  }

  addFollowToken(ticketId: string, tokenHash: string): void {
    this.#s.insertToken.run(tokenHash, ticketId);
  }

  listQueue(officeId: string, day: string): TicketRecord[] {
    return (this.#s.listQueue.all(officeId, day) as TicketRow[]).map(ticketFromRow);
  }

  listServiceDurations(officeId: string, prefix: string, since: string, limit: number): number[] {
    const rows = this.#s.served.all(officeId, prefix, since, limit) as { called_at: string; finished_at: string }[];
    return rows.map((row) => Date.parse(row.finished_at) - Date.parse(row.called_at));
  }

  countCallingWindows(officeId: string, prefix: string, since: string): number {
    return (this.#s.callingWindows.get(officeId, prefix, since) as { n: number }).n;
  }

  countOfficeCallingWindows(officeId: string, since: string): number {
    return (this.#s.officeCallingWindows.get(officeId, since) as { n: number }).n;
  }

  listIssueTimes(officeId: string, days: readonly string[]): IssueTime[] {
    const rows = this.#s.issueTimes.all(officeId, JSON.stringify(days)) as { day: string; issued_at: string }[];
    return rows.map((row) => ({ day: row.day, issuedAt: row.issued_at }));
  }

  callNext(call: CallNextCommand): CallNextResult {
    return this.#immediate((): CallNextResult => {
      const result: CallNextResult = {};
      // An operator who calls the next visitor is done with the one before.
      const previous = this.#s.calledAtWindow.all(call.officeId, call.window) as TicketRow[];
      for (const row of previous) {
        this.#s.finish.run('served', call.at, row.ticket_id);
        result.previous = this.findTicket(row.ticket_id) as TicketRecord;
      }
      const next = this.#s.nextWaiting.get({
        officeId: call.officeId,
        day: call.day,
        prefixes: call.prefixes === undefined ? null : JSON.stringify(call.prefixes),
      }) as TicketRow | undefined;
      if (next) {
        this.#s.call.run(call.window, call.at, next.ticket_id);
        result.called = this.findTicket(next.ticket_id) as TicketRecord;
      }
      return result;
    });
  }

  finishTicket(finish: FinishTicketCommand): FinishTicketResult {
    return this.#immediate((): FinishTicketResult => {
      const ticket = this.findTicket(finish.ticketId);
      if (!ticket || ticket.officeId !== finish.officeId) return { outcome: 'not_found' };
      if (ticket.state === 'served' || ticket.state === 'no_show') return { outcome: 'already_finished', ticket };
      if (ticket.state !== 'called') return { outcome: 'not_called', ticket };
      this.#s.finish.run(finish.outcome, finish.at, finish.ticketId);
      return { outcome: 'finished', ticket: this.findTicket(finish.ticketId) as TicketRecord };
    });
  }

  recordServedTicket(entry: ServedTicketEntry): TicketRecord {
    return this.#immediate((): TicketRecord => {
      if (!this.findTicket(entry.ticketId)) {
        const seq = this.#nextSeq(entry.officeId, entry.prefix, entry.day);
        if (seq === undefined) throw new Error(`no numbers left in queue ${entry.prefix} on ${entry.day}`);
        this.#s.insertTicket.run({
          ...entry,
          seq,
          number: formatTicketNumber(entry.prefix, seq),
          kioskId: null,
          kioskSeq: null,
          priority: entry.priority ? 1 : 0,
          state: 'served',
        });
      }
      this.#s.restampServed.run(entry);
      return this.findTicket(entry.ticketId) as TicketRecord;
    });
  }

  upsertBooking(booking: BookingRecord): void {
    this.#s.upsertBooking.run({ ticketId: null, ...booking });
  }

  findBooking(code: string): BookingRecord | undefined {
    const row = this.#s.findBooking.get(code) as BookingRow | undefined;
    return row ? bookingFromRow(row) : undefined;
  }

  findBookingByTicket(ticketId: string): BookingRecord | undefined {
    const row = this.#s.findBookingByTicket.get(ticketId) as BookingRow | undefined;
    return row ? bookingFromRow(row) : undefined;
  }

  listBookings(officeId: string, from: string, to: string): BookingRecord[] {
    return (this.#s.listBookings.all(officeId, from, to) as BookingRow[]).map(bookingFromRow);
  }

  bookingDayKey(officeId: string, day: string): string {
    // Read first: the key exists after the day's first setup, and a write lock per setup is waste.
    const stored = this.#s.dayKey.get(officeId, day) as { key: string } | undefined;
    if (stored) return stored.key;
    return this.#immediate((): string => {
      // Another hub process may have made it a moment ago: the stored one wins.
      this.#s.addDayKey.run(officeId, day, newBookingDayKey());
      return (this.#s.dayKey.get(officeId, day) as { key: string }).key;
    });
  }

  saveOperatorToken(token: OperatorTokenRecord): void {
    this.#s.saveOperatorToken.run({ revokedAt: null, ...token });
  }

  findOperatorToken(tokenHash: string): OperatorTokenRecord | undefined {
    const row = this.#s.findOperatorToken.get(tokenHash) as OperatorTokenRow | undefined;
    return row ? operatorTokenFromRow(row) : undefined;
  }

  revokeOperatorToken(id: string, at: string): boolean {
    return this.#s.revokeOperatorToken.run(at, id).changes > 0;
  }

  listOperatorTokens(): OperatorTokenRecord[] {
    return (this.#s.listOperatorTokens.all() as OperatorTokenRow[]).map(operatorTokenFromRow);
  }

  /**
   * Applies one merge of an outbox item from `kioskId`, inside the outbox's transaction. A
   * savepoint of its own: a merge that fails leaves no half and does not fail the batch.
   */
  applyMerge(kioskId: string, merge: TicketMerge): TicketMergeOutcome {
    const outcome = (result: TicketMergeOutcome['result']): TicketMergeOutcome => ({
      itemId: merge.itemId,
      kind: merge.kind,
      result,
    });
    try {
      return outcome(this.#db.transaction(() => this.#merge(kioskId, merge))());
    } catch {
      return outcome('failed');
    }
  }

  #merge(kioskId: string, merge: TicketMerge): TicketMergeOutcome['result'] {
    if (merge.kind === 'offline') {
      const issued = this.#issue(merge.ticket);
      if (issued.outcome === 'issued' && merge.offlineBooking) {
        this.#checkInOffline(issued.ticket, merge.offlineBooking.code);
      }
      return offlineMergeResult(issued);
    }
    const ticket = this.findTicket(merge.ticketId);
    if (!isKiosksTicket(ticket, kioskId)) return 'unknown_ticket';
    if (merge.kind === 'print_outcome') {
      const changed = ticket.printed !== merge.printed;
      if (changed) this.#s.setPrinted.run(merge.printed, ticket.ticketId);
      // Not on paper: the visitor has nothing to be called with, so it must not count as ahead.
      const dropped = merge.printed === 'no' && this.#drop(ticket);
      return changed || dropped ? 'applied' : 'unchanged';
    }
    return this.#drop(ticket) ? 'applied' : 'unchanged';
  }

  /**
   * An offline check-in's ticket, just merged, uses its booking; if the booking cannot be used
   * (used by another ticket meanwhile, cancelled, or unknown), the ticket stays in the queue (its
   * holder has a printed priority ticket) and carries the problem for the operator to decide.
   */
  #checkInOffline(ticket: TicketRecord, code: string | undefined): void {
    const booking = code === undefined ? undefined : this.findBooking(code);
    const problem = offlineBookingProblem(ticket, code, booking);
    if (problem === undefined) {
      this.#s.checkInBooking.run(ticket.ticketId, code);
      return;
    }
    const usedBy = booking?.ticketId === undefined ? undefined : this.findTicket(booking.ticketId)?.number;
    this.#s.setBookingProblem.run(problem, usedBy ?? null, ticket.ticketId);
  }

  /**
   * Takes a waiting ticket out of the queue; a check-in's booking becomes `booked` again, so the
   * visitor can check in once more. False when it was not waiting.
   */
  #drop(ticket: TicketRecord): boolean {
    if (this.#s.drop.run(ticket.ticketId).changes === 0) return false;
    // A check-in's booking, online or offline: only a booking this ticket holds is released.
    if (ticket.priority) this.#s.releaseBooking.run(ticket.ticketId);
    return true;
  }
}
