import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutboxItem } from '../../../kiosk-config/src/index';
import { SerialExecutor } from '../../../kiosk-config/src/lib/serial-executor';
import { TypedEmitter } from '../../../kiosk-config/src/lib/typed-emitter';
import type { Logger } from '../logging/logger';
import { writeFileDurably } from '../storage/durable-file';
import { JsonLinesJournal } from '../storage/json-lines-journal';

/** What a service needs to tell the hub something: producers see only this. */
export interface OutboxWriter {
  /**
   * Records an item durably (fsync'd) for delivery to the hub, in order, even across restarts.
   * The payload must hold no personal data (mask application numbers first).
   */
  enqueue(kind: string, payload: Record<string, unknown>): Promise<OutboxItem>;
}

/** Options of `Outbox.open`. */
export interface OutboxOptions {
  /** Folder of the journal segments and the cursor (created if missing). */
  dir: string;
  log: Logger;
  /** Items per journal segment before a new one is started (delivered segments are deleted). */
  segmentMaxItems?: number;
  now?: () => Date;
}

/** Where an item sits: its segment and line (0-based). The cursor is the first undelivered one. */
interface Position {
  segment: number;
  line: number;
}

interface PendingItem {
  item: OutboxItem;
  position: Position;
}

/** The longest journal line (bytes): payloads are small facts, not documents. */
export const MAX_OUTBOX_LINE_BYTES = 8 * 1024;

const SEGMENT_FILE = /^journal-(\d{8})\.jsonl$/;
const CURSOR_FILE = 'cursor.json';
const SEGMENT_LINES = new JsonLinesJournal(OutboxItem);

/**
 * The kiosk's outbox: what it must tell the hub (events, later telemetry), kept through
 * offline days, crashes and power cuts, and delivered in order.
 *
 * Storage is an append-only journal with fsync (`journal-00000001.jsonl`, one JSON item per
 * line) plus a cursor file (`cursor.json`, replaced by write-temp-fsync-rename) naming the first
 * line not yet acknowledged by the hub. An item is durable before `enqueue` returns; the cursor
 * moves only after the hub has acknowledged; so a crash at any instant loses nothing and at
 * worst re-sends items the hub already has, which the hub recognises by id (a replay is not a
 * duplicate). Journals are split into segments so that delivered ones can simply be deleted.
 *
 * A line torn by a power cut (no final newline) was never acknowledged to its producer: it is
 * cut off at open. A line that is unreadable for another reason is skipped and logged.
 */
export class Outbox implements OutboxWriter {
  readonly #pending: PendingItem[] = [];
  #cursor: Position;
  #writeSegment: number;
  #writeLine: number;
  // Appends are serialised among themselves, cursor moves among themselves; the two touch
  // different files (a cursor move deletes only segments wholly before the cursor, never the one
  // being appended to), so a slow cursor fsync does not hold back the next event.
  readonly #appends = new SerialExecutor();
  readonly #acks = new SerialExecutor();
  readonly #enqueued = new TypedEmitter<[]>();

  private constructor(
    private readonly options: OutboxOptions,
    state: { cursor: Position; writeSegment: number; writeLine: number; pending: PendingItem[] },
  ) {
    this.#cursor = state.cursor;
    this.#writeSegment = state.writeSegment;
    this.#writeLine = state.writeLine;
    this.#pending.push(...state.pending);
  }

  /** Opens (or creates) the outbox in `dir`, recovering from whatever a crash left. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const { dir, log } = options;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const segments = (await readdir(dir))
      .map((name) => SEGMENT_FILE.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);

    let cursor = await readCursor(path.join(dir, CURSOR_FILE), log);
    if (cursor === undefined) cursor = { segment: segments[0] ?? 1, line: 0 };

    const pending: PendingItem[] = [];
    const writeSegment = Math.max(cursor.segment, segments.at(-1) ?? 1);
    let writeLine = 0;
    for (const segment of segments) {
      const file = segmentPath(dir, segment);
      // Already delivered whole: left by a crash between moving the cursor and deleting.
      if (segment < cursor.segment) {
        await rm(file, { force: true });
        continue;
      }
      const delivered = (line: number) => segment === cursor.segment && line < cursor.line;
      // In the segment being written, a torn tail is cut off so the next append starts on a clean line.
      const { records, lineCount } = await SEGMENT_LINES.read(file, {
        repair: segment === segments.at(-1),
        onTorn: (bytes) => log.warn({ bytes }, 'outbox: torn journal tail cut off'),
        onUnreadable: (line) => {
          if (!delivered(line)) log.warn({ segment, line }, 'outbox: unreadable journal line skipped');
        },
      });
      for (const { line, record } of records) {
        if (!delivered(line)) pending.push({ item: record, position: { segment, line } });
      }
      if (segment === writeSegment) writeLine = lineCount;
    }
    if (pending.length > 0) log.info({ pending: pending.length }, 'outbox: items waiting for the hub');
    return new Outbox(options, { cursor, writeSegment, writeLine, pending });
  }

  /** How many items wait for the hub. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Calls `listener` after each enqueue (the delivery loop wakes up); returns the unsubscribe. */
  onEnqueued(listener: () => void): () => void {
    return this.#enqueued.on(listener);
  }

  async enqueue(kind: string, payload: Record<string, unknown>): Promise<OutboxItem> {
    const item = OutboxItem.parse({
      id: randomUUID(),
      kind,
      at: (this.options.now ?? (() => new Date()))().toISOString(),
      payload,
    });
    const line = JSON.stringify(item);
    if (Buffer.byteLength(line) > MAX_OUTBOX_LINE_BYTES) {
      throw new Error(`outbox item "${kind}" is larger than ${MAX_OUTBOX_LINE_BYTES} bytes`);
    }
    return this.#appends.run(async () => {
      if (this.#writeLine >= (this.options.segmentMaxItems ?? 1000)) {
        this.#writeSegment += 1;
        this.#writeLine = 0;
      }
      const position = { segment: this.#writeSegment, line: this.#writeLine };
      await SEGMENT_LINES.append(segmentPath(this.options.dir, position.segment), item);
      this.#writeLine += 1;
      this.#pending.push({ item, position });
      this.#enqueued.emit();
      return item;
    });
  }

  /** The oldest undelivered items, in order, at most `limit`. */
  peek(limit: number): OutboxItem[] {
    return this.#pending.slice(0, limit).map((p) => p.item);
  }

  /**
   * The hub has acknowledged the oldest `count` pending items: moves the cursor past them
   * durably, then deletes journal segments that hold nothing undelivered.
   */
  acknowledge(count: number): Promise<void> {
    return this.#acks.run(async () => {
      const done = this.#pending.splice(0, Math.min(count, this.#pending.length));
      const last = done.at(-1);
      if (last === undefined) return;
      const next = this.#pending[0]?.position ?? { segment: last.position.segment, line: last.position.line + 1 };
      await writeFileDurably(path.join(this.options.dir, CURSOR_FILE), JSON.stringify(next));
      const previous = this.#cursor;
      this.#cursor = next;
      for (let segment = previous.segment; segment < next.segment; segment += 1) {
        await rm(segmentPath(this.options.dir, segment), { force: true });
      }
    });
  }
}

function segmentPath(dir: string, segment: number): string {
  return path.join(dir, `journal-${String(segment).padStart(8, '0')}.jsonl`);
}

async function readCursor(file: string, log: Logger): Promise<Position | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<Position>;
    if (Number.isSafeInteger(value.segment) && Number.isSafeInteger(value.line)) {
      return { segment: value.segment as number, line: value.line as number };
    }
  } catch {
    // Falls through: an unreadable cursor only means re-sending, which the hub deduplicates.
  }
  log.warn({}, 'outbox: cursor unreadable; re-sending from the oldest journal');
  return undefined;
}
