import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CommandResult } from '../../../kiosk-config/src/hub/remote-commands';
import type { Logger } from '../logging/logger';
import { writeFileDurably } from '../storage/durable-file';
import { JsonLinesJournal } from '../storage/json-lines-journal';

/** One line of the kiosk's command journal: a command about to run, or its end (acknowledged). */
const CommandJournalRecord = z.discriminatedUnion('step', [
  z.object({ step: z.literal('started'), commandId: z.string(), kind: z.string(), at: z.string() }).strict(),
  z
    .object({
      step: z.literal('finished'),
      commandId: z.string(),
      kind: z.string(),
      at: z.string(),
      result: CommandResult,
    })
    .strict(),
]);
type CommandJournalRecord = z.infer<typeof CommandJournalRecord>;

/** What the journal knows of one command. */
export type JournaledCommand = 'started' | 'finished' | undefined;

/** Lines older than this are dropped when the journal is opened: past any time-to-live (7 days) with a day to spare. */
const KEEP_MS = 8 * 24 * 3600_000;

/**
 * The kiosk's durable record of the remote commands it ran (`<dataDir>/fleet/commands.jsonl`,
 * each line fsync'd before the step it records): `started` is written before a command acts,
 * `finished` once its acknowledgement is in the outbox. A command seen again (the hub hands it
 * out until the acknowledgement arrives, or after a crash) is never run twice: started and not
 * finished means the kiosk stopped while running it. It is also the kiosk's audit of commands.
 */
export class CommandJournal {
  readonly #file: string;
  readonly #journal = new JsonLinesJournal(CommandJournalRecord);
  readonly #steps = new Map<string, JournaledCommand>();

  private constructor(file: string) {
    this.#file = file;
  }

  /** Reads the journal (a torn last line cut off), dropping lines older than eight days. */
  static async open(dataDir: string, log: Logger, now = new Date()): Promise<CommandJournal> {
    const file = path.join(dataDir, 'fleet', 'commands.jsonl');
    await mkdir(path.dirname(file), { recursive: true });
    const journal = new CommandJournal(file);
    const { records } = await journal.#journal.read(file, {
      repair: true,
      onTorn: (bytes) => log.warn({ bytes }, 'command journal: a torn last line was cut off'),
      onUnreadable: (line) => log.warn({ line }, 'command journal: an unreadable line skipped'),
    });
    const kept = records.map(({ record }) => record).filter((r) => now.getTime() - Date.parse(r.at) < KEEP_MS);
    for (const record of kept) journal.#steps.set(record.commandId, record.step);
    if (kept.length < records.length) {
      await writeFileDurably(file, kept.map((record) => `${JSON.stringify(record)}\n`).join(''));
    }
    return journal;
  }

  /** What the journal says of a command. */
  stepOf(commandId: string): JournaledCommand {
    return this.#steps.get(commandId);
  }

  /** Records that the command is about to act (on disk before it returns). */
  async started(commandId: string, kind: string, at: Date): Promise<void> {
    await this.#append({ step: 'started', commandId, kind, at: at.toISOString() });
  }

  /** Records the command's end, after its acknowledgement went to the outbox. */
  async finished(commandId: string, kind: string, result: CommandResult, at: Date): Promise<void> {
    await this.#append({ step: 'finished', commandId, kind, at: at.toISOString(), result });
  }

  async #append(record: CommandJournalRecord): Promise<void> {
    await this.#journal.append(this.#file, record);
    this.#steps.set(record.commandId, record.step);
  }
}
