import { existsSync } from 'node:fs';
import path from 'node:path';
import { PromptKey, type ScreenLanguage } from '../../../kiosk-config/src/index';

/**
 * Recorded prompts for the fixed phrases: `<dir>/<language>/<message key>.wav` (e.g.
 * `kiosk-config/prompts/ru/speech.privateWithheld.wav`). A phrase with a recording is played from
 * it; any other is synthesised. Whether a key has a file is looked up once and remembered: prompts come with the
 * release, they do not change while the kiosk runs.
 */
export class PromptLibrary {
  readonly #found = new Map<string, string | null>();

  constructor(private readonly dir: string | null) {}

  /** The recording of `key` in `language`, if there is one. */
  find(language: ScreenLanguage, key: string): string | undefined {
    // The key is a catalog key (letters, digits, dots): never a path of its own.
    if (this.dir === null || !PromptKey.safeParse(key).success) return undefined;
    const id = `${language}/${key}`;
    let file = this.#found.get(id);
    if (file === undefined) {
      const candidate = path.join(this.dir, language, `${key}.wav`);
      file = existsSync(candidate) ? candidate : null;
      this.#found.set(id, file);
    }
    return file ?? undefined;
  }
}
