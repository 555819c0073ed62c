import type { SpeechLanguage } from '../../../kiosk-config/src/index';

/**
 * espeak-ng's voice for each language of the screens (`espeak-ng --voices`: `ru`, `en-us`, and
 * the Turkic voices `tt`, `kk`, `ba` of espeak-ng 1.51). Russian is the reference voice.
 */
export const ESPEAK_VOICES: Readonly<Record<SpeechLanguage, string>> = {
  ru: 'ru',
  en: 'en-us',
  tt: 'tt',
  kk: 'kk',
  ba: 'ba',
};

/** The program, as Debian installs it (`espeak-ng` package). */
export const ESPEAK_PROGRAM = 'espeak-ng';

/**
 * The arguments for one utterance: the text comes on stdin (`--stdin`), never in the arguments,
 * so a visitor's data is not visible in the process list; `--stdout` writes a WAV instead of playing.
 */
export function espeakArguments(language: SpeechLanguage, options: { stdout: boolean }): string[] {
  return ['-v', ESPEAK_VOICES[language], '--stdin', ...(options.stdout ? ['--stdout'] : [])];
}
