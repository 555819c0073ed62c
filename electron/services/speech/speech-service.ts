import type { CallInput, EventPayload, HeadphonesState } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { SessionKey, type SessionMemory } from '../session/visitor-session';
import type { PromptLibrary } from './prompt-library';
import type { SpeechDevices, Utterance } from './speech-devices';

/** What `speech.say` asks: the parts in order, their language, whether the visitor agreed to private speech, screen or control. */
export type SayRequest = CallInput<'speech.say'>;

/** How the speech service is set up. */
export interface SpeechServiceOptions {
  devices: SpeechDevices;
  prompts: PromptLibrary;
  /** The volume (percent) each session ends at (`accessibility.speech.safeVolumePercent`). */
  safeVolumePercent: number;
  /** Headphones plugged turn speech on (`accessibility.speech.onHeadphones`). */
  onHeadphones: boolean;
  emit(payload: EventPayload<'speech.headphones'>): void;
  /** The visitor session's memory, where the last screen spoken is kept for «Повторить». */
  memory: SessionMemory;
  log: Logger;
}

/**
 * The last screen spoken, for «Повторить»: in the session's memory (it may hold a private part,
 * the visitor's status), so the session's end wipes it with the rest of the visitor's data.
 */
const lastScreen = new SessionKey<SayRequest>('speech.lastScreen');

/**
 * The kiosk's voice: one utterance at a time, in the order the page asked. A new `say` (a new
 * screen) cuts the one being spoken; `stop` silences it; `repeat` says the last request again.
 *
 * Privacy is decided here, not only on the page: a private part (the visitor's status, an amount)
 * is spoken only while headphones are in or after the visitor agreed on screen, and pulling the
 * headphones out silences a private answer at once. The last request (which may hold private data)
 * lives in the session's memory, gone at its end; then the speech stops and the volume goes back
 * to the safe level.
 * Nothing spoken is logged.
 */
export class SpeechService {
  readonly #options: SpeechServiceOptions;
  #current: AbortController | undefined;
  /** The end of what is being spoken: the next request starts after it, so two never overlap. */
  #playing: Promise<void> = Promise.resolve();
  /** Whether what is being spoken holds private parts heard only because of the headphones. */
  #privateByHeadphones = false;
  readonly #unwatch: () => void;

  constructor(options: SpeechServiceOptions) {
    this.#options = options;
    this.#unwatch = options.devices.headphones.watch((state) => this.#headphonesChanged(state));
  }

  /** Speaks the request's parts in order (cutting what was spoken); answers how many private parts were withheld. */
  say(request: SayRequest): { withheld: number } {
    if (request.what === 'screen') this.#options.memory.keep(lastScreen, request);
    return this.#speak(request);
  }

  /** Silences the speech now; the last request stays for `repeat`. */
  stop(): void {
    this.#current?.abort();
    this.#current = undefined;
  }

  /** Says the last screen again (with the privacy of now); false when none was spoken this session. */
  repeat(): boolean {
    const last = this.#options.memory.recall(lastScreen);
    if (last === undefined) return false;
    this.#speak(last);
    return true;
  }

  headphones(): HeadphonesState {
    return this.#options.devices.headphones.current();
  }

  /** The visitor's session ended (its memory, the last request with it, is wiped): silence, safe volume. */
  async sessionEnded(): Promise<void> {
    this.stop();
    await this.#options.devices.volume.set(this.#options.safeVolumePercent);
  }

  /** Waits until nothing is being spoken (tests, shutdown). */
  idle(): Promise<void> {
    return this.#playing;
  }

  close(): void {
    this.stop();
    this.#unwatch();
    this.#options.devices.headphones.close();
    this.#options.devices.output.close?.();
  }

  #speak(request: SayRequest): { withheld: number } {
    this.stop();
    const headphonesIn = this.headphones() === 'in';
    const privateAllowed = headphonesIn || request.privateAgreed;
    const spoken = request.parts.filter((part) => !part.private || privateAllowed);
    this.#privateByHeadphones = headphonesIn && !request.privateAgreed && spoken.some((part) => part.private);
    const utterances = spoken.map((part): Utterance => {
      const file = part.prompt === undefined ? undefined : this.#options.prompts.find(request.language, part.prompt);
      return file === undefined || part.prompt === undefined
        ? { kind: 'text', text: part.text, language: request.language }
        : { kind: 'prompt', file, key: part.prompt, text: part.text, language: request.language };
    });
    const controller = new AbortController();
    this.#current = controller;
    const previous = this.#playing;
    this.#playing = previous.then(() => this.#play(utterances, controller.signal));
    return { withheld: request.parts.length - spoken.length };
  }

  async #play(utterances: Utterance[], signal: AbortSignal): Promise<void> {
    for (const utterance of utterances) {
      if (signal.aborted) return;
      try {
        await this.#options.devices.output.speak(utterance, signal);
      } catch (error) {
        // A fault of the audio must not take the kiosk down; the next screen tries again.
        this.#options.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'speech: output failed',
        );
        return;
      }
    }
  }

  #headphonesChanged(state: HeadphonesState): void {
    if (state !== 'in' && this.#privateByHeadphones) this.stop();
    this.#options.emit({ headphones: state, turnSpeechOn: state === 'in' && this.#options.onHeadphones });
  }
}
