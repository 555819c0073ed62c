import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCREEN_TEXTS, type ScreenTextKey } from '../../renderer/src/content/screen-texts';

/** Publishers write texts.json from docs/content.md's table: it must list every key the screens read. */
describe('screen text keys in docs/content.md', () => {
  it('lists every key with its built-in Russian', () => {
    const docs = readFileSync(new URL('../../docs/content.md', import.meta.url), 'utf8');
    for (const key of Object.keys(SCREEN_TEXTS) as ScreenTextKey[]) {
      expect(docs).toContain(`| \`${key}\``);
      expect(docs).toContain(SCREEN_TEXTS[key]);
    }
  });
});
