import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_OUT_OF_SERVICE_INSTEAD, ServiceModeView } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';

/**
 * In service or not, for two reasons: the centre's command (`remote`), kept in
 * `<dataDir>/fleet/service-mode.json` (temp, fsync, rename) so a kiosk put out of service stays so
 * across a restart or a power cut until it is put back; and the host's supervision
 * (`screenFailing`: its page keeps crashing), in memory only, since a restarted host starts with
 * a clean record. The screens see one view (`view`: the centre's wins); changes are told to
 * `onChange` (the screens' `kiosk.serviceModeChanged`).
 */
export class ServiceMode {
  readonly #file: string;
  readonly #onChange: (view: ServiceModeView) => void;
  #view: ServiceModeView;
  #screenFailing = false;

  private constructor(file: string, view: ServiceModeView, onChange: (view: ServiceModeView) => void) {
    this.#file = file;
    this.#view = view;
    this.#onChange = onChange;
  }

  /** Reads the saved mode (in service when none, or when the file is unreadable: logged). */
  static async open(dataDir: string, onChange: (view: ServiceModeView) => void, log: Logger): Promise<ServiceMode> {
    const file = path.join(dataDir, 'fleet', 'service-mode.json');
    await mkdir(path.dirname(file), { recursive: true });
    const text = await readFile(file, 'utf8').catch(() => undefined);
    let view: ServiceModeView = { inService: true };
    if (text !== undefined) {
      const parsed = ServiceModeView.safeParse(parseJson(text));
      if (parsed.success) view = parsed.data;
      else log.warn({ file }, 'the saved service mode is unreadable; in service');
    }
    if (!view.inService) log.warn({}, 'the kiosk starts out of service (a remote command from the centre)');
    return new ServiceMode(file, view, onChange);
  }

  /** What the screens show: the centre's mode, else out of service while the page keeps failing. */
  get view(): ServiceModeView {
    if (!this.#view.inService || !this.#screenFailing) return this.#view;
    return { inService: false, instead: DEFAULT_OUT_OF_SERVICE_INSTEAD };
  }

  /** The centre's mode alone (`service.out`, `service.in`). */
  get remote(): ServiceModeView {
    return this.#view;
  }

  /** Whether the host's supervision has put the kiosk out of service (its page keeps failing). */
  get screenFailing(): boolean {
    return this.#screenFailing;
  }

  /** Saves the centre's new mode durably, then tells the screens. */
  async set(view: ServiceModeView): Promise<void> {
    await writeFileDurably(this.#file, JSON.stringify(view));
    this.#view = view;
    this.#onChange(this.view);
  }

  /** The host's supervision puts the kiosk out of service (`true`) or back (`false`); tells the screens. */
  setScreenFailing(failing: boolean): void {
    if (this.#screenFailing === failing) return;
    this.#screenFailing = failing;
    this.#onChange(this.view);
  }
}
