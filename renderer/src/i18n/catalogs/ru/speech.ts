/** Voice guidance's own words in Russian (what is spoken besides the screen, and its controls). */
export const speech = {
  'speech.on': 'Озвучивание включено. Первое касание называет кнопку, второе касание её нажимает.',
  'speech.stop': 'Стоп',
  'speech.repeat': 'Повторить',
  'speech.consent': 'Озвучить личное',
  'speech.privateWithheld':
    'Здесь есть ваши личные сведения. Чтобы услышать их, подключите наушники или нажмите «Озвучить личное».',
  'speech.unavailable': 'недоступно',
} as const;
