/**
 * The home screen's words (a content release may override these by key: docs/content.md),
 * the office's state on it and the attract loop's line.
 */
export const home = {
  'home.title': 'Здравствуйте! Что вы хотите сделать?',
  'home.help': 'Если что-то непонятно, вам поможет сотрудник центра.',
  'home.ticket.label': 'Взять талон',
  'home.ticket.hint': 'Встать в очередь к специалисту',
  'home.booking.label': 'У меня запись',
  'home.booking.hint': 'Пришли по предварительной записи',
  'home.status.label': 'Узнать статус заявления',
  'home.status.hint': 'Готовы ли ваши документы',
  'home.pay.label': 'Оплатить госпошлину',
  'home.pay.hint': 'Банковской картой',
  'home.printerWarning': 'Принтер талонов временно не работает. Талон можно получить у сотрудника центра.',
  'home.announcements.title': 'Объявления',
  'home.announcements.more': 'Показать ещё',
  'attract.touchToStart': 'Коснитесь экрана, чтобы начать',
  'home.closed': 'Офис сейчас закрыт.',
  'home.closedUntilTomorrow': 'Сегодня офис уже закрыт. Откроется {when}.',
  'home.closedUntil': 'Офис сейчас закрыт. Откроется {when}.',
  'home.bookingOnly': 'Сейчас принимают только по предварительной записи.',
} as const;
