/** The access bar's words in Russian: the catalog every other language is checked against. */
export const access = {
  'access.bar': 'Удобство и помощь',
  'access.speech': 'Озвучить',
  'access.speechOff': 'Выключить звук',
  'access.larger': 'Крупнее',
  'access.smaller': 'Обычный размер',
  'access.contrast': 'Контраст',
  'access.low': 'Ниже',
  'access.language': 'Язык',
  'access.help': 'Позвать сотрудника',
} as const;
