import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_OUT_OF_SERVICE_INSTEAD, ServiceChangeView, ServiceModeView } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';

/** Who changed the mode and when (the technician's page shows it; the visitor's screen never does). */
export type ServiceChange = z.infer<typeof ServiceChangeView>;

/** The file: the mode and who set it. Older kiosks wrote the bare view: still read. */
const StoredServiceMode = z.object({ view: ServiceModeView, changed: ServiceChangeView.optional() }).strict();

/**
 * In service or not, for two reasons: the mode set by the centre's command or a technician on
 * site (`remote`), kept in `<dataDir>/fleet/service-mode.json` (temp, fsync, rename) with who set
 * it, so a kiosk put out of service stays so across a restart or a power cut until it is put
 * back; and the host's supervision (`screenFailing`: its page keeps crashing), in memory only,
 * since a restarted host starts with a clean record. The screens see one view (`view`: the set
 * mode wins); changes are told to `onChange` (the screens' `kiosk.serviceModeChanged`).
 */
export class ServiceMode {
  readonly #file: string;
  readonly #onChange: (view: ServiceModeView) => void;
  #view: ServiceModeView;
  #changed: ServiceChange | undefined;
  #screenFailing = false;

  private constructor(
    file: string,
    stored: { view: ServiceModeView; changed?: ServiceChange | undefined },
    onChange: (view: ServiceModeView) => void,
  ) {
    this.#file = file;
    this.#view = stored.view;
    this.#changed = stored.changed;
    this.#onChange = onChange;
  }

  /** Reads the saved mode (in service when none, or when the file is unreadable: logged). */
  static async open(dataDir: string, onChange: (view: ServiceModeView) => void, log: Logger): Promise<ServiceMode> {
    const file = path.join(dataDir, 'fleet', 'service-mode.json');
    await mkdir(path.dirname(file), { recursive: true });
    const text = await readFile(file, 'utf8').catch(() => undefined);
    let stored: { view: ServiceModeView; changed?: ServiceChange | undefined } = { view: { inService: true } };
    if (text !== undefined) {
      const json = parseJson(text);
      const current = StoredServiceMode.safeParse(json);
      const legacy = ServiceModeView.safeParse(json);
      if (current.success) stored = current.data;
      else if (legacy.success) stored = { view: legacy.data };
      else log.warn({ file }, 'the saved service mode is unreadable; in service');
    }
    if (!stored.view.inService) log.warn({ by: stored.changed?.by }, 'the kiosk starts out of service');
    return new ServiceMode(file, stored, onChange);
  }

  /** What the screens show: the set mode, else out of service while the page keeps failing. */
  get view(): ServiceModeView {
    if (!this.#view.inService || !this.#screenFailing) return this.#view;
    return { inService: false, instead: DEFAULT_OUT_OF_SERVICE_INSTEAD };
  }

  /** The mode the centre or a technician set (`service.out`, `service.in`), without the supervision's. */
  get remote(): ServiceModeView {
    return this.#view;
  }

  /** Who last changed the mode, and when (undefined: never, or before this was recorded). */
  get changed(): ServiceChange | undefined {
    return this.#changed;
  }

  /** Whether the host's supervision has put the kiosk out of service (its page keeps failing). */
  get screenFailing(): boolean {
    return this.#screenFailing;
  }

  /** Saves the new mode durably, with who set it, then tells the screens. */
  async set(view: ServiceModeView, changed?: ServiceChange): Promise<void> {
    await writeFileDurably(this.#file, JSON.stringify({ view, ...(changed ? { changed } : {}) }));
    this.#view = view;
    this.#changed = changed;
    this.#onChange(this.view);
  }

  /** The host's supervision puts the kiosk out of service (`true`) or back (`false`); tells the screens. */
  setScreenFailing(failing: boolean): void {
    if (this.#screenFailing === failing) return;
    this.#screenFailing = failing;
    this.#onChange(this.view);
  }
}
