import type pg from 'pg';
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
import { inTransaction, lockKey } from './postgres-transaction';

type Queryable = pg.Pool | pg.PoolClient;

/**
 * The call order in SQL; `inCallOrder` (hub/server/queue/queue-order.ts) is the same in code.
 * `kiosk_seq NULLS FIRST`: SQLite's order (and `inCallOrder`'s) puts a missing one first.
 */
const CALL_ORDER = 'priority DESC, issued_at, kiosk_seq NULLS FIRST, id';

/** The columns of a new ticket, in the order of `insertTicket`'s values. */
interface TicketInsert {
  ticketId: string;
  officeId: string;
  day: string;
  prefix: string;
  seq: number | null;
  number: string;
  serviceId: string;
  kioskId: string | null;
  issuedAt: string;
  source: TicketRecord['source'];
  priority: boolean;
  state: TicketRecord['state'];
  window: string | null;
  calledAt: string | null;
  finishedAt: string | null;
  kioskSeq: number | null;
}

/**
 * Stores a ticket unless its number is taken that day (or its id exists): then nothing, and
 * undefined. ON CONFLICT DO NOTHING waits for a concurrent insert of the same number to end.
 */
async function insertTicket(client: pg.PoolClient, t: TicketInsert): Promise<TicketRecord | undefined> {
  const { rows } = await client.query<TicketRow>(
    `INSERT INTO tickets (ticket_id, office_id, day, prefix, seq, number, service_id, kiosk_id, issued_at,
       source, priority, state, "window", called_at, finished_at, kiosk_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT DO NOTHING RETURNING *`,
    [
      t.ticketId,
      t.officeId,
      t.day,
      t.prefix,
      t.seq,
      t.number,
      t.serviceId,
      t.kioskId,
      t.issuedAt,
      t.source,
      t.priority,
      t.state,
      t.window,
      t.calledAt,
      t.finishedAt,
      t.kioskSeq,
    ],
  );
  return rows[0] ? ticketFromRow(rows[0]) : undefined;
}

/**
 * The next number of a queue's day, counted; undefined when the day's numbers are used up. One
 * statement: the counter row is created or bumped and stays locked until the caller's
 * transaction ends, so a second hub instance's bump waits for it and reads the committed value
 * (numbers distinct and without gaps; a rolled-back ticket gives its number back).
 */
async function nextSeq(
  client: pg.PoolClient,
  officeId: string,
  prefix: string,
  day: string,
): Promise<number | undefined> {
  const { rows } = await client.query<{ last: number }>(
    `INSERT INTO ticket_counters (office_id, prefix, day, last) VALUES ($1, $2, $3, 1)
     ON CONFLICT (office_id, prefix, day) DO UPDATE SET last = ticket_counters.last + 1
       WHERE ticket_counters.last < $4
     RETURNING last`,
    [officeId, prefix, day, MAX_TICKETS_PER_QUEUE_DAY],
  );
  return rows[0]?.last;
}

/** A ticket by id; with `lock`, its row locked for a change until the transaction ends. */
async function findTicketIn(db: Queryable, ticketId: string, lock = false): Promise<TicketRecord | undefined> {
  // NO KEY UPDATE: does not wait for (or block) a follow token or booking that only references it.
  const { rows } = await db.query<TicketRow>(
    `SELECT * FROM tickets WHERE ticket_id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`,
    [ticketId],
  );
  return rows[0] ? ticketFromRow(rows[0]) : undefined;
}

/** A booking by code; with `lock`, its row locked until the transaction ends. */
async function findBookingIn(db: Queryable, code: string, lock = false): Promise<BookingRecord | undefined> {
  const { rows } = await db.query<BookingRow>(`SELECT * FROM bookings WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [
    code,
  ]);
  return rows[0] ? bookingFromRow(rows[0]) : undefined;
}

/**
 * The queue's tables on PostgreSQL, for `PostgresHubRepository` (the SQLite side:
 * sqlite-queue-store.ts). Every change that spans rows or depends on what it read is one
 * transaction relying on the database's locks, never this process's, so hub instances on one
 * database agree: the day's counter row (numbers), a transaction advisory lock per ticket id (a
 * retry reaching two instances), the booking's row (a check-in uses it once), `FOR NO KEY UPDATE
 * SKIP LOCKED` on the next waiting ticket (two windows never call the same visitor).
 * Uses the pool it is given; never ends it.
 */
export class PostgresQueueStore {
  readonly #pool: pg.Pool;
  /** Re-parsed only when the stored text changed. */
  readonly #catalogues = new ParsedCatalogues();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async setOfficeCatalogue(officeId: string, catalogue: CatalogueFile, at: string): Promise<void> {
    const { rowCount } = await this.#pool.query(
      'UPDATE offices SET catalogue = $1, catalogue_updated_at = $2 WHERE id = $3',
      [catalogueText(catalogue), at, officeId],
    );
    if (rowCount === 0) throw new Error(`no office with id ${officeId}`);
  }

  async findOfficeCatalogue(officeId: string): Promise<CatalogueFile | undefined> {
    const { rows } = await this.#pool.query<{ catalogue: string | null }>(
      'SELECT catalogue FROM offices WHERE id = $1',
      [officeId],
    );
    const text = rows[0]?.catalogue;
    return text == null ? undefined : this.#catalogues.parse(officeId, text);
  }

  assignOfflineTag(kioskId: string): Promise<string> {
    return inTransaction(this.#pool, async (client) => {
      const found = await client.query<{ office_id: string }>('SELECT office_id FROM kiosks WHERE id = $1', [kioskId]);
      const officeId = found.rows[0]?.office_id;
      if (officeId === undefined) throw new Error(`no kiosk with id ${kioskId}`);
      // An office's tags are chosen in turn: two of its kiosks at once must not both take the
      // smallest free one. Read again under the lock: the kiosk may have just got its tag.
      await lockKey(client, `offline-tags:${officeId}`);
      const kiosk = await client.query<{ offline_tag: string | null }>('SELECT offline_tag FROM kiosks WHERE id = $1', [
        kioskId,
      ]);
      const stored = kiosk.rows[0]?.offline_tag;
      if (stored) return stored;
      const taken = await client.query<{ offline_tag: string }>(
        'SELECT offline_tag FROM kiosks WHERE office_id = $1 AND offline_tag IS NOT NULL',
        [officeId],
      );
      const tag = freeOfflineTag(
        officeId,
        taken.rows.map((row) => row.offline_tag),
      );
      await client.query('UPDATE kiosks SET offline_tag = $1 WHERE id = $2', [tag, kioskId]);
      return tag;
    });
  }

  findTicket(ticketId: string): Promise<TicketRecord | undefined> {
    return findTicketIn(this.#pool, ticketId);
  }

  async findTicketByFollowTokenHash(tokenHash: string): Promise<TicketRecord | undefined> {
    const { rows } = await this.#pool.query<TicketRow>(
      'SELECT t.* FROM follow_tokens f JOIN tickets t ON t.ticket_id = f.ticket_id WHERE f.token_hash = $1',
      [tokenHash],
    );
    return rows[0] ? ticketFromRow(rows[0]) : undefined;
  }

  issueTicket(ticket: NewTicket): Promise<IssueTicketResult> {
    return inTransaction(this.#pool, (client) => this.#issue(client, ticket));
  }

  /** Issues inside the caller's transaction. */
  async #issue(client: pg.PoolClient, ticket: NewTicket): Promise<IssueTicketResult> {
    // A retry reaching another instance while the first is still at it waits, then finds the ticket.
    await lockKey(client, `ticket:${ticket.ticketId}`);
    const existing = await findTicketIn(client, ticket.ticketId);
    if (existing) return { outcome: 'existing', ticket: existing };
    if (ticket.bookingCode !== undefined) {
      // Locked: a second check-in with the code waits, then reads it checked in.
      const booking = await findBookingIn(client, ticket.bookingCode, true);
      if (booking?.state !== 'booked')
        return booking ? { outcome: 'booking_unavailable', booking } : { outcome: 'booking_unavailable' };
    }
    let number = ticket.number;
    let seq: number | null = null;
    if (number === undefined) {
      const next = await nextSeq(client, ticket.officeId, ticket.prefix, ticket.day);
      if (next === undefined) return { outcome: 'numbers_exhausted' };
      seq = next;
      number = formatTicketNumber(ticket.prefix, next);
    }
    const issued = await insertTicket(client, {
      ticketId: ticket.ticketId,
      officeId: ticket.officeId,
      day: ticket.day,
      prefix: ticket.prefix,
      seq,
      number,
      serviceId: ticket.serviceId,
      kioskId: ticket.kioskId,
      issuedAt: ticket.issuedAt,
      source: ticket.source,
      priority: ticket.priority,
      state: 'waiting',
      window: null,
      calledAt: null,
      finishedAt: null,
      kioskSeq: ticket.kioskSeq ?? null,
    });
    // The id is locked and was free, so only an offline number can have been taken.
    if (!issued) return { outcome: 'number_taken' };
    await this.#addFollowToken(client, ticket.ticketId, ticket.followTokenHash);
    if (ticket.bookingCode !== undefined) {
      await client.query("UPDATE bookings SET state = 'checked_in', ticket_id = $1 WHERE code = $2", [
        ticket.ticketId,
        ticket.bookingCode,
      ]);
    }
    return { outcome: 'issued', ticket: issued };
  }

  addFollowToken(ticketId: string, tokenHash: string): Promise<void> {
    return this.#addFollowToken(this.#pool, ticketId, tokenHash);
  }

  async #addFollowToken(db: Queryable, ticketId: string, tokenHash: string): Promise<void> {
    await db.query('INSERT INTO follow_tokens (token_hash, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      tokenHash,
      ticketId,
    ]);
  }

  async listQueue(officeId: string, day: string): Promise<TicketRecord[]> {
    const { rows } = await this.#pool.query<TicketRow>(
      `SELECT * FROM tickets WHERE office_id = $1 AND day = $2 AND state IN ('waiting', 'called') ORDER BY id`,
      [officeId, day],
    );
    return rows.map(ticketFromRow);
  }

  async listServiceDurations(officeId: string, prefix: string, since: string, limit: number): Promise<number[]> {
    const { rows } = await this.#pool.query<{ called_at: string; finished_at: string }>(
      `SELECT called_at, finished_at FROM tickets
       WHERE office_id = $1 AND prefix = $2 AND state = 'served' AND finished_at >= $3 AND called_at IS NOT NULL
       ORDER BY finished_at DESC LIMIT $4`,
      [officeId, prefix, since, limit],
    );
    return rows.map((row) => Date.parse(row.finished_at) - Date.parse(row.called_at));
  }

  async countCallingWindows(officeId: string, prefix: string, since: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>(
      `SELECT count(DISTINCT "window")::int AS n FROM tickets
       WHERE office_id = $1 AND prefix = $2 AND called_at >= $3 AND "window" IS NOT NULL`,
      [officeId, prefix, since],
    );
    return rows[0]?.n ?? 0;
  }

  async countOfficeCallingWindows(officeId: string, since: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>(
      `SELECT count(DISTINCT "window")::int AS n FROM tickets
       WHERE office_id = $1 AND called_at >= $2 AND "window" IS NOT NULL`,
      [officeId, since],
    );
    return rows[0]?.n ?? 0;
  }

  async listIssueTimes(officeId: string, days: readonly string[]): Promise<IssueTime[]> {
    const { rows } = await this.#pool.query<{ day: string; issued_at: string }>(
      `SELECT day, issued_at FROM tickets
       WHERE office_id = $1 AND day = ANY($2::text[]) AND state <> 'dropped' ORDER BY id`,
      [officeId, days],
    );
    return rows.map((row) => ({ day: row.day, issuedAt: row.issued_at }));
  }

  callNext(call: CallNextCommand): Promise<CallNextResult> {
    return inTransaction(this.#pool, async (client): Promise<CallNextResult> => {
      // One window's calls in turn (a double click reaching two instances): the second serves
      // what the first called, as on SQLite, instead of both calling a visitor to one window.
      await lockKey(client, `window:${JSON.stringify([call.officeId, call.window])}`);
      const result: CallNextResult = {};
      // An operator who calls the next visitor is done with the one before.
      const previous = await client.query<TicketRow>(
        `UPDATE tickets SET state = 'served', finished_at = $1
         WHERE office_id = $2 AND "window" = $3 AND state = 'called' RETURNING *`,
        [call.at, call.officeId, call.window],
      );
      const served = previous.rows.at(-1);
      if (served) result.previous = ticketFromRow(served);
      // SKIP LOCKED: a ticket another window is calling right now is passed over, not waited for
      // (and not called twice); NO KEY UPDATE lets follow tokens and bookings still reference it.
      const next = await client.query<{ ticket_id: string }>(
        `SELECT ticket_id FROM tickets WHERE office_id = $1 AND day = $2 AND state = 'waiting'
           AND ($3::text[] IS NULL OR prefix = ANY($3::text[]))
         ORDER BY ${CALL_ORDER} LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`,
        [call.officeId, call.day, call.prefixes ?? null],
      );
      const ticketId = next.rows[0]?.ticket_id;
      if (ticketId !== undefined) {
        const called = await client.query<TicketRow>(
          `UPDATE tickets SET state = 'called', "window" = $1, called_at = $2 WHERE ticket_id = $3 RETURNING *`,
          [call.window, call.at, ticketId],
        );
        result.called = ticketFromRow(called.rows[0] as TicketRow);
      }
      return result;
    });
  }

  finishTicket(finish: FinishTicketCommand): Promise<FinishTicketResult> {
    return inTransaction(this.#pool, async (client): Promise<FinishTicketResult> => {
      const ticket = await findTicketIn(client, finish.ticketId, true);
      if (!ticket || ticket.officeId !== finish.officeId) return { outcome: 'not_found' };
      if (ticket.state === 'served' || ticket.state === 'no_show') return { outcome: 'already_finished', ticket };
      if (ticket.state !== 'called') return { outcome: 'not_called', ticket };
      const { rows } = await client.query<TicketRow>(
        'UPDATE tickets SET state = $1, finished_at = $2 WHERE ticket_id = $3 RETURNING *',
        [finish.outcome, finish.at, finish.ticketId],
      );
      return { outcome: 'finished', ticket: ticketFromRow(rows[0] as TicketRow) };
    });
  }

  recordServedTicket(entry: ServedTicketEntry): Promise<TicketRecord> {
    return inTransaction(this.#pool, async (client): Promise<TicketRecord> => {
      await lockKey(client, `ticket:${entry.ticketId}`);
      if (!(await findTicketIn(client, entry.ticketId))) {
        const seq = await nextSeq(client, entry.officeId, entry.prefix, entry.day);
        if (seq === undefined) throw new Error(`no numbers left in queue ${entry.prefix} on ${entry.day}`);
        await insertTicket(client, {
          ...entry,
          seq,
          number: formatTicketNumber(entry.prefix, seq),
          kioskId: null,
          kioskSeq: null,
          state: 'served',
        });
      }
      const { rows } = await client.query<TicketRow>(
        `UPDATE tickets SET issued_at = $1, "window" = $2, called_at = $3, finished_at = $4, state = 'served'
         WHERE ticket_id = $5 RETURNING *`,
        [entry.issuedAt, entry.window, entry.calledAt, entry.finishedAt, entry.ticketId],
      );
      return ticketFromRow(rows[0] as TicketRow);
    });
  }

  async upsertBooking(booking: BookingRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO bookings (code, office_id, service_id, slot_start, state, ticket_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET office_id = excluded.office_id, service_id = excluded.service_id,
         slot_start = excluded.slot_start, state = excluded.state, ticket_id = excluded.ticket_id`,
      [booking.code, booking.officeId, booking.serviceId, booking.slotStart, booking.state, booking.ticketId ?? null],
    );
  }

  findBooking(code: string): Promise<BookingRecord | undefined> {
    return findBookingIn(this.#pool, code);
  }

  async findBookingByTicket(ticketId: string): Promise<BookingRecord | undefined> {
    const { rows } = await this.#pool.query<BookingRow>('SELECT * FROM bookings WHERE ticket_id = $1', [ticketId]);
    return rows[0] ? bookingFromRow(rows[0]) : undefined;
  }

  async listBookings(officeId: string, from: string, to: string): Promise<BookingRecord[]> {
    const { rows } = await this.#pool.query<BookingRow>(
      'SELECT * FROM bookings WHERE office_id = $1 AND slot_start >= $2 AND slot_start < $3 ORDER BY slot_start',
      [officeId, from, to],
    );
    return rows.map(bookingFromRow);
  }

  async bookingDayKey(officeId: string, day: string): Promise<string> {
    const read = () =>
      this.#pool.query<{ key: string }>('SELECT key FROM booking_day_keys WHERE office_id = $1 AND day = $2', [
        officeId,
        day,
      ]);
    // Read first: the key exists after the day's first setup.
    const stored = (await read()).rows[0];
    if (stored) return stored.key;
    // Another instance may be making it at this moment: its insert wins or this one does, and
    // both answer with the stored key.
    await this.#pool.query(
      'INSERT INTO booking_day_keys (office_id, day, key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [officeId, day, newBookingDayKey()],
    );
    return ((await read()).rows[0] as { key: string }).key;
  }

  async saveOperatorToken(token: OperatorTokenRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO operator_tokens (id, token_hash, office_id, label, created_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, office_id = excluded.office_id,
         label = excluded.label, created_at = excluded.created_at, revoked_at = excluded.revoked_at`,
      [token.id, token.tokenHash, token.officeId, token.label, token.createdAt, token.revokedAt ?? null],
    );
  }

  async findOperatorToken(tokenHash: string): Promise<OperatorTokenRecord | undefined> {
    const { rows } = await this.#pool.query<OperatorTokenRow>('SELECT * FROM operator_tokens WHERE token_hash = $1', [
      tokenHash,
    ]);
    return rows[0] ? operatorTokenFromRow(rows[0]) : undefined;
  }

  async revokeOperatorToken(id: string, at: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'UPDATE operator_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2',
      [at, id],
    );
    return (rowCount ?? 0) > 0;
  }

  async listOperatorTokens(): Promise<OperatorTokenRecord[]> {
    const { rows } = await this.#pool.query<OperatorTokenRow>(
      'SELECT * FROM operator_tokens ORDER BY office_id, created_at',
    );
    return rows.map(operatorTokenFromRow);
  }

  /**
   * Applies one merge of an outbox item from `kioskId`, inside the outbox's transaction on
   * `client`. A savepoint of its own: a merge that fails leaves no half and does not fail the batch.
   */
  async applyMerge(client: pg.PoolClient, kioskId: string, merge: TicketMerge): Promise<TicketMergeOutcome> {
    const outcome = (result: TicketMergeOutcome['result']): TicketMergeOutcome => ({
      itemId: merge.itemId,
      kind: merge.kind,
      result,
    });
    await client.query('SAVEPOINT ticket_merge');
    try {
      const result = await this.#merge(client, kioskId, merge);
      await client.query('RELEASE SAVEPOINT ticket_merge');
      return outcome(result);
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT ticket_merge');
      return outcome('failed');
    }
  }

  async #merge(client: pg.PoolClient, kioskId: string, merge: TicketMerge): Promise<TicketMergeOutcome['result']> {
    if (merge.kind === 'offline') {
      const issued = await this.#issue(client, merge.ticket);
      if (issued.outcome === 'issued' && merge.offlineBooking) {
        await this.#checkInOffline(client, issued.ticket, merge.offlineBooking.code);
      }
      return offlineMergeResult(issued);
    }
    // The ticket's own lock first: a kiosk that gave up waiting abandons a request the hub may
    // still be issuing (on this instance or another); the merge then waits for it and finds it.
    await lockKey(client, `ticket:${merge.ticketId}`);
    const ticket = await findTicketIn(client, merge.ticketId, true);
    if (!isKiosksTicket(ticket, kioskId)) return 'unknown_ticket';
    if (merge.kind === 'print_outcome') {
      const changed = ticket.printed !== merge.printed;
      if (changed) {
        await client.query('UPDATE tickets SET printed = $1 WHERE ticket_id = $2', [merge.printed, ticket.ticketId]);
      }
      // Not on paper: the visitor has nothing to be called with, so it must not count as ahead.
      const dropped = merge.printed === 'no' && (await this.#drop(client, ticket));
      return changed || dropped ? 'applied' : 'unchanged';
    }
    return (await this.#drop(client, ticket)) ? 'applied' : 'unchanged';
  }

  /**
   * An offline check-in's ticket, just merged, uses its booking; if the booking cannot be used
   * (used by another ticket meanwhile, cancelled, or unknown), the ticket stays in the queue (its
   * holder has a printed priority ticket) and carries the problem for the operator to decide.
   */
  async #checkInOffline(client: pg.PoolClient, ticket: TicketRecord, code: string | undefined): Promise<void> {
    const booking = code === undefined ? undefined : await findBookingIn(client, code, true);
    const problem = offlineBookingProblem(ticket, code, booking);
    if (problem === undefined) {
      await client.query("UPDATE bookings SET state = 'checked_in', ticket_id = $1 WHERE code = $2", [
        ticket.ticketId,
        code,
      ]);
      return;
    }
    const usedBy = booking?.ticketId === undefined ? undefined : (await findTicketIn(client, booking.ticketId))?.number;
    await client.query('UPDATE tickets SET booking_problem = $1, booking_used_by = $2 WHERE ticket_id = $3', [
      problem,
      usedBy ?? null,
      ticket.ticketId,
    ]);
  }

  /**
   * Takes a waiting ticket out of the queue; a check-in's booking becomes `booked` again, so the
   * visitor can check in once more. False when it was not waiting.
   */
  async #drop(client: pg.PoolClient, ticket: TicketRecord): Promise<boolean> {
    const { rowCount } = await client.query(
      "UPDATE tickets SET state = 'dropped' WHERE ticket_id = $1 AND state = 'waiting'",
      [ticket.ticketId],
    );
    if (rowCount === 0) return false;
    // A check-in's booking, online or offline: only a booking this ticket holds is released.
    if (ticket.priority) {
      await client.query("UPDATE bookings SET state = 'booked', ticket_id = NULL WHERE ticket_id = $1", [
        ticket.ticketId,
      ]);
    }
    return true;
  }
}
