/** The letter keys' words in Russian (`ui/letter-pad.tsx`). */
export const typing = {
  'typing.layouts': 'Расположение букв',
  'typing.cyrillicAlphabetical': 'АБВ',
  'typing.cyrillicPhone': 'ЙЦУКЕН',
  'typing.latinAlphabetical': 'ABC',
  'typing.latinPhone': 'QWERTY',
  'typing.cyrillic': 'Русские буквы',
  'typing.latin': 'Латинские буквы',
} as const;
