import type { PartMessages } from '../../catalog';
import type { typing as ru } from '../ru/typing';

export const typing: PartMessages<typeof ru> = {
  'typing.layouts': 'Letter layout',
  'typing.cyrillicAlphabetical': 'АБВ',
  'typing.cyrillicPhone': 'ЙЦУКЕН',
  'typing.latinAlphabetical': 'ABC',
  'typing.latinPhone': 'QWERTY',
  'typing.cyrillic': 'Russian letters',
  'typing.latin': 'Latin letters',
};
