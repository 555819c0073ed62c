import type pg from 'pg';
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
import { inTransaction } from './postgres-transaction';

type Queryable = pg.Pool | pg.PoolClient;

/** `remote_commands`' columns as `CommandRow` has them (the parameters as JSON text). */
const COMMAND_COLUMNS = `id, kiosk_id, kind, params_json::text AS params_json, issuer, created_at, expires_at, state,
  delivered_at, finished_at, reason, attachment_sha256`;

async function audit(db: Queryable, entry: CommandAuditEntry): Promise<void> {
  await db.query(
    'INSERT INTO remote_command_audit (command_id, kiosk_id, at, event, actor, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    commandAuditValues(entry),
  );
}

/**
 * `CommandStore` on PostgreSQL (migration 5). Several hub instances share it: a kiosk polling
 * two of them at once gets each command expired or delivered once (row locks and updates
 * conditional on the state), and its acknowledgement is taken once. Takes a pool on a migrated
 * database and never ends it (the hub owns it).
 */
export class PostgresCommandStore implements CommandStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async insert(command: NewCommand): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `INSERT INTO remote_commands (id, kiosk_id, kind, params_json, issuer, created_at, expires_at, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')`,
        newCommandValues(command),
      );
      await audit(client, commandAudit.issued(command));
    });
  }

  async find(id: string): Promise<CommandRecord | undefined> {
    const { rows } = await this.#pool.query<CommandRow>(
      `SELECT ${COMMAND_COLUMNS} FROM remote_commands WHERE id = $1`,
      [id],
    );
    return rows[0] && commandRecordOf(rows[0]);
  }

  async listForKiosk(kioskId: string, limit = COMMAND_LIST_LIMIT): Promise<CommandRecord[]> {
    const { rows } = await this.#pool.query<CommandRow>(
      `SELECT ${COMMAND_COLUMNS} FROM remote_commands WHERE kiosk_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2`,
      [kioskId, limit],
    );
    return rows.map(commandRecordOf);
  }

  async takeOpen(kioskId: string, now: string, limit: number): Promise<CommandRecord[]> {
    return inTransaction(this.#pool, async (client) => {
      // The kiosk's open commands locked in one order: a second instance answering the same
      // kiosk waits here, then finds them delivered or expired. NO KEY: an attachment's foreign
      // key check on the row is not held up.
      await client.query(
        `SELECT id FROM remote_commands WHERE kiosk_id = $1 AND state IN ('pending', 'delivered')
         ORDER BY seq FOR NO KEY UPDATE`,
        [kioskId],
      );
      // Each UPDATE changes only rows still in the state it expects, so nothing is audited twice.
      const expired = await client.query<{ id: string }>(
        `UPDATE remote_commands SET state = 'expired', finished_at = $2, reason = $3
         WHERE kiosk_id = $1 AND state IN ('pending', 'delivered') AND expires_at <= $2 RETURNING id`,
        [kioskId, now, EXPIRED_REASON],
      );
      for (const { id } of expired.rows) {
        await audit(client, commandAudit.expired(id, kioskId, now));
      }
      const open = `SELECT ${COMMAND_COLUMNS} FROM remote_commands WHERE kiosk_id = $1 AND state IN ('pending', 'delivered')
         ORDER BY created_at, seq LIMIT $2`;
      const handedOut = (await client.query<CommandRow>(open, [kioskId, limit])).rows;
      const pending = handedOut.filter((row) => row.state === 'pending').map((row) => row.id);
      const delivered = await client.query<{ id: string }>(
        `UPDATE remote_commands SET state = 'delivered', delivered_at = $2
         WHERE id = ANY($1) AND state = 'pending' RETURNING id`,
        [pending, now],
      );
      const newlyDelivered = new Set(delivered.rows.map((row) => row.id));
      for (const id of pending.filter((candidate) => newlyDelivered.has(candidate))) {
        await audit(client, commandAudit.delivered(id, kioskId, now));
      }
      // Read again: what this transaction and any instance before it made of them.
      return (await client.query<CommandRow>(open, [kioskId, limit])).rows.map(commandRecordOf);
    });
  }

  async pendingKiosks(): Promise<{ kioskIds: string[]; newestRowId: number }> {
    const kiosks = await this.#pool.query<{ kiosk_id: string }>(
      `SELECT DISTINCT kiosk_id FROM remote_commands WHERE state = 'pending' ORDER BY kiosk_id`,
    );
    const newest = await this.#pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM remote_commands');
    return { kioskIds: kiosks.rows.map((row) => row.kiosk_id), newestRowId: Number(newest.rows[0]?.seq ?? 0) };
  }

  async acknowledge(kioskId: string, ack: CommandAck, receivedAt: string): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const changed = await client.query(
        `UPDATE remote_commands SET state = $1, finished_at = $2, reason = $3, attachment_sha256 = $4
         WHERE id = $5 AND kiosk_id = $6 AND state IN ('pending', 'delivered')`,
        ackValues(kioskId, ack),
      );
      if ((changed.rowCount ?? 0) === 0) return false;
      await audit(client, commandAudit.acknowledged(kioskId, ack, receivedAt));
      return true;
    });
  }

  async putAttachment(kioskId: string, attachment: CommandAttachment): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO remote_command_attachments (command_id, media_type, sha256, size_bytes, data, received_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (command_id) DO NOTHING`,
        attachmentValues(attachment),
      );
      if ((inserted.rowCount ?? 0) === 0) return false;
      await audit(client, commandAudit.attachment(kioskId, attachment));
      return true;
    });
  }

  async findAttachment(commandId: string): Promise<CommandAttachment | undefined> {
    const { rows } = await this.#pool.query<CommandAttachmentRow>(
      'SELECT command_id, media_type, sha256, data, received_at FROM remote_command_attachments WHERE command_id = $1',
      [commandId],
    );
    return rows[0] && commandAttachmentOf(rows[0]);
  }

  async listAudit(kioskId: string, limit = COMMAND_AUDIT_LIMIT): Promise<CommandAuditEntry[]> {
    const { rows } = await this.#pool.query<CommandAuditRow>(
      `SELECT command_id, kiosk_id, at, event, actor, detail FROM remote_command_audit
       WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT $2`,
      [kioskId, limit],
    );
    return rows.map(commandAuditOf);
  }
}
