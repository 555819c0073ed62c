import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KioskSetup } from '../../../kiosk-config/src/index';
import { describeIssues } from '../api/issues';
import type { HubResult } from '../hub/hub-client';
import type { Logger } from '../logging/logger';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';

/** The cached setup on disk: what the hub said, and when. */
const CachedSetup = z.object({ receivedAt: z.string(), setup: KioskSetup }).strict();

/** Where a kiosk keeps the hub's setup: `<dataDir>/tickets/kiosk-setup.json`. */
export function kioskSetupFile(dataDir: string): string {
  return path.join(dataDir, 'tickets', 'kiosk-setup.json');
}

/**
 * Writes a setup to the cache file durably (temp, fsync, rename). The store does it for each
 * setup it fetches; tests use it to give a kiosk a setup as if the hub had sent one before.
 */
export async function saveKioskSetup(file: string, setup: KioskSetup, receivedAt: Date): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileDurably(file, JSON.stringify({ receivedAt: receivedAt.toISOString(), setup }));
}

/** Options of the setup store. */
export interface KioskSetupStoreOptions {
  /** The cache file (`<dataDir>/tickets/kiosk-setup.json`). */
  file: string;
  /** `GET /v1/kiosk/setup` (the hub client's `kioskSetup`). */
  fetchSetup: () => Promise<HubResult<KioskSetup>>;
  log: Logger;
  /** How often the setup is fetched again while the kiosk runs (ms); 10 minutes by default. */
  refreshMs?: number;
  now?: () => Date;
}

/**
 * The kiosk's setup from its hub (`GET /v1/kiosk/setup`: office, catalogue and hours, the offline
 * block), kept on disk so that a kiosk restarted while the hub is away still shows the hub's
 * catalogue and can issue offline tickets.
 *
 * `start` loads the cached copy first, then fetches in the background, again every
 * `refreshMs`, and whenever the link comes back (`linkRestored`). A fetched setup is validated
 * (the client does) and written durably (temp, fsync, rename) before it replaces the one in use;
 * a failed fetch keeps what there is.
 */
export class KioskSetupStore {
  #current: { setup: KioskSetup; receivedAt: string } | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #refreshing: Promise<boolean> | undefined;
  #again = false;
  #stopped = false;

  constructor(private readonly options: KioskSetupStoreOptions) {}

  /** The setup in use (fetched now or cached), or undefined when no hub ever sent one. */
  get setup(): KioskSetup | undefined {
    return this.#current?.setup;
  }

  /** Loads the cached copy, then starts fetching (first at once, without waiting for it). */
  async start(): Promise<void> {
    await this.load();
    this.#timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 10 * 60_000);
    this.#timer.unref();
    void this.refresh();
  }

  /** Reads the cached setup; an unreadable cache is logged and ignored (the hub will send it again). */
  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.options.log.warn({ err: error }, 'kiosk setup: cache unreadable; waiting for the hub');
      }
      return;
    }
    const parsed = CachedSetup.safeParse(parseJson(text));
    if (!parsed.success) {
      this.options.log.warn({ problem: describeIssues(parsed.error) }, 'kiosk setup: cache invalid; ignored');
      return;
    }
    this.#current = parsed.data;
    this.options.log.info({ receivedAt: parsed.data.receivedAt }, 'kiosk setup: cached copy loaded');
  }

  /**
   * Fetches the setup now; true when a new one was stored. One fetch at a time: asked again
   * meanwhile (the link just came back), it fetches once more after the one in flight.
   */
  refresh(): Promise<boolean> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      let stored = false;
      do {
        this.#again = false;
        stored = (await this.#fetch()) || stored;
      } while (this.#again);
      return stored;
    })().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** The link is back (enrolled, circuit closed): fetch at once. */
  linkRestored(): void {
    void this.refresh();
  }

  /** Stops the periodic refresh. */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  async #fetch(): Promise<boolean> {
    if (this.#stopped) return false;
    const { log } = this.options;
    const result = await this.options.fetchSetup();
    if (!result.ok) {
      log.debug({ failure: result.error.code }, 'kiosk setup: not fetched; keeping the one in use');
      return false;
    }
    const receivedAt = (this.options.now ?? (() => new Date()))();
    const cached = { receivedAt: receivedAt.toISOString(), setup: result.value };
    try {
      await saveKioskSetup(this.options.file, result.value, receivedAt);
    } catch (error) {
      // Used anyway: it is valid, only the next start would not find it.
      log.error({ err: error }, 'kiosk setup: cache not written');
    }
    const changed = JSON.stringify(this.#current?.setup) !== JSON.stringify(result.value);
    this.#current = cached;
    if (changed) {
      log.info(
        { officeId: result.value.office.id, services: result.value.catalogue.services.length },
        'kiosk setup: received from the hub',
      );
    }
    return true;
  }
}
