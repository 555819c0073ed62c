/** The attract loop's built-in slides in Russian: what the kiosk can do, one slide per journey. */
export const attract = {
  'attract.title': 'Здесь можно',
  'attract.ticket': 'Взять талон в очередь',
  'attract.booking': 'Отметиться, если вы записаны',
  'attract.status': 'Узнать статус заявления',
  'attract.pay': 'Оплатить госпошлину картой',
} as const;
