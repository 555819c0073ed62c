import type { PartMessages } from '../../catalog';
import type { typing as ru } from '../ru/typing';

export const typing: PartMessages<typeof ru> = {
  'typing.layouts': 'Хәрефләр тәртибе',
  'typing.cyrillicAlphabetical': 'АБВ',
  'typing.cyrillicPhone': 'ЙЦУКЕН',
  'typing.latinAlphabetical': 'ABC',
  'typing.latinPhone': 'QWERTY',
  'typing.cyrillic': 'Кирилл хәрефләре',
  'typing.latin': 'Латин хәрефләре',
};
