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

/** A command to store: its id, kiosk, kind, parameters, issuer and times. */
export type NewCommand = RemoteCommand & { kioskId: string; kind: CommandKind };

/** How many commands `listForKiosk` answers unless told. */
export const COMMAND_LIST_LIMIT = 50;
/** How many audit lines `listAudit` answers unless told. */
export const COMMAND_AUDIT_LIMIT = 200;

/**
 * The hub's remote commands (SQLite migration 0011, PostgreSQL migration 5): each command with
 * its state, the files some bring back, and the audit of every step. Each method is one
 * transaction, so several hub instances on one database hand a command out and take its
 * acknowledgement once. Checked by `command-store.contract.ts` against both stores.
 */
export interface CommandStore {
  /** Stores a new command and its `issued` audit line in one transaction. */
  insert(command: NewCommand): Promise<void>;
  find(id: string): Promise<CommandRecord | undefined>;
  /** A kiosk's commands, newest first (`COMMAND_LIST_LIMIT` unless told). */
  listForKiosk(kioskId: string, limit?: number): Promise<CommandRecord[]>;
  /**
   * The kiosk's commands not yet acknowledged, oldest first: those past their time-to-live are
   * marked expired (and audited) first, the rest marked delivered on their first hand-out. Two
   * instances answering the kiosk at once expire and deliver each command once (one audit line).
   */
  takeOpen(kioskId: string, now: string, limit: number): Promise<CommandRecord[]>;
  /**
   * Kiosks with a command waiting to be handed out, with the newest command's row number: it
   * grows with every command stored, so a hub polling it notices commands another process issued.
   */
  pendingKiosks(): Promise<{ kioskIds: string[]; newestRowId: number }>;
  /**
   * Records a kiosk's acknowledgement: only of its own command, only once (a replay or an ack
   * of a command the hub already expired changes nothing). False when nothing changed.
   */
  acknowledge(kioskId: string, ack: CommandAck, receivedAt: string): Promise<boolean>;
  /** Stores a command's file once; false when one is already stored. */
  putAttachment(kioskId: string, attachment: CommandAttachment): Promise<boolean>;
  findAttachment(commandId: string): Promise<CommandAttachment | undefined>;
  /** The audit of a kiosk's commands, newest first (`COMMAND_AUDIT_LIMIT` unless told). */
  listAudit(kioskId: string, limit?: number): Promise<CommandAuditEntry[]>;
}
