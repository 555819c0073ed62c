import type { AttachmentMediaType, CommandAck, CommandKind } from '../../kiosk-config/src/hub/remote-commands';
import type {
  CommandAttachment,
  CommandAuditEntry,
  CommandRecord,
  CommandState,
  NewCommand,
} from '../fleet/commands/command-store';
import { withOptional } from './store-rows';

/* The remote commands' rows as both stores keep them (the same column names in SQLite and PostgreSQL), and what both write. */

/** Why the hub expires a command it never heard back about. */
export const EXPIRED_REASON = 'the hub: not acknowledged within its time-to-live';

/** The audit line of each step, as both stores write it. */
export const commandAudit = {
  issued: (command: NewCommand): CommandAuditEntry => ({
    commandId: command.id,
    kioskId: command.kioskId,
    at: command.createdAt,
    event: 'issued',
    actor: command.issuer,
    detail: command.kind,
  }),
  delivered: (commandId: string, kioskId: string, at: string): CommandAuditEntry => ({
    commandId,
    kioskId,
    at,
    event: 'delivered',
    actor: 'hub',
  }),
  expired: (commandId: string, kioskId: string, at: string): CommandAuditEntry => ({
    commandId,
    kioskId,
    at,
    event: 'expired',
    actor: 'hub',
    detail: EXPIRED_REASON,
  }),
  /** The kiosk's result, and its reason when it gave one. */
  acknowledged: (kioskId: string, ack: CommandAck, receivedAt: string): CommandAuditEntry => ({
    commandId: ack.commandId,
    kioskId,
    at: receivedAt,
    event: 'acknowledged',
    actor: kioskId,
    detail: ack.reason === undefined ? ack.result : `${ack.result}: ${ack.reason}`,
  }),
  /** What kind of file and how large. */
  attachment: (kioskId: string, attachment: CommandAttachment): CommandAuditEntry => ({
    commandId: attachment.commandId,
    kioskId,
    at: attachment.receivedAt,
    event: 'attachment',
    actor: kioskId,
    detail: `${attachment.mediaType}, ${attachment.data.length} bytes`,
  }),
};

/** The values of an audit line's row: command_id, kiosk_id, at, event, actor, detail. */
export function commandAuditValues(entry: CommandAuditEntry): unknown[] {
  return [entry.commandId, entry.kioskId, entry.at, entry.event, entry.actor, entry.detail ?? null];
}

/** The values of a new command's row: id, kiosk_id, kind, params_json, issuer, created_at, expires_at. */
export function newCommandValues(command: NewCommand): unknown[] {
  const params = JSON.stringify(command.params);
  return [command.id, command.kioskId, command.kind, params, command.issuer, command.createdAt, command.expiresAt];
}

/** The values an acknowledgement sets: state, finished_at, reason, attachment_sha256; then the id and kiosk it must match. */
export function ackValues(kioskId: string, ack: CommandAck): unknown[] {
  return [ack.result, ack.finishedAt, ack.reason ?? null, ack.attachmentSha256 ?? null, ack.commandId, kioskId];
}

/** The values of an attachment's row: command_id, media_type, sha256, size_bytes, data, received_at. */
export function attachmentValues(attachment: CommandAttachment): unknown[] {
  const { commandId, mediaType, sha256, data, receivedAt } = attachment;
  return [commandId, mediaType, sha256, data.length, data, receivedAt];
}

/** A row of `remote_commands`; `params_json` is the JSON text. */
export interface CommandRow {
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

export function commandRecordOf(row: CommandRow): CommandRecord {
  return withOptional<CommandRecord>(
    {
      id: row.id,
      kioskId: row.kiosk_id,
      kind: row.kind as CommandKind,
      params: JSON.parse(row.params_json) as Record<string, unknown>,
      issuer: row.issuer,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      state: row.state,
    },
    {
      deliveredAt: row.delivered_at,
      finishedAt: row.finished_at,
      reason: row.reason,
      attachmentSha256: row.attachment_sha256,
    },
  );
}

/** A row of `remote_command_audit`. */
export interface CommandAuditRow {
  command_id: string;
  kiosk_id: string;
  at: string;
  event: CommandAuditEntry['event'];
  actor: string;
  detail: string | null;
}

export function commandAuditOf(row: CommandAuditRow): CommandAuditEntry {
  return withOptional<CommandAuditEntry>(
    { commandId: row.command_id, kioskId: row.kiosk_id, at: row.at, event: row.event, actor: row.actor },
    { detail: row.detail },
  );
}

/** A row of `remote_command_attachments` (its size left out). */
export interface CommandAttachmentRow {
  command_id: string;
  media_type: AttachmentMediaType;
  sha256: string;
  data: Buffer;
  received_at: string;
}

export function commandAttachmentOf(row: CommandAttachmentRow): CommandAttachment {
  return {
    commandId: row.command_id,
    mediaType: row.media_type,
    sha256: row.sha256,
    data: row.data,
    receivedAt: row.received_at,
  };
}
