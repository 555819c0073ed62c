import type { ScreenLanguage } from '../../../kiosk-config/src/index';

/**
 * espeak-ng's voice for each language of the screens (`espeak-ng --voices`: `ru`, `en-us`, `tt`).
 * A language added to `ScreenLanguage` does not compile until it has its voice here: espeak-ng
 * 1.51 also has the Turkic `kk` (Kazakh) and `ba` (Bashkir). Russian is the reference voice.
 */
export const ESPEAK_VOICES: Readonly<Record<ScreenLanguage, string>> = {
  ru: 'ru',
  en: 'en-us',
  tt: 'tt',
};

/** The program, as Debian installs it (`espeak-ng` package). */
export const ESPEAK_PROGRAM = 'espeak-ng';

/**
 * The arguments for one utterance: the text comes on stdin (`--stdin`), never in the arguments,
 * so a visitor's data is not visible in the process list; `--stdout` writes a WAV instead of playing.
 */
export function espeakArguments(language: ScreenLanguage, options: { stdout: boolean }): string[] {
  return ['-v', ESPEAK_VOICES[language], '--stdin', ...(options.stdout ? ['--stdout'] : [])];
}
