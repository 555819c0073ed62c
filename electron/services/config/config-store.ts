import { randomUUID } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseInRussian } from '../../../kiosk-config/src/config/russian-issues';
import type { RawConfig } from '../../../kiosk-config/src/config/technician-settings';
import { type ConfigChangeState, type FieldIssue, KioskConfig, type PortDevice } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { syncFolder, writeFileDurably } from '../storage/durable-file';
import { configChangeEffects, LIVE_DEVICE_KEYS } from './config-change-effects';
import { pendingChangeFile, previousConfigFile } from './pending-config-change';

/** How long a saved device change has to come up (or be confirmed) before it is rolled back. */
export const CONFIRM_WINDOW_MS = 60_000;

/** The devices the store re-attaches and watches: the device manager. */
export interface LiveDevices {
  replace(kind: PortDevice, config: KioskConfig['devices'][(typeof LIVE_DEVICE_KEYS)[PortDevice]]): Promise<void>;
  ready(kind: PortDevice): boolean;
}

/** Options of the config store. */
export interface ConfigStoreOptions {
  /** The config file (absolute). */
  file: string;
  devices: LiveDevices;
  log: Logger;
  /** How long a device change waits for its device or «Работает» (ms, default a minute; tests shorten it). */
  confirmWindowMs?: number;
  /** Whether the host can restart the kiosk now (read at each state). */
  canRestart?: () => boolean;
  /** Told each time the state changes (a change saved, confirmed, kept or rolled back). */
  onChanged?: (state: ConfigChangeState) => void;
  /** Records what the store did in the technician's audit. */
  audit?: (action: string, detail: Record<string, string | number | boolean>) => void;
  now?: () => Date;
}

/** The pending-change marker beside the config file: written durably before the new config. */
export const PendingChangeMarker = z
  .object({
    id: z.string().min(1).max(64),
    savedAt: z.iso.datetime({ offset: true }),
    devices: z.array(z.enum(['printer', 'scanner', 'document_reader'])).max(3),
  })
  .strict();
export type PendingChangeMarker = z.infer<typeof PendingChangeMarker>;

interface Pending {
  marker: PendingChangeMarker;
  deadline: Date;
  previousText: string;
  previous: KioskConfig;
  /** Sections this change alone made wait for a restart: a rollback takes them back. */
  addedRestartSections: string[];
  timer: NodeJS.Timeout;
}

/**
 * The kiosk config, changed on site: each change is validated by the config's zod schema, saved
 * atomically (temp, fsync, rename; the file before it kept as `kiosk.json.previous`), and takes
 * effect where it can without a restart: a receipt printer, scanner or document reader whose
 * settings changed is detached and attached again in the device manager. Other sections are
 * named as needing a restart.
 *
 * A device change is on trial: unless the technician confirms «Работает», it is rolled back by
 * itself when its window ends (a minute) with an affected device not ready: the previous file
 * is restored atomically and the old device attached again. The trial is marked by a durable
 * `kiosk.json.pending` beside the config, so a crash before the verdict is undone at the next
 * start (`recoverPendingConfigChange`): nobody confirmed it, and the previous file is the one
 * known to have worked.
 */
export class ConfigStore {
  #pending: Pending | null = null;
  #last: ConfigChangeState['last'] = null;
  #restartRequired = new Set<string>();
  #closed = false;
  readonly #windowMs: number;
  readonly #now: () => Date;
  /** One change, confirm or rollback at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ConfigStoreOptions) {
    this.#windowMs = options.confirmWindowMs ?? CONFIRM_WINDOW_MS;
    this.#now = options.now ?? (() => new Date());
  }

  /** The config file's JSON as stored (defaults not filled in). */
  async raw(): Promise<RawConfig> {
    return JSON.parse(await readFile(this.options.file, 'utf8')) as RawConfig;
  }

  /** The config in force, validated with defaults. */
  async current(): Promise<KioskConfig> {
    return KioskConfig.parse(await this.raw());
  }

  /** The store's state for the pages. */
  get state(): ConfigChangeState {
    const pending = this.#pending;
    return {
      pending: pending
        ? {
            id: pending.marker.id,
            devices: pending.marker.devices,
            deadline: pending.deadline.toISOString(),
            ready: pending.marker.devices.every((kind) => this.options.devices.ready(kind)),
          }
        : null,
      last: this.#last,
      restartRequired: [...this.#restartRequired],
      canRestart: this.options.canRestart?.() ?? false,
    };
  }

  /**
   * Changes the config: `edit` gets a copy of the file's JSON and returns the new one. Refused,
   * with each field's problem in Russian, when the result is not a valid config, or while another
   * device change waits for its verdict.
   */
  change(
    edit: (raw: RawConfig) => RawConfig,
  ): Promise<{ saved: true; state: ConfigChangeState } | { saved: false; issues: FieldIssue[] }> {
    return this.#serially(async () => {
      if (this.#pending) {
        return {
          saved: false as const,
          issues: [{ path: '', message: 'Сначала подтвердите «Работает» или дождитесь отката прошлого изменения' }],
        };
      }
      const previousText = await readFile(this.options.file, 'utf8');
      const previous = KioskConfig.parse(JSON.parse(previousText));
      const nextRaw = edit(structuredClone(JSON.parse(previousText) as RawConfig));
      const parsed = parseInRussian(KioskConfig, nextRaw);
      if (!parsed.ok) return { saved: false as const, issues: parsed.issues };
      const effects = configChangeEffects(previous, parsed.value);
      if (effects.devices.length === 0 && effects.restartSections.length === 0) {
        return { saved: true as const, state: this.state };
      }
      const file = this.options.file;
      const mode = (await stat(file)).mode & 0o777;
      // The file before the change first, then the trial's marker, then the change: a crash at
      // any point leaves either the old config or the new one with its marker (undone at start).
      await writeFileDurably(previousConfigFile(file), previousText, { mode });
      const marker: PendingChangeMarker = {
        id: randomUUID(),
        savedAt: this.#now().toISOString(),
        devices: effects.devices,
      };
      if (effects.devices.length > 0) {
        await writeFileDurably(pendingChangeFile(file), JSON.stringify(marker), { mode: 0o600 });
      }
      await writeFileDurably(file, `${JSON.stringify(nextRaw, null, 2)}\n`, { mode });
      const addedRestartSections = effects.restartSections.filter((section) => !this.#restartRequired.has(section));
      for (const section of addedRestartSections) this.#restartRequired.add(section);
      this.options.log.info(
        { devices: effects.devices, restartSections: effects.restartSections },
        'config change saved',
      );
      this.options.audit?.('config.saved', {
        devices: effects.devices.join(',') || '-',
        restart: effects.restartSections.join(',') || '-',
      });
      if (effects.devices.length > 0) {
        const deadline = new Date(this.#now().getTime() + this.#windowMs);
        const timer = setTimeout(() => void this.#verdict(marker.id), this.#windowMs);
        timer.unref();
        this.#pending = { marker, deadline, previousText, previous, addedRestartSections, timer };
        for (const kind of effects.devices) {
          await this.options.devices.replace(kind, parsed.value.devices[LIVE_DEVICE_KEYS[kind]]);
        }
      }
      this.#changed();
      return { saved: true as const, state: this.state };
    });
  }

  /** «Работает»: the technician keeps the pending change. */
  confirm(): Promise<ConfigChangeState> {
    return this.#serially(async () => {
      const pending = this.#pending;
      if (pending) await this.#end(pending, 'confirmed');
      return this.state;
    });
  }

  /** Stops the trial's timer (the core is closing; a pending change is undone at the next start). */
  close(): void {
    this.#closed = true;
    if (this.#pending) clearTimeout(this.#pending.timer);
  }

  /** The window ended: keep the change if its devices are ready, else roll it back. */
  #verdict(id: string): Promise<void> {
    return this.#serially(async () => {
      const pending = this.#pending;
      if (!pending || pending.marker.id !== id || this.#closed) return;
      const notReady = pending.marker.devices.filter((kind) => !this.options.devices.ready(kind));
      if (notReady.length === 0) {
        await this.#end(pending, 'kept');
        return;
      }
      this.options.log.warn(
        { devices: notReady },
        'config change not confirmed and its device is not ready: rolling back',
      );
      await writeFileDurably(this.options.file, pending.previousText, {
        mode: (await stat(this.options.file)).mode & 0o777,
      });
      for (const kind of pending.marker.devices) {
        await this.options.devices.replace(kind, pending.previous.devices[LIVE_DEVICE_KEYS[kind]]);
      }
      for (const section of pending.addedRestartSections) this.#restartRequired.delete(section);
      await this.#end(pending, 'rolled_back');
    }).catch((error: unknown) => this.options.log.error({ err: error }, 'config change verdict failed'));
  }

  async #end(pending: Pending, outcome: 'confirmed' | 'kept' | 'rolled_back'): Promise<void> {
    clearTimeout(pending.timer);
    await rm(pendingChangeFile(this.options.file), { force: true });
    await syncFolder(path.dirname(this.options.file));
    this.#pending = null;
    this.#last = { outcome, at: this.#now().toISOString(), devices: pending.marker.devices };
    this.options.log.info({ outcome, devices: pending.marker.devices }, 'config change ended');
    this.options.audit?.(`config.${outcome}`, { devices: pending.marker.devices.join(',') });
    this.#changed();
  }

  #changed(): void {
    this.options.onChanged?.(this.state);
  }

  #serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
