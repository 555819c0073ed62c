import type { HeadphonesState } from '../../../kiosk-config/src/index';
import { TypedEmitter } from '../../../kiosk-config/src/lib/typed-emitter';
import type { Logger } from '../logging/logger';
import type { SystemCommands } from '../technician/link-and-service/system-commands';
import type { HeadphonesSource } from './speech-devices';

/** How often the jack is read: a plugged headphone is heard within this time. */
const POLL_MS = 1000;

/**
 * Reads `amixer cget`'s answer for the jack control (`iface=CARD,name='Headphone Jack'`): its
 * value line `: values=on` means plugged. Anything else (no such control): unknown.
 */
export function parseJackState(amixerOutput: string): HeadphonesState {
  const value = /^\s*:\s*values=(on|off)\s*$/m.exec(amixerOutput)?.[1];
  if (value === 'on') return 'in';
  if (value === 'off') return 'out';
  return 'unknown';
}

/**
 * The headphone jack as ALSA reports it (HDA codecs expose a `Headphone Jack` control on the
 * card), polled with `amixer`. Where the card has no such control, or there is no card or no
 * `amixer`, the state is `unknown` for good: said once in the log, no more polling.
 */
export class AlsaHeadphoneJack implements HeadphonesSource {
  #state: HeadphonesState = 'unknown';
  #timer: NodeJS.Timeout | undefined;
  /** The `amixer` read in flight, if any. */
  #reading: Promise<void> | undefined;
  readonly #changes = new TypedEmitter<[state: HeadphonesState]>();

  constructor(
    private readonly commands: SystemCommands,
    private readonly log: Logger,
    private readonly card = '0',
  ) {}

  /** Reads the jack once; keeps polling only if it could be read. */
  async start(): Promise<void> {
    await this.poll();
    if (this.#state === 'unknown') {
      this.log.info('speech: the headphone jack cannot be read here; private data needs the visitor to agree');
      return;
    }
    this.#timer = setInterval(() => void this.poll(), POLL_MS);
    this.#timer.unref();
  }

  current(): HeadphonesState {
    return this.#state;
  }

  watch(listener: (state: HeadphonesState) => void): () => void {
    return this.#changes.on(listener);
  }

  close(): void {
    clearInterval(this.#timer);
    this.#changes.clear();
  }

  /**
   * Reads the jack now, and tells the listeners if it changed (the interval's work). A read still
   * running is joined, not doubled: a slow `amixer` (a busy machine) must not pile up behind the
   * interval, nor two answers land out of order.
   */
  poll(): Promise<void> {
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(): Promise<void> {
    const output = await this.commands.run('amixer', ['-c', this.card, 'cget', "iface=CARD,name='Headphone Jack'"]);
    const state = output.code === 0 ? parseJackState(output.stdout) : 'unknown';
    if (state === this.#state) return;
    this.#state = state;
    this.#changes.emit(state);
  }
}
