import type { PartMessages } from '../../catalog';
import type { attract as ru } from '../ru/attract';

export const attract: PartMessages<typeof ru> = {
  'attract.title': 'Монда мөмкин',
  'attract.ticket': 'Чиратка талон алырга',
  'attract.booking': 'Язылган булсагыз, килүегезне билгеләргә',
  'attract.status': 'Гариза статусын белергә',
  'attract.pay': 'Дәүләт пошлинасын карта белән түләргә',
};
