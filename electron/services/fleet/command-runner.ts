import { createHash } from 'node:crypto';
import type { AttachmentMediaType, CommandKind, RemoteCommand } from '../../../kiosk-config/src/hub/remote-commands';
import { type CommandAck, parseCommandParams } from '../../../kiosk-config/src/hub/remote-commands';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import type { Logger } from '../logging/logger';
import { crashPoint } from '../storage/crash-point';
import type { CommandJournal } from './command-journal';

/** A file a command brings back (compressed logs, a screenshot). */
export interface CommandAttachmentFile {
  mediaType: AttachmentMediaType;
  data: Buffer;
}

/** How one run of a command ended. */
export interface CommandOutcome {
  result: 'done' | 'refused' | 'failed';
  /** Why it was refused or failed, or what it did: for the technician, no personal data. */
  reason?: string;
  attachment?: CommandAttachmentFile;
  /** Runs once the acknowledgement is durable (the restart: nothing can be reported after it). */
  afterAck?: () => void;
}

/** What one kind of command does on the kiosk. */
export interface CommandAction {
  /**
   * Resolves when the command may act (going out of service waits for the visitor session in
   * progress to end). Nothing is journaled before: a kiosk restarted meanwhile simply waits again.
   */
  whenReady?: () => Promise<void>;
  run(params: Record<string, unknown>): Promise<CommandOutcome>;
}

/** The allow-list's actions: one per kind, no other. */
export type CommandActions = Record<CommandKind, CommandAction>;

/** Crash-test points of a command's run (`OKNO_CRASH_AT`): after it is journaled, after it acted. */
export const COMMAND_CRASH_POINTS = ['command:recorded', 'command:acted'] as const;

/** What the runner needs. */
export interface CommandRunnerOptions {
  journal: CommandJournal;
  actions: CommandActions;
  /** Uploads a command's file to the hub: undefined once stored, else why not. */
  uploadAttachment: (commandId: string, file: CommandAttachmentFile, sha256: string) => Promise<string | undefined>;
  /** Puts an acknowledgement where it survives a restart (the outbox), resolving once it is durable. */
  acknowledge: (ack: CommandAck) => Promise<void>;
  log: Logger;
  now?: () => Date;
}

/**
 * Runs the hub's remote commands on the kiosk, one at a time, each at most once: its kind and
 * parameters checked against the allow-list (anything else is refused with a reason, never
 * thrown), its time-to-live checked right before it acts (expired: acknowledged so, never run),
 * `started` journaled durably before it acts and `finished` after its acknowledgement is in the
 * outbox. A command found started but not finished (the kiosk stopped mid-way) is not run again:
 * acknowledged `failed` (or `done` for a restart, which is how a restart ends).
 */
export class CommandRunner {
  readonly #options: CommandRunnerOptions;
  readonly #now: () => Date;
  readonly #serial = new SerialExecutor();
  /** Commands queued or running, so a poll during a long wait does not queue them twice. */
  readonly #queued = new Set<string>();

  constructor(options: CommandRunnerOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Queues the hub's open commands (oldest first); resolves when these have been handled. Never throws. */
  async handle(commands: readonly RemoteCommand[]): Promise<void> {
    const runs: Promise<void>[] = [];
    for (const command of commands) {
      if (this.#queued.has(command.id)) continue;
      this.#queued.add(command.id);
      runs.push(
        this.#serial
          .run(() => this.#handleOne(command))
          .catch((error: unknown) =>
            this.#options.log.error({ err: error, commandId: command.id }, 'remote command failed'),
          )
          .finally(() => this.#queued.delete(command.id)),
      );
    }
    await Promise.all(runs);
  }

  /** Resolves when no command is queued or running. */
  idle(): Promise<void> {
    return this.#serial.idle();
  }

  async #handleOne(command: RemoteCommand): Promise<void> {
    const { journal, log } = this.#options;
    const step = journal.stepOf(command.id);
    if (step === 'finished') return;
    if (step === 'started') {
      // Stopped between acting and acknowledging: never run twice. A restart that stopped us is its success.
      const restarted = command.kind === 'app.restart';
      await this.#finish(command, {
        result: restarted ? 'done' : 'failed',
        reason: restarted
          ? 'the kiosk restarted'
          : 'the kiosk stopped while running it; not run again (check the kiosk and issue it again if needed)',
      });
      return;
    }
    const parsed = parseCommandParams(command.kind, command.params);
    if (!parsed.ok) {
      log.warn(
        { commandId: command.id, kind: command.kind.slice(0, 40) },
        'remote command refused: not in the allow-list',
      );
      await this.#finish(command, { result: 'refused', reason: parsed.reason });
      return;
    }
    const action = this.#options.actions[parsed.kind];
    if (this.#expired(command)) {
      await this.#finish(command, { result: 'expired' });
      return;
    }
    await action.whenReady?.();
    // Checked again: the wait for a visitor to finish may have outlasted the command.
    if (this.#expired(command)) {
      await this.#finish(command, { result: 'expired' });
      return;
    }
    log.info({ commandId: command.id, kind: parsed.kind, issuer: command.issuer }, 'remote command starting');
    await journal.started(command.id, command.kind, this.#now());
    crashPoint('command:recorded');
    let outcome: CommandOutcome;
    try {
      outcome = await action.run(parsed.params);
    } catch (error) {
      log.error({ err: error, commandId: command.id, kind: parsed.kind }, 'remote command threw');
      outcome = { result: 'failed', reason: 'the kiosk failed to run it (see its log)' };
    }
    crashPoint('command:acted');
    await this.#finish(command, outcome);
  }

  #expired(command: RemoteCommand): boolean {
    return Date.parse(command.expiresAt) <= this.#now().getTime();
  }

  async #finish(
    command: RemoteCommand,
    outcome: CommandOutcome | { result: 'expired'; reason?: string },
  ): Promise<void> {
    const { log } = this.#options;
    let { result, reason } = outcome;
    let attachmentSha256: string | undefined;
    const attachment = 'attachment' in outcome ? outcome.attachment : undefined;
    if (attachment !== undefined) {
      const sha256 = createHash('sha256').update(attachment.data).digest('hex');
      const problem = await this.#options.uploadAttachment(command.id, attachment, sha256);
      if (problem === undefined) attachmentSha256 = sha256;
      else {
        result = 'failed';
        reason = `the file was not uploaded: ${problem}`.slice(0, 300);
      }
    }
    const ack: CommandAck = {
      commandId: command.id,
      kind: command.kind.slice(0, 40),
      result,
      ...(reason === undefined ? {} : { reason: reason.slice(0, 300) }),
      finishedAt: this.#now().toISOString(),
      ...(attachmentSha256 === undefined ? {} : { attachmentSha256 }),
    };
    await this.#options.acknowledge(ack);
    await this.#options.journal.finished(command.id, command.kind.slice(0, 40), result, this.#now());
    log.info(
      { commandId: command.id, kind: ack.kind, issuer: command.issuer, result, ...(reason ? { reason } : {}) },
      'remote command finished',
    );
    if ('afterAck' in outcome) outcome.afterAck?.();
  }
}
