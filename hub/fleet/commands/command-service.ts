import { createHash, randomUUID } from 'node:crypto';
import {
  type CommandAck,
  type CommandAttachmentUpload,
  CommandIssuer,
  MAX_ATTACHMENT_BYTES,
  MAX_COMMAND_TTL_SECONDS,
  parseCommandParams,
  type RemoteCommand,
  type TechnicianBundleUpload,
} from '../../../kiosk-config/src/hub/remote-commands';
import type { HubLogger } from '../../server/hub-logger';
import type { CommandRecord, CommandStore } from './command-store';

/** What a person asks when issuing a command. */
export interface IssueCommandRequest {
  kioskId: string;
  kind: string;
  /** Checked against the kind's schema (strings are coerced where the kind takes numbers: the CLI's `--param`). */
  params?: Record<string, unknown>;
  /** Who issues it: a person's name or id. */
  issuer: string;
  /** How long the command may wait for its kiosk (seconds; 10 minutes when absent). */
  ttlSeconds?: number;
}

/** Why a command was not issued. */
export type IssueRefusal = 'unknown_kiosk' | 'bad_command' | 'bad_ttl' | 'bad_issuer';

/** `issueCommand`'s answer. */
export type IssueOutcome = { ok: true; command: CommandRecord } | { ok: false; code: IssueRefusal; reason: string };

/** Why an attachment was refused. */
export type AttachmentRefusal = 'not_found' | 'not_expected' | 'bad_hash' | 'too_large';

/** The kinds whose commands bring a file back. */
const KINDS_WITH_ATTACHMENT = new Set<string>(['logs.upload', 'screen.capture']);

/** Ten minutes: long enough for a kiosk on a flaky rural link to come back, short enough not to surprise anyone. */
export const DEFAULT_COMMAND_TTL_SECONDS = 600;

/** What the command service needs. */
export interface CommandServiceOptions {
  store: CommandStore;
  /** Whether a kiosk id is enrolled (or was) at this hub. */
  kioskExists: (kioskId: string) => Promise<boolean>;
  logger: HubLogger;
  now?: () => Date;
}

/** `kioskExists` on the hub's repository: a kiosk is known when it has a row (enrolled, or revoked since). */
export function kioskKnownTo(repository: {
  findKiosk(kioskId: string): Promise<unknown>;
}): CommandServiceOptions['kioskExists'] {
  return async (kioskId) => (await repository.findKiosk(kioskId)) !== undefined;
}

/**
 * The hub's side of remote commands: issuing (the console and the admin CLI), handing out to
 * the kiosk, its acknowledgements from the outbox and its attachments. Every step is in the
 * commands' audit (`remote_command_audit`). Listeners of `onIssued` nudge the kiosk's event
 * stream; a command issued by another process (the admin CLI) is noticed by `pendingKiosks`.
 */
export class CommandService {
  readonly #options: CommandServiceOptions;
  readonly #now: () => Date;
  readonly #listeners = new Set<(kioskId: string) => void>();

  constructor(options: CommandServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  get store(): CommandStore {
    return this.#options.store;
  }

  /** Calls `listener` with the kiosk id of each command issued in this process; returns the unsubscribe. */
  onIssued(listener: (kioskId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Issues one command of the allow-list to one kiosk: checked, stored, audited, then its kiosk nudged. */
  async issueCommand(request: IssueCommandRequest): Promise<IssueOutcome> {
    const issuer = CommandIssuer.safeParse(request.issuer);
    if (!issuer.success) return { ok: false, code: 'bad_issuer', reason: 'the issuer must be 1 to 80 characters' };
    const ttl = request.ttlSeconds ?? DEFAULT_COMMAND_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 10 || ttl > MAX_COMMAND_TTL_SECONDS) {
      return { ok: false, code: 'bad_ttl', reason: `the time-to-live must be 10 s to ${MAX_COMMAND_TTL_SECONDS} s` };
    }
    const parsed = parseCommandParams(request.kind, request.params ?? {});
    if (!parsed.ok) return { ok: false, code: 'bad_command', reason: parsed.reason };
    if (!(await this.#options.kioskExists(request.kioskId))) {
      return { ok: false, code: 'unknown_kiosk', reason: `no kiosk ${request.kioskId.slice(0, 64)} at this hub` };
    }
    const now = this.#now();
    const command = {
      id: randomUUID(),
      kioskId: request.kioskId,
      kind: parsed.kind,
      params: parsed.params,
      issuer: issuer.data,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(),
    };
    await this.#options.store.insert(command);
    this.#options.logger.info(
      { commandId: command.id, kioskId: command.kioskId, kind: command.kind, issuer: command.issuer },
      'remote command issued',
    );
    for (const listener of this.#listeners) listener(command.kioskId);
    const stored = await this.#options.store.find(command.id);
    if (stored === undefined) throw new Error(`command ${command.id} was not stored`);
    return { ok: true, command: stored };
  }

  /** The kiosk's open commands as the kiosk receives them (expired ones marked so and left out). */
  async openFor(kioskId: string): Promise<RemoteCommand[]> {
    const open = await this.#options.store.takeOpen(kioskId, this.#now().toISOString(), 100);
    return open.map((record) => ({
      id: record.id,
      kind: record.kind,
      params: record.params,
      issuer: record.issuer,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
    }));
  }

  /** Records acknowledgements from a kiosk's outbox (newly stored items only). */
  async recordAcks(kioskId: string, acks: readonly CommandAck[], receivedAt: string): Promise<void> {
    for (const ack of acks) {
      const changed = await this.#options.store.acknowledge(kioskId, ack, receivedAt);
      this.#options.logger[changed ? 'info' : 'warn'](
        { commandId: ack.commandId, kioskId, result: ack.result, changed },
        changed
          ? 'remote command acknowledged'
          : 'remote command acknowledgement ignored (unknown, not open, or another kiosk)',
      );
    }
  }

  /** Stores a command's file after checking it belongs to this kiosk, is expected, fits and matches its hash. */
  async storeAttachment(
    kioskId: string,
    upload: CommandAttachmentUpload,
  ): Promise<{ ok: true; stored: boolean } | { ok: false; code: AttachmentRefusal }> {
    const command = await this.#options.store.find(upload.commandId);
    if (command === undefined || command.kioskId !== kioskId) return { ok: false, code: 'not_found' };
    if (!KINDS_WITH_ATTACHMENT.has(command.kind)) return { ok: false, code: 'not_expected' };
    const data = Buffer.from(upload.dataBase64, 'base64');
    if (data.length > MAX_ATTACHMENT_BYTES) return { ok: false, code: 'too_large' };
    if (createHash('sha256').update(data).digest('hex') !== upload.sha256) return { ok: false, code: 'bad_hash' };
    const stored = await this.#options.store.putAttachment(kioskId, {
      commandId: command.id,
      mediaType: upload.mediaType,
      sha256: upload.sha256,
      data,
      receivedAt: this.#now().toISOString(),
    });
    return { ok: true, stored };
  }
}

/**
 * Files a bundle a technician sent from the kiosk as a `logs.upload` command of that kiosk,
 * issued by the technician and done, with the file attached (one transaction each step; a resend
 * of the same `bundleId` stores nothing).
 */
export async function storeTechnicianBundle(
  store: CommandStore,
  kioskId: string,
  upload: TechnicianBundleUpload,
  now: Date,
): Promise<{ ok: true; stored: boolean } | { ok: false; code: 'bad_hash' | 'too_large' | 'not_found' }> {
  const known = await store.find(upload.bundleId);
  if (known !== undefined)
    return known.kioskId === kioskId ? { ok: true, stored: false } : { ok: false, code: 'not_found' };
  const data = Buffer.from(upload.dataBase64, 'base64');
  if (data.length > MAX_ATTACHMENT_BYTES) return { ok: false, code: 'too_large' };
  if (createHash('sha256').update(data).digest('hex') !== upload.sha256) return { ok: false, code: 'bad_hash' };
  const at = now.toISOString();
  await store.insert({
    id: upload.bundleId,
    kioskId,
    kind: 'logs.upload',
    params: { hours: upload.hours },
    issuer: `техник на месте: ${upload.technician}`.slice(0, 80),
    createdAt: at,
    expiresAt: at,
  });
  await store.putAttachment(kioskId, {
    commandId: upload.bundleId,
    mediaType: upload.mediaType,
    sha256: upload.sha256,
    data,
    receivedAt: at,
  });
  await store.acknowledge(
    kioskId,
    {
      commandId: upload.bundleId,
      kind: 'logs.upload',
      result: 'done',
      reason: 'sent by the technician from the kiosk',
      finishedAt: at,
      attachmentSha256: upload.sha256,
    },
    at,
  );
  return { ok: true, stored: true };
}

/** `10m`, `2h`, `90s`, `1d` or plain seconds → seconds; undefined when it is none of these. */
export function parseTtl(text: string): number | undefined {
  const match = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
