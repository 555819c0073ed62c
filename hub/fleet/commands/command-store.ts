import type Database from 'better-sqlite3';
import type {
  AttachmentMediaType,
  CommandAck,
  CommandKind,
  RemoteCommand,
} from '../../../kiosk-config/src/hub/remote-commands';

/** Where a command stands at the hub. */
export type CommandState = 'pending' | 'delivered' | 'done' | 'refused' | 'failed' | 'expired';

/** A command as the hub keeps it. */
export interface CommandRecord {
  readonly id: string;
  readonly kioskId: string;
  readonly kind: CommandKind;
  readonly params: Record<string, unknown>;
  readonly issuer: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly state: CommandState;
  readonly deliveredAt?: string;
  readonly finishedAt?: string;
  readonly reason?: string;
  readonly attachmentSha256?: string;
}

/** One line of the commands' audit. */
export interface CommandAuditEntry {
  readonly commandId: string;
  readonly kioskId: string;
  readonly at: string;
  readonly event: 'issued' | 'delivered' | 'acknowledged' | 'expired' | 'attachment';
  readonly actor: string;
  readonly detail?: string;
}

/** A stored attachment. */
export interface CommandAttachment {
  readonly commandId: string;
  readonly mediaType: AttachmentMediaType;
  readonly sha256: string;
  readonly data: Buffer;
  readonly receivedAt: string;
}

interface CommandRow {
  id: string;
  kiosk_id: string;
  kind: string;
  params_json: string;
  issuer: string;
  created_at: string;
  expires_at: string;
  state: CommandState;
  delivered_at: string | null;
  finished_at: string | null;
  reason: string | null;
  attachment_sha256: string | null;
}

function recordOf(row: CommandRow): CommandRecord {
  return {
    id: row.id,
    kioskId: row.kiosk_id,
    kind: row.kind as CommandKind,
    params: JSON.parse(row.params_json) as Record<string, unknown>,
    issuer: row.issuer,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    state: row.state,
    ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.attachment_sha256 === null ? {} : { attachmentSha256: row.attachment_sha256 }),
  };
}

/** The commands' rows in the hub's SQLite file (migration 0011). Synchronous: better-sqlite3. */
export class SqliteCommandStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Stores a new command and its `issued` audit line in one transaction. */
  insert(command: RemoteCommand & { kioskId: string; kind: CommandKind }): void {
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO remote_commands (id, kiosk_id, kind, params_json, issuer, created_at, expires_at, state)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`,
        )
        .run(
          command.id,
          command.kioskId,
          command.kind,
          JSON.stringify(command.params),
          command.issuer,
          command.createdAt,
          command.expiresAt,
        );
      this.#audit({
        commandId: command.id,
        kioskId: command.kioskId,
        at: command.createdAt,
        event: 'issued',
        actor: command.issuer,
        detail: command.kind,
      });
    })();
  }

  find(id: string): CommandRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM remote_commands WHERE id = ?').get(id) as CommandRow | undefined;
    return row && recordOf(row);
  }

  /** A kiosk's commands, newest first. */
  listForKiosk(kioskId: string, limit = 50): CommandRecord[] {
    const rows = this.#db
      .prepare('SELECT * FROM remote_commands WHERE kiosk_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?')
      .all(kioskId, limit) as CommandRow[];
    return rows.map(recordOf);
  }

  /**
   * The kiosk's commands not yet acknowledged, oldest first: those past their time-to-live are
   * marked expired (and audited) first, the rest marked delivered on their first hand-out.
   */
  takeOpen(kioskId: string, now: string, limit: number): CommandRecord[] {
    return this.#db.transaction(() => {
      const expired = this.#db
        .prepare(
          `SELECT id FROM remote_commands WHERE kiosk_id = ? AND state IN ('pending', 'delivered') AND expires_at <= ?`,
        )
        .all(kioskId, now) as { id: string }[];
      for (const { id } of expired) this.#expire(id, kioskId, now, 'the hub: not acknowledged within its time-to-live');
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
        this.#audit({ commandId: row.id, kioskId, at: now, event: 'delivered', actor: 'hub' });
      }
      return rows.map((row) =>
        recordOf(row.state === 'pending' ? { ...row, state: 'delivered', delivered_at: now } : row),
      );
    })();
  }

  /** Kiosks with a command waiting to be handed out, with the newest command's row number (to notice new ones). */
  pendingKiosks(): { kioskIds: string[]; newestRowId: number } {
    const rows = this.#db.prepare(`SELECT DISTINCT kiosk_id FROM remote_commands WHERE state = 'pending'`).all() as {
      kiosk_id: string;
    }[];
    const newest = this.#db.prepare('SELECT max(rowid) AS id FROM remote_commands').get() as { id: number | null };
    return { kioskIds: rows.map((row) => row.kiosk_id), newestRowId: newest.id ?? 0 };
  }

  /**
   * Records a kiosk's acknowledgement: only of its own command, only once (a replay or an ack
   * of a command the hub already expired changes nothing). False when nothing changed.
   */
  acknowledge(kioskId: string, ack: CommandAck, receivedAt: string): boolean {
    return this.#db.transaction(() => {
      const changed = this.#db
        .prepare(
          `UPDATE remote_commands SET state = ?, finished_at = ?, reason = ?, attachment_sha256 = ?
           WHERE id = ? AND kiosk_id = ? AND state IN ('pending', 'delivered')`,
        )
        .run(ack.result, ack.finishedAt, ack.reason ?? null, ack.attachmentSha256 ?? null, ack.commandId, kioskId);
      if (changed.changes === 0) return false;
      this.#audit({
        commandId: ack.commandId,
        kioskId,
        at: receivedAt,
        event: 'acknowledged',
        actor: kioskId,
        detail: ack.reason === undefined ? ack.result : `${ack.result}: ${ack.reason}`,
      });
      return true;
    })();
  }

  /** Stores a command's file once; false when one is already stored. */
  putAttachment(kioskId: string, attachment: CommandAttachment): boolean {
    return this.#db.transaction(() => {
      const inserted = this.#db
        .prepare(
          `INSERT OR IGNORE INTO remote_command_attachments (command_id, media_type, sha256, size_bytes, data, received_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          attachment.commandId,
          attachment.mediaType,
          attachment.sha256,
          attachment.data.length,
          attachment.data,
          attachment.receivedAt,
        );
      if (inserted.changes === 0) return false;
      this.#audit({
        commandId: attachment.commandId,
        kioskId,
        at: attachment.receivedAt,
        event: 'attachment',
        actor: kioskId,
        detail: `${attachment.mediaType}, ${attachment.data.length} bytes`,
      });
      return true;
    })();
  }

  findAttachment(commandId: string): CommandAttachment | undefined {
    const row = this.#db
      .prepare(
        'SELECT command_id, media_type, sha256, data, received_at FROM remote_command_attachments WHERE command_id = ?',
      )
      .get(commandId) as
      | { command_id: string; media_type: AttachmentMediaType; sha256: string; data: Buffer; received_at: string }
      | undefined;
    return (
      row && {
        commandId: row.command_id,
        mediaType: row.media_type,
        sha256: row.sha256,
        data: row.data,
        receivedAt: row.received_at,
      }
    );
  }

  /** The audit of a kiosk's commands, newest first. */
  listAudit(kioskId: string, limit = 200): CommandAuditEntry[] {
    const rows = this.#db
      .prepare(
        'SELECT command_id, kiosk_id, at, event, actor, detail FROM remote_command_audit WHERE kiosk_id = ? ORDER BY seq DESC LIMIT ?',
      )
      .all(kioskId, limit) as {
      command_id: string;
      kiosk_id: string;
      at: string;
      event: CommandAuditEntry['event'];
      actor: string;
      detail: string | null;
    }[];
    return rows.map((row) => ({
      commandId: row.command_id,
      kioskId: row.kiosk_id,
      at: row.at,
      event: row.event,
      actor: row.actor,
      ...(row.detail === null ? {} : { detail: row.detail }),
    }));
  }

  #expire(id: string, kioskId: string, at: string, reason: string): void {
    this.#db
      .prepare(`UPDATE remote_commands SET state = 'expired', finished_at = ?, reason = ? WHERE id = ?`)
      .run(at, reason, id);
    this.#audit({ commandId: id, kioskId, at, event: 'expired', actor: 'hub', detail: reason });
  }

  #audit(entry: CommandAuditEntry): void {
    this.#db
      .prepare(
        'INSERT INTO remote_command_audit (command_id, kiosk_id, at, event, actor, detail) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(entry.commandId, entry.kioskId, entry.at, entry.event, entry.actor, entry.detail ?? null);
  }
}
