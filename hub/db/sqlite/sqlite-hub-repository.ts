import type Database from 'better-sqlite3';
import type { CatalogueFile } from '../../../kiosk-config/src/catalogue/catalogue';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import type {
  AdminAuditEntry,
  ApplicationLookupRecord,
  ApplicationRecord,
  CodeEnrollment,
  EnrollmentCodeRecord,
  EnrollmentDecision,
  EnrollmentDecisionResult,
  EnrollmentRequestRecord,
  EnrollmentResult,
  HubRepository,
  KioskRecord,
  LookupLogEntry,
  OfficeRecord,
  OutboxAppendResult,
  OutboxVolume,
  ServiceRecord,
  StoredOutboxItem,
  TokenEnrollment,
  TokenEnrollmentResult,
} from '../hub-repository';
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
  TicketRecord,
} from '../queue-repository';
import {
  type ApplicationRow,
  applicationLookupFromRow,
  assertKnownTimeZone,
  type KioskRow,
  kioskFromRow,
  type LookupLogRow,
  lookupLogEntryFromRow,
  type OfficeRow,
  type OutboxRow,
  officeFromRow,
  storedOutboxItemOf,
} from '../store-rows';
import { openSqliteDatabase } from './open-sqlite-database';
import type { BackgroundWrite, SqliteBackgroundWriter } from './sqlite-background-writer';
import { SqliteEnrollmentStore } from './sqlite-enrollment-store';
import { SqliteQueueStore } from './sqlite-queue-store';

/** Options of `SqliteHubRepository`. */
export interface SqliteHubRepositoryOptions {
  /**
   * The lookup log and kiosks' last contact are written in batches: every this many ms (or
   * sooner when 500 log entries wait) and on close. A crash loses at most this much of them,
   * never an answer or an outbox item. 50 ms with a background writer, 1 s without.
   */
  bufferFlushMs?: number;
  /**
   * Writes those batches, and runs the WAL checkpoints, on a connection of its own in a worker
   * thread (owned and closed by the repository from then on): without it they are committed on the
   * event loop with `synchronous = FULL` and checkpoints run on the request path (issue 18).
   */
  backgroundWriter?: SqliteBackgroundWriter;
  /** Told when a background flush fails (the entries are dropped; the hub keeps serving). */
  onBackgroundError?: (error: unknown) => void;
}

/** An outbox batch waiting for the next group commit. */
interface QueuedOutboxAppend {
  kioskId: string;
  items: readonly OutboxItem[];
  receivedAt: string;
  merges: readonly TicketMerge[];
  resolve: (result: OutboxAppendResult) => void;
  reject: (error: unknown) => void;
}

/** Every statement the repository runs, prepared once. */
function prepareStatements(db: Database.Database) {
  return {
    upsertOffice: db.prepare(
      `INSERT INTO offices (id, name, address, region_id, time_zone)
       VALUES (@id, @name, @address, @regionId, coalesce(@timeZone, 'Europe/Moscow'))
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, region_id = excluded.region_id,
         time_zone = coalesce(@timeZone, offices.time_zone)`,
    ),
    upsertService: db.prepare(
      'INSERT INTO services (id, name) VALUES (@id, @name) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
    ),
    upsertApplication: db.prepare(
      `INSERT OR REPLACE INTO applications
         (number, status, service_id, office_id, window, filed_on, expected_on, storage_until, phone_last4)
       VALUES (@number, @status, @serviceId, @officeId, @window, @filedOn, @expectedOn, @storageUntil, @phoneLast4)`,
    ),
    findApplication: db.prepare(
      `SELECT a.*, s.name AS service_name, o.name AS office_name, o.address AS office_address,
              o.region_id AS office_region_id, o.time_zone AS office_time_zone
       FROM applications a JOIN services s ON s.id = a.service_id JOIN offices o ON o.id = a.office_id
       WHERE a.number = ?`,
    ),
    // Not `*`: the office's catalogue (kilobytes of JSON in overflow pages) would be read and
    // decoded on every status lookup, which only needs the office's region (issue 18).
    findOffice: db.prepare('SELECT id, name, address, region_id, time_zone FROM offices WHERE id = ?'),
    listQueueOffices: db.prepare(
      'SELECT id, name, address, region_id, time_zone FROM offices WHERE catalogue IS NOT NULL ORDER BY name, id',
    ),
    findKiosk: db.prepare('SELECT * FROM kiosks WHERE id = ?'),
    listKiosks: db.prepare('SELECT * FROM kiosks ORDER BY id'),
    touchKiosk: db.prepare('UPDATE kiosks SET last_seen_at = ? WHERE id = ?'),
    insertLog: db.prepare(
      'INSERT INTO lookup_log (at, kiosk_id, masked_number, outcome) VALUES (@at, @kioskId, @maskedNumber, @outcome)',
    ),
    listLog: db.prepare(
      'SELECT at, kiosk_id, masked_number, outcome FROM lookup_log ORDER BY at DESC, id DESC LIMIT ?',
    ),
    pruneLog: db.prepare('DELETE FROM lookup_log WHERE at < ?'),
    lastSeq: db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM outbox_items WHERE kiosk_id = ?'),
    findItem: db.prepare('SELECT kind, at, payload FROM outbox_items WHERE kiosk_id = ? AND item_id = ?'),
    insertItem: db.prepare(
      `INSERT INTO outbox_items (kiosk_id, item_id, seq, kind, at, payload, received_at)
       VALUES (@kioskId, @id, @seq, @kind, @at, @payload, @receivedAt)`,
    ),
    outboxVolume: db.prepare(
      `SELECT count(*) AS items, coalesce(sum(length(CAST(payload AS BLOB))), 0) AS bytes
       FROM outbox_items WHERE kiosk_id = ? AND received_at >= ?`,
    ),
    listItems: db.prepare('SELECT * FROM outbox_items WHERE kiosk_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    pruneItems: db.prepare(
      `DELETE FROM outbox_items WHERE received_at < ?
         AND seq < (SELECT max(newest.seq) FROM outbox_items AS newest WHERE newest.kiosk_id = outbox_items.kiosk_id)`,
    ),
    ping: db.prepare('SELECT 1 AS ok'),
  };
}

/**
 * The hub's storage on one SQLite file (better-sqlite3): the default, good for a region's
 * fleet of hundreds of kiosks. Statements are prepared once; every multi-row change is one
 * transaction.
 */
export class SqliteHubRepository implements HubRepository {
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepareStatements>;
  readonly #queue: SqliteQueueStore;
  readonly #enrollment: SqliteEnrollmentStore;
  readonly #pendingLog: LookupLogEntry[] = [];
  readonly #pendingTouches = new Map<string, string>();
  readonly #flushTimer: NodeJS.Timeout;
  readonly #writer: SqliteBackgroundWriter | undefined;
  readonly #onBackgroundError: ((error: unknown) => void) | undefined;
  /** The last batch handed to the background writer (the worker commits them in order). */
  #lastWrite: Promise<void> = Promise.resolve();
  #outboxQueue: QueuedOutboxAppend[] = [];
  #closed = false;

  /** Opens and migrates `file` (see `openSqliteDatabase`). */
  static open(file: string, options: SqliteHubRepositoryOptions = {}): SqliteHubRepository {
    return new SqliteHubRepository(openSqliteDatabase(file).db, options);
  }

  constructor(db: Database.Database, options: SqliteHubRepositoryOptions = {}) {
    this.#db = db;
    this.#statements = prepareStatements(db);
    this.#queue = new SqliteQueueStore(db);
    this.#enrollment = new SqliteEnrollmentStore(db);
    this.#writer = options.backgroundWriter;
    // The writer's worker checkpoints on a timer; this connection only when the WAL has grown
    // far (10,000 pages of 4 KiB): if the worker fell behind, the WAL still stops growing.
    if (this.#writer) db.pragma('wal_autocheckpoint = 10000');
    this.#flushTimer = setInterval(
      () => {
        this.#flushBuffered().catch((error: unknown) => options.onBackgroundError?.(error));
      },
      options.bufferFlushMs ?? (this.#writer ? 50 : 1000),
    );
    this.#flushTimer.unref();
    this.#onBackgroundError = options.onBackgroundError;
  }

  async upsertOffice(office: OfficeRecord): Promise<void> {
    assertKnownTimeZone(office);
    this.#statements.upsertOffice.run({ address: null, timeZone: null, ...office });
  }

  async upsertService(service: ServiceRecord): Promise<void> {
    this.#statements.upsertService.run(service);
  }

  async upsertApplication(application: ApplicationRecord): Promise<void> {
    this.#statements.upsertApplication.run({
      window: null,
      expectedOn: null,
      storageUntil: null,
      phoneLast4: null,
      ...application,
    });
  }

  async findApplication(number: string): Promise<ApplicationLookupRecord | undefined> {
    const row = this.#statements.findApplication.get(number) as ApplicationRow | undefined;
    return row ? applicationLookupFromRow(row) : undefined;
  }

  async findOffice(id: string): Promise<OfficeRecord | undefined> {
    const row = this.#statements.findOffice.get(id) as OfficeRow | undefined;
    return row ? officeFromRow(row) : undefined;
  }

  async listQueueOffices(): Promise<OfficeRecord[]> {
    return (this.#statements.listQueueOffices.all() as OfficeRow[]).map(officeFromRow);
  }

  async findKiosk(id: string): Promise<KioskRecord | undefined> {
    const row = this.#statements.findKiosk.get(id) as KioskRow | undefined;
    return row ? kioskFromRow(row) : undefined;
  }

  async listKiosks(): Promise<KioskRecord[]> {
    await this.#flushBuffered();
    return (this.#statements.listKiosks.all() as KioskRow[]).map(kioskFromRow);
  }

  async enrollWithCode(request: CodeEnrollment): Promise<EnrollmentResult> {
    return this.#enrollment.enrollWithCode(request);
  }

  async enrollWithToken(request: TokenEnrollment): Promise<TokenEnrollmentResult> {
    // Last contacts are buffered: a credential collected again must not have been used.
    await this.#flushBuffered();
    return this.#enrollment.enrollWithToken(request);
  }

  async createEnrollmentCode(code: EnrollmentCodeRecord, audit: AdminAuditEntry): Promise<void> {
    this.#enrollment.createCode(code, audit);
  }

  async revokeKiosk(id: string, at: string, audit: AdminAuditEntry): Promise<boolean> {
    return this.#enrollment.revoke(id, at, audit);
  }

  async listEnrollmentRequests(options: { pendingOnly?: boolean } = {}): Promise<EnrollmentRequestRecord[]> {
    return this.#enrollment.listRequests(options.pendingOnly === true);
  }

  async decideEnrollmentRequest(
    decision: EnrollmentDecision,
    audit: AdminAuditEntry,
  ): Promise<EnrollmentDecisionResult> {
    return this.#enrollment.decide(decision, audit);
  }

  async appendAdminAudit(entry: AdminAuditEntry): Promise<void> {
    this.#enrollment.appendAudit(entry);
  }

  async listAdminAudit(limit: number): Promise<AdminAuditEntry[]> {
    return this.#enrollment.listAudit(limit);
  }

  async touchKiosk(id: string, at: string): Promise<void> {
    this.#pendingTouches.set(id, at);
  }

  async appendLookupLog(entry: LookupLogEntry): Promise<void> {
    this.#pendingLog.push(entry);
    if (this.#pendingLog.length >= 500) {
      this.#flushBuffered().catch((error: unknown) => this.#onBackgroundError?.(error));
    }
  }

  async listLookupLog(limit: number): Promise<LookupLogEntry[]> {
    await this.#flushBuffered();
    const rows = this.#statements.listLog.all(limit) as LookupLogRow[];
    return rows.map(lookupLogEntryFromRow);
  }

  async pruneLookupLog(before: string): Promise<number> {
    await this.#flushBuffered();
    return this.#statements.pruneLog.run(before).changes;
  }

  /**
   * Group commit: appends arriving in the same turn of the event loop share one transaction,
   * hence one fsync. Each batch still goes in whole and in order; with `synchronous = FULL` an
   * fsync per request would cap a busy hub at a few hundred posts a second.
   */
  appendOutbox(
    kioskId: string,
    items: readonly OutboxItem[],
    receivedAt: string,
    merges: readonly TicketMerge[] = [],
  ): Promise<OutboxAppendResult> {
    if (this.#closed) return Promise.reject(new Error('the hub database is closed'));
    return new Promise((resolve, reject) => {
      this.#outboxQueue.push({ kioskId, items, receivedAt, merges, resolve, reject });
      if (this.#outboxQueue.length === 1) setImmediate(() => this.#commitOutbox());
    });
  }

  /** Writes every queued outbox batch in one transaction; if that fails, each on its own. */
  #commitOutbox(): void {
    const queue = this.#outboxQueue;
    this.#outboxQueue = [];
    if (queue.length === 0) return;
    let results: OutboxAppendResult[];
    try {
      results = this.#db.transaction(() => queue.map((append) => this.#appendOne(append))).immediate();
    } catch {
      // One bad batch must not fail the others: retry them one by one, each with its own answer.
      for (const append of queue) {
        try {
          append.resolve(this.#db.transaction(() => this.#appendOne(append)).immediate());
        } catch (error) {
          append.reject(error);
        }
      }
      return;
    }
    queue.forEach((append, i) => {
      append.resolve(results[i] as OutboxAppendResult);
    });
  }

  /** One kiosk's batch, inside the caller's transaction; an item's merges only when it is new. */
  #appendOne({ kioskId, items, receivedAt, merges }: QueuedOutboxAppend): OutboxAppendResult {
    const result: OutboxAppendResult = { accepted: [], duplicates: [], conflicting: [], merged: [] };
    let seq = (this.#statements.lastSeq.get(kioskId) as { seq: number }).seq;
    for (const item of items) {
      const payload = JSON.stringify(item.payload);
      const stored = this.#statements.findItem.get(kioskId, item.id) as
        | { kind: string; at: string; payload: string }
        | undefined;
      if (stored) {
        result.duplicates.push(item.id);
        if (stored.kind !== item.kind || stored.at !== item.at || stored.payload !== payload) {
          result.conflicting.push(item.id);
        }
        continue;
      }
      seq += 1;
      this.#statements.insertItem.run({ kioskId, id: item.id, seq, kind: item.kind, at: item.at, payload, receivedAt });
      result.accepted.push(item.id);
      for (const merge of merges) {
        if (merge.itemId === item.id) result.merged.push(this.#queue.applyMerge(kioskId, merge));
      }
    }
    return result;
  }

  async pruneOutbox(before: string): Promise<number> {
    return this.#statements.pruneItems.run(before).changes;
  }

  async outboxVolume(kioskId: string, since: string): Promise<OutboxVolume> {
    return this.#statements.outboxVolume.get(kioskId, since) as OutboxVolume;
  }

  async listOutbox(kioskId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<StoredOutboxItem[]> {
    const rows = this.#statements.listItems.all(kioskId, options.afterSeq ?? 0, options.limit ?? 1000) as OutboxRow[];
    return rows.map(storedOutboxItemOf);
  }

  async setOfficeCatalogue(officeId: string, catalogue: CatalogueFile, at: string): Promise<void> {
    this.#queue.setOfficeCatalogue(officeId, catalogue, at);
  }

  async findOfficeCatalogue(officeId: string): Promise<CatalogueFile | undefined> {
    return this.#queue.findOfficeCatalogue(officeId);
  }

  async assignOfflineTag(kioskId: string): Promise<string> {
    return this.#queue.assignOfflineTag(kioskId);
  }

  async findTicket(ticketId: string): Promise<TicketRecord | undefined> {
    return this.#queue.findTicket(ticketId);
  }

  async findTicketByFollowTokenHash(tokenHash: string): Promise<TicketRecord | undefined> {
    return this.#queue.findTicketByFollowTokenHash(tokenHash);
  }

  async issueTicket(ticket: NewTicket): Promise<IssueTicketResult> {
    return this.#queue.issueTicket(ticket);
  }

  async addFollowToken(ticketId: string, tokenHash: string): Promise<void> {
    this.#queue.addFollowToken(ticketId, tokenHash);
  }

  async listQueue(officeId: string, day: string): Promise<TicketRecord[]> {
    return this.#queue.listQueue(officeId, day);
  }

  async listServiceDurations(officeId: string, prefix: string, since: string, limit: number): Promise<number[]> {
    return this.#queue.listServiceDurations(officeId, prefix, since, limit);
  }

  async countCallingWindows(officeId: string, prefix: string, since: string): Promise<number> {
    return this.#queue.countCallingWindows(officeId, prefix, since);
  }

  async countOfficeCallingWindows(officeId: string, since: string): Promise<number> {
    return this.#queue.countOfficeCallingWindows(officeId, since);
  }

  async listIssueTimes(officeId: string, days: readonly string[]): Promise<IssueTime[]> {
    return this.#queue.listIssueTimes(officeId, days);
  }

  async callNext(call: CallNextCommand): Promise<CallNextResult> {
    return this.#queue.callNext(call);
  }

  async finishTicket(finish: FinishTicketCommand): Promise<FinishTicketResult> {
    return this.#queue.finishTicket(finish);
  }

  async recordServedTicket(entry: ServedTicketEntry): Promise<TicketRecord> {
    return this.#queue.recordServedTicket(entry);
  }

  async upsertBooking(booking: BookingRecord): Promise<void> {
    this.#queue.upsertBooking(booking);
  }

  async findBooking(code: string): Promise<BookingRecord | undefined> {
    return this.#queue.findBooking(code);
  }

  async findBookingByTicket(ticketId: string): Promise<BookingRecord | undefined> {
    return this.#queue.findBookingByTicket(ticketId);
  }

  async listBookings(officeId: string, from: string, to: string): Promise<BookingRecord[]> {
    return this.#queue.listBookings(officeId, from, to);
  }

  async bookingDayKey(officeId: string, day: string): Promise<string> {
    return this.#queue.bookingDayKey(officeId, day);
  }

  async saveOperatorToken(token: OperatorTokenRecord): Promise<void> {
    this.#queue.saveOperatorToken(token);
  }

  async findOperatorToken(tokenHash: string): Promise<OperatorTokenRecord | undefined> {
    return this.#queue.findOperatorToken(tokenHash);
  }

  async revokeOperatorToken(id: string, at: string): Promise<boolean> {
    return this.#queue.revokeOperatorToken(id, at);
  }

  async listOperatorTokens(): Promise<OperatorTokenRecord[]> {
    return this.#queue.listOperatorTokens();
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new Error('the hub database is closed');
    this.#statements.ping.get();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#flushTimer);
    this.#commitOutbox();
    await this.#flushBuffered().catch((error: unknown) => this.#onBackgroundError?.(error));
    this.#closed = true;
    await this.#writer?.close();
    // Folds the WAL back into the main file so a copied file is complete on its own.
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }

  /**
   * Writes the buffered lookup log and last-contact times in one transaction: handed to the
   * background writer when there is one (resolves once it has committed them and every batch
   * before), else committed here on the event loop.
   */
  #flushBuffered(): Promise<void> {
    if (this.#closed || (this.#pendingLog.length === 0 && this.#pendingTouches.size === 0)) return this.#lastWrite;
    const entries = this.#pendingLog.splice(0, this.#pendingLog.length);
    const touches = [...this.#pendingTouches];
    this.#pendingTouches.clear();
    if (this.#writer) {
      const writes: BackgroundWrite[] = [
        ...entries.map((entry): BackgroundWrite => ({ statement: 'lookupLog', params: { ...entry } })),
        ...touches.map(([id, at]): BackgroundWrite => ({ statement: 'touchKiosk', params: { id, at } })),
      ];
      const written = this.#writer.write(writes);
      // A later flush waits for this batch too, but does not fail because this one did.
      this.#lastWrite = written.catch(() => undefined);
      return written;
    }
    try {
      this.#db.transaction(() => {
        for (const entry of entries) this.#statements.insertLog.run(entry);
        for (const [id, at] of touches) this.#statements.touchKiosk.run(at, id);
      })();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
