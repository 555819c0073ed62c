import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../logging/logger';
import { parseJson } from '../../parse-json';
import { writeFileDurably } from '../../storage/durable-file';

const SpentList = z.array(z.object({ nonce: z.string().max(32), expiresAt: z.number().int() }).strict()).max(10_000);
type SpentList = z.infer<typeof SpentList>;

/**
 * The technician tokens used up on this kiosk: a token whose holder left with «Выйти» does not
 * open the mode here again, while one whose mode ended by itself (idle, restart) still does, so a
 * technician called away for ten minutes is not stranded. Kept in
 * `<dataDir>/technician/spent-tokens.json` (temp, fsync, rename) by nonce until the token expires.
 */
export class SpentTokens {
  readonly #file: string;
  #spent: SpentList;

  private constructor(file: string, spent: SpentList) {
    this.#file = file;
    this.#spent = spent;
  }

  static async open(dataDir: string, log: Logger): Promise<SpentTokens> {
    const file = path.join(dataDir, 'technician', 'spent-tokens.json');
    await mkdir(path.dirname(file), { recursive: true });
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const parsed = text === undefined ? undefined : SpentList.safeParse(parseJson(text));
    if (parsed !== undefined && !parsed.success)
      log.warn({ file }, 'the list of spent technician tokens is unreadable');
    return new SpentTokens(file, parsed?.success ? parsed.data : []);
  }

  has(nonce: string): boolean {
    return this.#spent.some((entry) => entry.nonce === nonce);
  }

  /** Spends a token (expiring at `expiresAt`, Unix ms); expired entries are dropped meanwhile. */
  async spend(nonce: string, expiresAt: number, now: number): Promise<void> {
    const kept = this.#spent.filter((entry) => entry.expiresAt > now && entry.nonce !== nonce);
    const spent = [...kept, { nonce, expiresAt }];
    await writeFileDurably(this.#file, JSON.stringify(spent));
    this.#spent = spent;
  }
}
