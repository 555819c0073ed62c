import type { PartMessages } from '../../catalog';
import type { access as ru } from '../ru/access';

export const access: PartMessages<typeof ru> = {
  'access.bar': 'Уңайлык һәм ярдәм',
  'access.speech': 'Тавыш белән',
  'access.speechOff': 'Тавышны сүндерү',
  'access.larger': 'Эрерәк',
  'access.smaller': 'Гадәти зурлык',
  'access.contrast': 'Контраст',
  'access.low': 'Түбәнрәк',
  'access.language': 'Тел',
  'access.help': 'Хезмәткәрне чакыру',
};
