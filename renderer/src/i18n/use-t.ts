import { useMemo } from 'react';
import { useVisitorPreferences } from '../access/visitor-preferences';
import { loadedMessages, russian, type Translate, translator } from './languages';

export type { Translate } from './languages';

/**
 * The visitor's language's messages, with Russian where a language has no message for a key.
 * The language button loads a catalog before choosing it; until then the screens stay Russian.
 */
export function useT(): Translate {
  const { language } = useVisitorPreferences().preferences;
  return useMemo(() => {
    const messages = loadedMessages(language);
    return messages === undefined ? russian : translator(language, messages);
  }, [language]);
}
