import pg from 'pg';
import type { CatalogueFile } from '../../../kiosk-config/src/catalogue/catalogue';
import { ok } from '../../../kiosk-config/src/contract/result';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import {
  type CodeRow,
  codeRefusal,
  DEMO_AUTO_APPROVER,
  followUpDecision,
  type KioskStateRow,
  kioskRefusal,
  type RequestRow,
  refused,
  requestFromRow,
} from '../enrollment-rules';
import type {
  AdminAuditEntry,
  ApplicationLookupRecord,
  ApplicationRecord,
  CodeEnrollment,
  EnrollmentCodeRecord,
  EnrollmentDecision,
  EnrollmentDecisionResult,
  EnrollmentMethod,
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
import type { MigrationReport } from '../migration';
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
import { migratePostgres } from './migrate-postgres';
import { POSTGRES_MIGRATIONS } from './migrations/migrations';
import { PostgresBatchedWriter, type PostgresBatchedWriterOptions } from './postgres-batched-writer';
import { PostgresQueueStore } from './postgres-queue-store';
import { inTransaction, lockKey } from './postgres-transaction';
import { assertWritableServer } from './writable-server';

type Queryable = pg.Pool | pg.PoolClient;

/** Options of `PostgresHubRepository`. */
export interface PostgresHubRepositoryOptions {
  /**
   * The lookup log and kiosks' last contacts written in batches by a `PostgresBatchedWriter`
   * (the hub's default), not committed one by one with a WAL flush each (as before issue 18;
   * the bench's `fixes-off`).
   */
  batchedWrites?: PostgresBatchedWriterOptions;
}

/** The kiosk's enrollment state, its row locked until the transaction ends. */
async function lockedKiosk(client: pg.PoolClient, kioskId: string): Promise<KioskStateRow | undefined> {
  // The kiosk id is locked even while it has no row: two enrollments of a new id cannot both pass
  // the «not enrolled yet» check (a row lock cannot lock a row that does not exist yet).
  await lockKey(client, `kiosk:${kioskId}`);
  const { rows } = await client.query<KioskStateRow>(
    'SELECT office_id, enrolled_at, enrolled_via, revoked_at, last_seen_at FROM kiosks WHERE id = $1',
    [kioskId],
  );
  return rows[0];
}

async function saveKiosk(
  client: pg.PoolClient,
  request: { kioskId: string; credentialHash: string; at: string },
  officeId: string,
  via: EnrollmentMethod,
): Promise<void> {
  await client.query(
    `INSERT INTO kiosks (id, office_id, credential_hash, enrolled_at, enrolled_via)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET
       credential_hash = excluded.credential_hash, enrolled_at = excluded.enrolled_at,
       enrolled_via = excluded.enrolled_via, revoked_at = NULL
     -- A kiosk never changes office through enrollment (checked before; this makes sure).
     WHERE kiosks.office_id = excluded.office_id`,
    [request.kioskId, officeId, request.credentialHash, request.at, via],
  );
}

async function audit(client: Queryable, entry: AdminAuditEntry): Promise<void> {
  await client.query('INSERT INTO admin_audit (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.at,
    entry.actor,
    entry.action,
    entry.subject,
    JSON.stringify(entry.detail),
  ]);
}

/**
 * The hub's storage on PostgreSQL (in progress: not yet selectable in `hub start`; the queue's
 * tables are `PostgresQueueStore`'s). For fleets that outgrow one SQLite file and hubs that run
 * as several instances: every read-then-write runs in one transaction and relies on the
 * database's locks and unique constraints, never on this process's, so instances on one
 * database agree.
 */
export class PostgresHubRepository implements HubRepository {
  readonly #pool: pg.Pool;
  readonly #queue: PostgresQueueStore;
  readonly #writer: PostgresBatchedWriter | undefined;
  #closed = false;

  /** Connects (a pool) and migrates; `config` as `pg.Pool` takes it (connection string, host, …). */
  static async open(
    config: pg.PoolConfig,
    options: PostgresHubRepositoryOptions = {},
  ): Promise<{ repository: PostgresHubRepository; migration: MigrationReport }> {
    const pool = new pg.Pool(config);
    try {
      const migration = await migratePostgres(pool, POSTGRES_MIGRATIONS);
      return { repository: new PostgresHubRepository(pool, options), migration };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** On an already migrated database; the repository owns `pool` from then on. */
  constructor(pool: pg.Pool, options: PostgresHubRepositoryOptions = {}) {
    this.#pool = pool;
    this.#queue = new PostgresQueueStore(pool);
    this.#writer = options.batchedWrites && new PostgresBatchedWriter(pool, options.batchedWrites);
  }

  async upsertOffice(office: OfficeRecord): Promise<void> {
    assertKnownTimeZone(office);
    await this.#pool.query(
      `INSERT INTO offices (id, name, address, region_id, time_zone)
       VALUES ($1, $2, $3, $4, coalesce($5, 'Europe/Moscow'))
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
         region_id = excluded.region_id, time_zone = coalesce($5, offices.time_zone)`,
      [office.id, office.name, office.address ?? null, office.regionId, office.timeZone ?? null],
    );
  }

  async upsertService(service: ServiceRecord): Promise<void> {
    await this.#pool.query(
      'INSERT INTO services (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
      [service.id, service.name],
    );
  }

  async upsertApplication(application: ApplicationRecord): Promise<void> {
    const a = application;
    await this.#pool.query(
      `INSERT INTO applications
         (number, status, service_id, office_id, "window", filed_on, expected_on, storage_until, phone_last4)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (number) DO UPDATE SET status = excluded.status, service_id = excluded.service_id,
         office_id = excluded.office_id, "window" = excluded."window", filed_on = excluded.filed_on,
         expected_on = excluded.expected_on, storage_until = excluded.storage_until,
         phone_last4 = excluded.phone_last4`,
      [
        a.number,
        a.status,
        a.serviceId,
        a.officeId,
        a.window ?? null,
        a.filedOn,
        a.expectedOn ?? null,
        a.storageUntil ?? null,
        a.phoneLast4 ?? null,
      ],
    );
  }

  // The reads of every kiosk request and status lookup are prepared statements (`name`: parsed
  // and planned once per connection), their columns named so a later migration's new column
  // cannot change a prepared result's shape under a running instance.
  async findApplication(number: string): Promise<ApplicationLookupRecord | undefined> {
    const { rows } = await this.#pool.query<ApplicationRow>({
      name: 'hub-find-application',
      text: `SELECT a.number, a.status, a.service_id, a.office_id, a."window", a.filed_on, a.expected_on,
              a.storage_until, a.phone_last4, s.name AS service_name, o.name AS office_name,
              o.address AS office_address, o.region_id AS office_region_id, o.time_zone AS office_time_zone
       FROM applications a JOIN services s ON s.id = a.service_id JOIN offices o ON o.id = a.office_id
       WHERE a.number = $1`,
      values: [number],
    });
    return rows[0] ? applicationLookupFromRow(rows[0]) : undefined;
  }

  async findOffice(id: string): Promise<OfficeRecord | undefined> {
    // Not `*`: the office's catalogue (kilobytes of JSON text) would be read, sent and decoded on
    // every status lookup, which needs only the office's region (as on SQLite, issue 18).
    const { rows } = await this.#pool.query<OfficeRow>({
      name: 'hub-find-office',
      text: 'SELECT id, name, address, region_id, time_zone FROM offices WHERE id = $1',
      values: [id],
    });
    return rows[0] ? officeFromRow(rows[0]) : undefined;
  }

  async listQueueOffices(): Promise<OfficeRecord[]> {
    // Byte order, as SQLite's: a database made with another locale lists the same order.
    const { rows } = await this.#pool.query<OfficeRow>(
      `SELECT id, name, address, region_id, time_zone FROM offices WHERE catalogue IS NOT NULL
       ORDER BY name COLLATE "C", id COLLATE "C"`,
    );
    return rows.map(officeFromRow);
  }

  async findKiosk(id: string): Promise<KioskRecord | undefined> {
    const { rows } = await this.#pool.query<KioskRow>({
      name: 'hub-find-kiosk',
      text: `SELECT id, office_id, credential_hash, enrolled_at, enrolled_via, revoked_at, last_seen_at, offline_tag
       FROM kiosks WHERE id = $1`,
      values: [id],
    });
    return rows[0] ? kioskFromRow(rows[0]) : undefined;
  }

  async listKiosks(): Promise<KioskRecord[]> {
    await this.#writer?.flush();
    const { rows } = await this.#pool.query<KioskRow>('SELECT * FROM kiosks ORDER BY id');
    return rows.map(kioskFromRow);
  }

  enrollWithCode(request: CodeEnrollment): Promise<EnrollmentResult> {
    return inTransaction(this.#pool, async (client): Promise<EnrollmentResult> => {
      const kiosk = await lockedKiosk(client, request.kioskId);
      const { rows } = await client.query<CodeRow>(
        'SELECT office_id, kiosk_id, expires_at, used_at FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE',
        [request.codeHash],
      );
      const code = rows[0];
      const refusal = codeRefusal(code, request) ?? (code && kioskRefusal(kiosk, code.office_id));
      if (refusal || !code) return refused(refusal ?? 'unknown_code');
      await client.query('UPDATE enrollment_codes SET used_at = $1, used_by = $2 WHERE code_hash = $3', [
        request.at,
        request.kioskId,
        request.codeHash,
      ]);
      await saveKiosk(client, request, code.office_id, 'code');
      return ok({ officeId: code.office_id });
    });
  }

  async enrollWithToken(request: TokenEnrollment): Promise<TokenEnrollmentResult> {
    // Last contacts are batched: a credential collected again must not have been used.
    await this.#writer?.flush();
    return inTransaction(this.#pool, async (client): Promise<TokenEnrollmentResult> => {
      const kiosk = await lockedKiosk(client, request.kioskId);
      const existing = await client.query<RequestRow>(
        'SELECT * FROM kiosk_enrollment_requests WHERE secret_hash = $1 FOR UPDATE',
        [request.requestSecretHash],
      );
      const row = existing.rows[0];
      if (row) {
        // A request of another kiosk id is refused before its kiosk matters.
        const decision = followUpDecision(row, kiosk, request);
        if (decision.status !== 'collect') return decision;
        await saveKiosk(client, request, row.office_id, 'token');
        await client.query('UPDATE kiosk_enrollment_requests SET collected_at = $1 WHERE id = $2', [
          request.at,
          row.id,
        ]);
        return { status: 'enrolled', officeId: row.office_id };
      }
      const refusal = kioskRefusal(kiosk, request.officeId);
      if (refusal) return { status: 'refused', reason: refusal };
      const autoApprove = request.autoApproveNewKiosks === true && kiosk === undefined;
      await client.query(
        `INSERT INTO kiosk_enrollment_requests
           (id, secret_hash, kiosk_id, office_id, requested_at, from_address, decision, decided_at, decided_by, collected_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          request.newRequestId,
          request.requestSecretHash,
          request.kioskId,
          request.officeId,
          request.at,
          request.fromAddress ?? null,
          autoApprove ? 'approved' : null,
          autoApprove ? request.at : null,
          autoApprove ? DEMO_AUTO_APPROVER : null,
          autoApprove ? request.at : null,
        ],
      );
      if (!autoApprove) {
        return { status: 'pending', officeId: request.officeId, requestId: request.newRequestId, isNew: true };
      }
      await saveKiosk(client, request, request.officeId, 'token');
      return { status: 'enrolled', officeId: request.officeId };
    });
  }

  createEnrollmentCode(code: EnrollmentCodeRecord, entry: AdminAuditEntry): Promise<void> {
    return inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO enrollment_codes (code_hash, office_id, kiosk_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [code.codeHash, code.officeId, code.kioskId, code.createdAt, code.expiresAt],
      );
      await audit(client, entry);
    });
  }

  revokeKiosk(id: string, at: string, entry: AdminAuditEntry): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const { rowCount } = await client.query('SELECT 1 FROM kiosks WHERE id = $1 FOR UPDATE', [id]);
      if (rowCount === 0) return false;
      await client.query('UPDATE kiosks SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
      await audit(client, entry);
      return true;
    });
  }

  async listEnrollmentRequests(options: { pendingOnly?: boolean } = {}): Promise<EnrollmentRequestRecord[]> {
    const where = options.pendingOnly === true ? 'WHERE decision IS NULL' : '';
    const { rows } = await this.#pool.query<RequestRow>(
      `SELECT * FROM kiosk_enrollment_requests ${where} ORDER BY requested_at DESC, id`,
    );
    return rows.map(requestFromRow);
  }

  decideEnrollmentRequest(decision: EnrollmentDecision, entry: AdminAuditEntry): Promise<EnrollmentDecisionResult> {
    return inTransaction(this.#pool, async (client): Promise<EnrollmentDecisionResult> => {
      const found = await client.query<{ kiosk_id: string }>(
        'SELECT kiosk_id FROM kiosk_enrollment_requests WHERE id = $1',
        [decision.requestId],
      );
      if (!found.rows[0]) return refused('not_found');
      // The kiosk id first (as every enrollment takes it), then the request's row.
      const kiosk = await lockedKiosk(client, found.rows[0].kiosk_id);
      const { rows } = await client.query<RequestRow>(
        'SELECT * FROM kiosk_enrollment_requests WHERE id = $1 FOR UPDATE',
        [decision.requestId],
      );
      const row = rows[0] as RequestRow;
      if (row.decision !== null) return refused('already_decided');
      const { at, by } = decision;
      if (decision.decision === 'approved') {
        const refusal = kioskRefusal(kiosk, row.office_id);
        if (refusal) return refused(refusal);
        await client.query(
          `UPDATE kiosk_enrollment_requests SET decision = 'rejected', decided_at = $1, decided_by = $2
           WHERE kiosk_id = $3 AND id <> $4 AND decision IS NULL`,
          [at, by, row.kiosk_id, row.id],
        );
      }
      const decided = await client.query<RequestRow>(
        `UPDATE kiosk_enrollment_requests SET decision = $1, decided_at = $2, decided_by = $3
         WHERE id = $4 RETURNING *`,
        [decision.decision, at, by, row.id],
      );
      await audit(client, entry);
      return ok(requestFromRow(decided.rows[0] as RequestRow));
    });
  }

  async appendAdminAudit(entry: AdminAuditEntry): Promise<void> {
    await audit(this.#pool, entry);
  }

  async listAdminAudit(limit: number): Promise<AdminAuditEntry[]> {
    const { rows } = await this.#pool.query<AdminAuditEntry>(
      'SELECT at, actor, action, subject, detail FROM admin_audit ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows;
  }

  async touchKiosk(id: string, at: string): Promise<void> {
    if (this.#writer) return this.#writer.touchKiosk(id, at);
    await this.#pool.query('UPDATE kiosks SET last_seen_at = $1 WHERE id = $2', [at, id]);
  }

  async appendLookupLog(entry: LookupLogEntry): Promise<void> {
    if (this.#writer) return this.#writer.appendLookupLog(entry);
    await this.#pool.query('INSERT INTO lookup_log (at, kiosk_id, masked_number, outcome) VALUES ($1, $2, $3, $4)', [
      entry.at,
      entry.kioskId,
      entry.maskedNumber,
      entry.outcome,
    ]);
  }

  async listLookupLog(limit: number): Promise<LookupLogEntry[]> {
    await this.#writer?.flush();
    const { rows } = await this.#pool.query<LookupLogRow>(
      'SELECT at, kiosk_id, masked_number, outcome FROM lookup_log ORDER BY at DESC, id DESC LIMIT $1',
      [limit],
    );
    return rows.map(lookupLogEntryFromRow);
  }

  async pruneLookupLog(before: string): Promise<number> {
    await this.#writer?.flush();
    const { rowCount } = await this.#pool.query('DELETE FROM lookup_log WHERE at < $1', [before]);
    return rowCount ?? 0;
  }

  /**
   * One transaction per batch. The kiosk's `outbox_kiosks` row is locked first, so batches of one
   * kiosk reaching two hub instances are numbered in turn; the primary key (kiosk, item id) is
   * what stores an item once: a replay's INSERT … ON CONFLICT DO NOTHING inserts nothing, so its
   * merges are not applied again, whichever instance it reaches.
   */
  appendOutbox(
    kioskId: string,
    items: readonly OutboxItem[],
    receivedAt: string,
    merges: readonly TicketMerge[] = [],
  ): Promise<OutboxAppendResult> {
    if (this.#closed) return Promise.reject(new Error('the hub database is closed'));
    return inTransaction(this.#pool, async (client) => {
      const result: OutboxAppendResult = { accepted: [], duplicates: [], conflicting: [], merged: [] };
      await client.query('INSERT INTO outbox_kiosks (kiosk_id, last_seq) VALUES ($1, 0) ON CONFLICT DO NOTHING', [
        kioskId,
      ]);
      const counter = await client.query<{ last_seq: string }>(
        'SELECT last_seq FROM outbox_kiosks WHERE kiosk_id = $1 FOR UPDATE',
        [kioskId],
      );
      let seq = Number(counter.rows[0]?.last_seq ?? 0);
      for (const item of items) {
        const payload = JSON.stringify(item.payload);
        const inserted = await client.query(
          `INSERT INTO outbox_items (kiosk_id, item_id, seq, kind, at, payload, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kiosk_id, item_id) DO NOTHING`,
          [kioskId, item.id, seq + 1, item.kind, item.at, payload, receivedAt],
        );
        if (inserted.rowCount === 1) {
          seq += 1;
          result.accepted.push(item.id);
          for (const merge of merges) {
            if (merge.itemId === item.id) result.merged.push(await this.#queue.applyMerge(client, kioskId, merge));
          }
          continue;
        }
        result.duplicates.push(item.id);
        const stored = await client.query<{ kind: string; at: string; payload: string }>(
          'SELECT kind, at, payload FROM outbox_items WHERE kiosk_id = $1 AND item_id = $2',
          [kioskId, item.id],
        );
        const first = stored.rows[0];
        if (first && (first.kind !== item.kind || first.at !== item.at || first.payload !== payload)) {
          result.conflicting.push(item.id);
        }
      }
      await client.query('UPDATE outbox_kiosks SET last_seq = $1 WHERE kiosk_id = $2', [seq, kioskId]);
      return result;
    });
  }

  async pruneOutbox(before: string): Promise<number> {
    const { rowCount } = await this.#pool.query(
      `DELETE FROM outbox_items WHERE received_at < $1
         AND seq < (SELECT max(newest.seq) FROM outbox_items AS newest WHERE newest.kiosk_id = outbox_items.kiosk_id)`,
      [before],
    );
    return rowCount ?? 0;
  }

  async outboxVolume(kioskId: string, since: string): Promise<OutboxVolume> {
    const { rows } = await this.#pool.query<OutboxVolume>(
      `SELECT count(*)::int AS items, coalesce(sum(octet_length(payload)), 0)::int AS bytes
       FROM outbox_items WHERE kiosk_id = $1 AND received_at >= $2`,
      [kioskId, since],
    );
    return rows[0] as OutboxVolume;
  }

  async listOutbox(kioskId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<StoredOutboxItem[]> {
    const { rows } = await this.#pool.query<OutboxRow>(
      // seq as int: bigint would come back as text.
      `SELECT kiosk_id, item_id, seq::int AS seq, kind, at, payload, received_at FROM outbox_items
       WHERE kiosk_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [kioskId, options.afterSeq ?? 0, options.limit ?? 1000],
    );
    return rows.map(storedOutboxItemOf);
  }

  setOfficeCatalogue(officeId: string, catalogue: CatalogueFile, at: string): Promise<void> {
    return this.#queue.setOfficeCatalogue(officeId, catalogue, at);
  }

  findOfficeCatalogue(officeId: string): Promise<CatalogueFile | undefined> {
    return this.#queue.findOfficeCatalogue(officeId);
  }

  assignOfflineTag(kioskId: string): Promise<string> {
    return this.#queue.assignOfflineTag(kioskId);
  }

  findTicket(ticketId: string): Promise<TicketRecord | undefined> {
    return this.#queue.findTicket(ticketId);
  }

  findTicketByFollowTokenHash(tokenHash: string): Promise<TicketRecord | undefined> {
    return this.#queue.findTicketByFollowTokenHash(tokenHash);
  }

  issueTicket(ticket: NewTicket): Promise<IssueTicketResult> {
    return this.#queue.issueTicket(ticket);
  }

  addFollowToken(ticketId: string, tokenHash: string): Promise<void> {
    return this.#queue.addFollowToken(ticketId, tokenHash);
  }

  listQueue(officeId: string, day: string): Promise<TicketRecord[]> {
    return this.#queue.listQueue(officeId, day);
  }

  listServiceDurations(officeId: string, prefix: string, since: string, limit: number): Promise<number[]> {
    return this.#queue.listServiceDurations(officeId, prefix, since, limit);
  }

  countCallingWindows(officeId: string, prefix: string, since: string): Promise<number> {
    return this.#queue.countCallingWindows(officeId, prefix, since);
  }

  countOfficeCallingWindows(officeId: string, since: string): Promise<number> {
    return this.#queue.countOfficeCallingWindows(officeId, since);
  }

  listIssueTimes(officeId: string, days: readonly string[]): Promise<IssueTime[]> {
    return this.#queue.listIssueTimes(officeId, days);
  }

  callNext(call: CallNextCommand): Promise<CallNextResult> {
    return this.#queue.callNext(call);
  }

  finishTicket(finish: FinishTicketCommand): Promise<FinishTicketResult> {
    return this.#queue.finishTicket(finish);
  }

  recordServedTicket(entry: ServedTicketEntry): Promise<TicketRecord> {
    return this.#queue.recordServedTicket(entry);
  }

  upsertBooking(booking: BookingRecord): Promise<void> {
    return this.#queue.upsertBooking(booking);
  }

  findBooking(code: string): Promise<BookingRecord | undefined> {
    return this.#queue.findBooking(code);
  }

  findBookingByTicket(ticketId: string): Promise<BookingRecord | undefined> {
    return this.#queue.findBookingByTicket(ticketId);
  }

  listBookings(officeId: string, from: string, to: string): Promise<BookingRecord[]> {
    return this.#queue.listBookings(officeId, from, to);
  }

  bookingDayKey(officeId: string, day: string): Promise<string> {
    return this.#queue.bookingDayKey(officeId, day);
  }

  saveOperatorToken(token: OperatorTokenRecord): Promise<void> {
    return this.#queue.saveOperatorToken(token);
  }

  findOperatorToken(tokenHash: string): Promise<OperatorTokenRecord | undefined> {
    return this.#queue.findOperatorToken(tokenHash);
  }

  revokeOperatorToken(id: string, at: string): Promise<boolean> {
    return this.#queue.revokeOperatorToken(id, at);
  }

  listOperatorTokens(): Promise<OperatorTokenRecord[]> {
    return this.#queue.listOperatorTokens();
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new Error('the hub database is closed');
    // After a failover the address may lead to a standby: not ready rather than failing writes.
    await assertWritableServer(this.#pool);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer?.close();
    await this.#pool.end();
  }
}
