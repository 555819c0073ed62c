/** What staff read for a kiosk's screen id: where the visitor is, in the words of the kiosk's own headings. */
const SCREEN_NAMES: Readonly<Record<string, string>> = {
  'screen-home': 'главный экран',
  'screen-categories': 'талон: выбор раздела',
  'screen-services': 'талон: выбор услуги',
  'screen-confirm': 'талон: подтверждение',
  'screen-ticket-printing': 'талон: печать',
  'screen-ticket-issued': 'талон выдан',
  'screen-ticket-error': 'талон: ошибка',
  'screen-ticket-unavailable': 'талон: услуга недоступна',
  'screen-documents-preview': 'список документов',
  'screen-booking': 'запись: ввод кода',
  'screen-booking-checking': 'запись: проверка кода',
  'screen-booking-outcome': 'запись: ответ',
  'screen-booking-only': 'услуга только по записи',
  'screen-status': 'статус заявления: ввод номера',
  'screen-second-factor': 'статус заявления: проверочные данные',
  'screen-status-searching': 'статус заявления: поиск',
  'screen-status-result': 'статус заявления: ответ',
  'screen-status-error': 'статус заявления: ошибка',
  'screen-pay': 'оплата госпошлины',
  'screen-pay-fees': 'оплата: выбор пошлины',
  'screen-pay-uin': 'оплата: ввод УИН',
  'screen-pay-uin-checking': 'оплата: проверка УИН',
  'screen-pay-uin-outcome': 'оплата: ответ по УИН',
  'screen-pay-confirm': 'оплата: подтверждение суммы',
  'screen-pay-card': 'оплата картой',
  'screen-pay-result': 'оплата: итог',
};

/** The screen's name for staff (`статус заявления: ввод номера`), or its id for one not named here. */
export function screenNameRu(screen: string): string {
  return SCREEN_NAMES[screen] ?? screen;
}
