import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ServiceModeView } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { parseJson } from '../parse-json';
import { writeFileDurably } from '../storage/durable-file';

/**
 * In service or not, kept in `<dataDir>/fleet/service-mode.json` (temp, fsync, rename): a kiosk
 * put out of service by the centre stays so across a restart or a power cut, until it is put
 * back. Changes are told to `onChange` (the screens' `kiosk.serviceModeChanged`).
 */
export class ServiceMode {
  readonly #file: string;
  readonly #onChange: (view: ServiceModeView) => void;
  #view: ServiceModeView;

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

  get view(): ServiceModeView {
    return this.#view;
  }

  /** Saves the new mode durably, then tells the screens. */
  async set(view: ServiceModeView): Promise<void> {
    await writeFileDurably(this.#file, JSON.stringify(view));
    this.#view = view;
    this.#onChange(view);
  }
}
