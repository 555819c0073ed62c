import type { PartMessages } from '../../catalog';
import type { home as ru } from '../ru/home';

export const home: PartMessages<typeof ru> = {
  'home.title': 'Исәнмесез! Сез нәрсә эшләргә телисез?',
  'home.help': 'Берәр нәрсә аңлашылмаса, сезгә үзәк хезмәткәре ярдәм итәр.',
  'home.ticket.label': 'Талон алу',
  'home.ticket.hint': 'Белгечкә чиратка басу',
  'home.booking.label': 'Мин алдан язылдым',
  'home.booking.hint': 'Алдан язылу буенча килдегез',
  'home.status.label': 'Гариза статусын белү',
  'home.status.hint': 'Документларыгыз әзерме',
  'home.pay.label': 'Дәүләт пошлинасын түләү',
  'home.pay.hint': 'Банк картасы белән',
  'home.printerWarning': 'Талон принтеры вакытлыча эшләми. Талонны үзәк хезмәткәреннән алырга мөмкин.',
  'home.announcements.title': 'Белдерүләр',
  'home.announcements.more': 'Тагын күрсәтү',
  'attract.touchToStart': 'Башлау өчен экранга кагылыгыз',
  'home.closed': 'Офис хәзер ябык.',
  'home.closedUntilTomorrow': 'Бүген офис инде ябылды. Ачылу вакыты: {when}.',
  'home.closedUntil': 'Офис хәзер ябык. Ачылу вакыты: {when}.',
  'home.bookingOnly': 'Хәзер алдан язылу буенча гына кабул итәләр.',
};
