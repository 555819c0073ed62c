import type { HeadphonesState, ScreenLanguage } from '../../../kiosk-config/src/index';
import { TypedEmitter } from '../../../kiosk-config/src/lib/typed-emitter';
import type { HeadphonesSource, SpeechDevices, SpeechOutput, Utterance, VolumeControl } from './speech-devices';

/** What the recording hook heard: the text that would have been spoken, in order. */
export interface HeardUtterance {
  text: string;
  language: ScreenLanguage;
  /** The recorded prompt's key, when a recording was played instead of synthesis. */
  prompt?: string;
  /** Cut short by a new screen or «Стоп» (only while `holding`). */
  cut?: true;
}

/**
 * The test hook in place of espeak-ng: records each utterance as it starts. While `holding`, an
 * utterance lasts until `finishOne()` or its abort, so a test can interrupt it; otherwise it ends at once.
 */
export class RecordingSpeechOutput implements SpeechOutput {
  readonly heard: HeardUtterance[] = [];
  holding = false;
  #finish: (() => void) | undefined;

  speak(utterance: Utterance, signal: AbortSignal): Promise<void> {
    const entry: HeardUtterance = {
      text: utterance.text,
      language: utterance.language,
      ...(utterance.kind === 'prompt' ? { prompt: utterance.key } : {}),
    };
    this.heard.push(entry);
    if (!this.holding) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#finish = undefined;
        resolve();
      };
      this.#finish = done;
      signal.addEventListener(
        'abort',
        () => {
          entry.cut = true;
          done();
        },
        { once: true },
      );
    });
  }

  /** Ends the utterance being spoken (while `holding`). */
  finishOne(): void {
    this.#finish?.();
  }

  /** The texts heard, in order. */
  texts(): string[] {
    return this.heard.map((entry) => entry.text);
  }

  clear(): void {
    this.heard.length = 0;
  }
}

/** The volume as set, in order. */
export class RecordingVolume implements VolumeControl {
  readonly settings: number[] = [];
  async set(percent: number): Promise<void> {
    this.settings.push(percent);
  }
}

/** Headphones a test plugs in and out. */
export class ManualHeadphones implements HeadphonesSource {
  #state: HeadphonesState;
  readonly #changes = new TypedEmitter<[state: HeadphonesState]>();

  constructor(initial: HeadphonesState = 'out') {
    this.#state = initial;
  }

  current(): HeadphonesState {
    return this.#state;
  }

  watch(listener: (state: HeadphonesState) => void): () => void {
    return this.#changes.on(listener);
  }

  close(): void {
    this.#changes.clear();
  }

  /** Plugs (`in`) or unplugs (`out`) them. */
  set(state: HeadphonesState): void {
    this.#state = state;
    this.#changes.emit(state);
  }
}

/** The three recording devices together, for `KioskCoreOptions.speechDevices`. */
export function recordingSpeechDevices(headphones: HeadphonesState = 'out') {
  return {
    output: new RecordingSpeechOutput(),
    volume: new RecordingVolume(),
    headphones: new ManualHeadphones(headphones),
  } satisfies SpeechDevices;
}
