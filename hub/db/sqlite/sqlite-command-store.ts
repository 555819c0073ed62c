import type Database from 'better-sqlite3';
import type { CommandAck } from '../../../kiosk-config/src/hub/remote-commands';
import {
  COMMAND_AUDIT_LIMIT,
  COMMAND_LIST_LIMIT,
  type CommandAttachment,
  type CommandAuditEntry,
  type CommandRecord,
  type CommandStore,
  type NewCommand,
} from '../../fleet/commands/command-store';
import {
  ackValues,
  attachmentValues,
  type CommandAttachmentRow,
  type CommandAuditRow,
  type CommandRow,
  commandAttachmentOf,
  commandAudit,
  commandAuditOf,
  commandAuditValues,
  commandRecordOf,
  EXPIRED_REASON,
  newCommandValues,
} from '../command-rows';

/** `CommandStore` on the hub's SQLite file (migration 0011). */
export class SqliteCommandStore implements CommandStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  async insert(command: NewCommand): Promise<void> {
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO remote_commands (id, kiosk_id, kind, params_json, issuer, created_at, expires_at, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`,
        )
        .run(...newCommandValues(command));
      this.#audit(commandAudit.issued(command));
    })();
  }

  async find(id: string): Promise<CommandRecord | undefined> {
    const row = this.#db.prepare('SELECT * FROM remote_commands WHERE id = ?').get(id) as CommandRow | undefined;
    return row && commandRecordOf(row);
  }

  async listForKiosk(kioskId: string, limit = COMMAND_LIST_LIMIT): Promise<CommandRecord[]> {
    const rows = this.#db
      .prepare('SELECT * FROM remote_commands WHERE kiosk_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(kioskId, limit) as CommandRow[];
    return rows.map(commandRecordOf);
  }

  async takeOpen(kioskId: string, now: string, limit: number): Promise<CommandRecord[]> {
    // IMMEDIATE: it reads, then writes; another process (the admin CLI) must not write in between.
    return this.#db
      .transaction(() => {
        const expired = this.#db
          .prepare(
            `SELECT id FROM remote_commands WHERE kiosk_id = ? AND state IN ('pending', 'delivered') AND expires_at <= ?`,
          )
          .all(kioskId, now) as { id: string }[];
        for (const { id } of expired) this.#expire(id, kioskId, now);
        const rows = this.#db
          .prepare(
            `SELECT * FROM remote_commands WHERE kiosk_id = ? AND state IN ('pending', 'delivered')
           ORDER BY created_at, rowid LIMIT ?`,
          )
          .all(kioskId, limit) as CommandRow[];
        for (const row of rows) {
          if (row.state !== 'pending') continue;
          this.#db
            .prepare(`UPDATE remote_commands SET state = 'delivered', delivered_at = ? WHERE id = ?`)
            .run(now, row.id);
          this.#audit(commandAudit.delivered(row.id, kioskId, now));
        }
        return rows.map((row) =>
          commandRecordOf(row.state === 'pending' ? { ...row, state: 'delivered', delivered_at: now } : row),
        );
      })
      .immediate();
  }

  async pendingKiosks(): Promise<{ kioskIds: string[]; newestRowId: number }> {
    const rows = this.#db.prepare(`SELECT DISTINCT kiosk_id FROM remote_commands WHERE state = 'pending'`).all() as {
      kiosk_id: string;
    }[];
    const newest = this.#db.prepare('SELECT max(rowid) AS id FROM remote_commands').get() as { id: number | null };
    return { kioskIds: rows.map((row) => row.kiosk_id), newestRowId: newest.id ?? 0 };
  }

  async acknowledge(kioskId: string, ack: CommandAck, receivedAt: string): Promise<boolean> {
    return this.#db.transaction(() => {
      const changed = this.#db
        .prepare(
          `UPDATE remote_commands SET state = ?, finished_at = ?, reason = ?, attachment_sha256 = ?
           WHERE id = ? AND kiosk_id = ? AND state IN ('pending', 'delivered')`,
        )
        .run(...ackValues(kioskId, ack));
      if (changed.changes === 0) return false;
      this.#audit(commandAudit.acknowledged(kioskId, ack, receivedAt));
      return true;
    })();
  }

  async putAttachment(kioskId: string, attachment: CommandAttachment): Promise<boolean> {
    return this.#db.transaction(() => {
      const inserted = this.#db
        .prepare(
          `INSERT OR IGNORE INTO remote_command_attachments (command_id, media_type, sha256, size_bytes, data, received_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(...attachmentValues(attachment));
      if (inserted.changes === 0) return false;
      this.#audit(commandAudit.attachment(kioskId, attachment));
      return true;
    })();
  }

  async findAttachment(commandId: string): Promise<CommandAttachment | undefined> {
    const row = this.#db
      .prepare(
        'SELECT command_id, media_type, sha256, data, received_at FROM remote_command_attachments WHERE command_id = ?',
      )
      .get(commandId) as CommandAttachmentRow | undefined;
    return row && commandAttachmentOf(row);
  }

  async listAudit(kioskId: string, limit = COMMAND_AUDIT_LIMIT): Promise<CommandAuditEntry[]> {
    const rows = this.#db
      .prepare(
        'SELECT command_id, kiosk_id, at, event, actor, detail FROM remote_command_audit WHERE kiosk_id = ? ORDER BY seq DESC LIMIT ?',
      )
      .all(kioskId, limit) as CommandAuditRow[];
    return rows.map(commandAuditOf);
  }

  #expire(id: string, kioskId: string, at: string): void {
    this.#db
      .prepare(`UPDATE remote_commands SET state = 'expired', finished_at = ?, reason = ? WHERE id = ?`)
      .run(at, EXPIRED_REASON, id);
    this.#audit(commandAudit.expired(id, kioskId, at));
  }

  #audit(entry: CommandAuditEntry): void {
    this.#db
      .prepare(
        'INSERT INTO remote_command_audit (command_id, kiosk_id, at, event, actor, detail) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(...commandAuditValues(entry));
  }
}
