import type { HeadphonesState, ScreenLanguage } from '../../../kiosk-config/src/index';

/** One thing to say: a text synthesised in a language, or a recorded prompt (a WAV file). */
export type Utterance =
  | { kind: 'text'; text: string; language: ScreenLanguage }
  | { kind: 'prompt'; file: string; key: string; text: string; language: ScreenLanguage };

/**
 * Where speech goes: espeak-ng's audio on the kiosk, a recording in tests. `speak` resolves once
 * the utterance has been said, or as soon as `signal` aborts it (a new screen, «Стоп»).
 */
export interface SpeechOutput {
  speak(utterance: Utterance, signal: AbortSignal): Promise<void>;
  /** Stops what it keeps running between utterances (a warm espeak-ng). */
  close?(): void;
}

/** The loudspeaker's volume, set back to the safe level after each session. */
export interface VolumeControl {
  set(percent: number): Promise<void>;
}

/**
 * Whether headphones are in the jack, where the hardware says so. `unknown` when it cannot tell
 * (no jack sensing, no sound card): then private data needs the visitor's agreement.
 */
export interface HeadphonesSource {
  current(): HeadphonesState;
  /** Calls `listener` on every change; returns how to stop listening. */
  watch(listener: (state: HeadphonesState) => void): () => void;
  close(): void;
}

/** The three devices the speech service drives (replaced together by tests: `speech-test-support.ts`). */
export interface SpeechDevices {
  output: SpeechOutput;
  volume: VolumeControl;
  headphones: HeadphonesSource;
}
