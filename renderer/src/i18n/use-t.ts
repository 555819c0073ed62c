import { useCallback } from 'react';
import { useVisitorPreferences } from '../access/visitor-preferences';
import { fillMessage, type MessageKey, type Messages, type MessageValues } from './catalog';
import { MESSAGES as EN } from './catalogs/en/index';
import { RU } from './catalogs/ru/index';
import { MESSAGES as TT } from './catalogs/tt/index';

const CATALOGS: Readonly<Record<string, Messages>> = { ru: RU, en: EN, tt: TT };

/** A message in the visitor's language: `t('access.help')`, `t('key', { count: 3 })`. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** The visitor's language's messages, with Russian where a language has no message for a key. */
export function useT(): Translate {
  const { language } = useVisitorPreferences().preferences;
  return useCallback((key, values) => fillMessage(CATALOGS[language]?.[key] ?? RU[key], values), [language]);
}
