import type { PartMessages } from '../../catalog';
import type { ticket as ru } from '../ru/ticket';

export const ticket: PartMessages<typeof ru> = {
  'ticket.error.paperOut': 'Принтерда кәгазь бетте. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.coverOpen':
    'Принтерның капкачы ачык, шуңа талон басылмады. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.printerUnavailable':
    'Талон принтеры хәзер эшләми. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез. Сезне чиратка язарлар.',
  'ticket.error.printerError':
    'Принтер талонны баса алмады. Тагын бер тапкыр тырышып карагыз. Барып чыкмаса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.timeout':
    'Талон бик озак басыла. Принтердан чыкмаганмы, карагыз. Талон булмаса, тагын бер тапкыр тырышып карагыз яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.unknownService':
    'Бу хезмәткә хәзер монда талон алып булмый. Башка хезмәтне сайлагыз яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.officeClosed':
    'Бу хезмәт буенча хәзер кабул итү бармый, шуңа талон бирелмәде. Эш вакытында килегез яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.bookingRequired':
    'Бу хезмәткә алдан язылу буенча гына кабул итәләр. Язылган булсагыз, «Мин алдан язылдым» төймәсенә басыгыз. Язылырга үзәк хезмәткәрендә мөмкин.',
  'ticket.error.numbersExhausted': 'Бу хезмәткә бүгенгә талоннар бетте. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.diskFull': 'Киоск вакытлыча талон бирми. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.rateLimited':
    'Терминал хәзер талон бирә алмый. Берничә минут көтеп, тагын бер тапкыр тырышып карагыз яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.error.other': 'Талон алып булмады. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.errorTitle.timeout': 'Талон басу тәмамланмады',
  'ticket.errorTitle.refused': 'Талон бирелмәде',
  'ticket.errorTitle.notPrinted': 'Талон басылмады',
  'ticket.printerDown.paperOut':
    'Талон принтерында кәгазь бетте, шуңа монда хәзер талон алып булмый. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез. Сезне чиратка язарлар.',
  'ticket.printerDown.coverOpen':
    'Талон принтерының капкачы ачык, шуңа монда хәзер талон алып булмый. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез. Сезне чиратка язарлар.',
  'ticket.printerDown.other':
    'Талон принтеры вакытлыча эшләми, шуңа монда хәзер талон алып булмый. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез. Сезне чиратка язарлар.',
  'ticket.nextInLine': 'Сез чираттагы',
  'ticket.peopleAhead': 'Сездән алда: {people}',
  'ticket.wait': 'Якынча көтү вакыты: {range}',
  'ticket.wait.overHour': 'бер сәгатьтән артык',
  'ticket.wait.underMinute': 'бер минуттан да аз',
  'ticket.wait.about': 'якынча {count} {count:минут}',
  'ticket.wait.upTo': '{count} {count:минут}ка кадәр',
  'ticket.wait.range': '{low}–{count} {count:минут}',
  'ticket.unconfirmedNote': 'Талон чыкмаса, бу номерны хезмәткәргә әйтегез',
  'ticket.offlineNote': 'Сервер белән элемтә юк. Талон гамәлдә, табло буенча күзәтеп торыгыз.',
  'ticket.byBooking': 'Алдан язылу буенча',
  'ticket.byBookingAt': 'Алдан язылу буенча, {time}',
  'ticket.serviceClosed': 'Хәзер бу хезмәткә талон бирелми.',
  'ticket.serviceClosedUntilTomorrow': 'Бүген кабул итү тәмамланды. Ачылу вакыты: {when}.',
  'ticket.serviceClosedUntil': 'Хәзер кабул итмиләр. Ачылу вакыты: {when}.',
  'ticket.bookingOnly': 'Алдан язылу буенча гына',
  'ticket.a4Printed': 'Исемлек администратор принтерында басыла. Аны үзәк хезмәткәреннән алыгыз.',
  'ticket.previewReason.printerDown': 'Битләр өчен принтер хәзер эшләми.',
  'ticket.previewReason.other': 'Исемлекне басып булмады.',
  'ticket.previewHint': 'Исемлекне фотога төшерегез яки күчереп языгыз.',
  'ticket.categories.title': 'Нинди мәсьәлә буенча килдегез, сайлагыз',
  'ticket.categories.loading': 'Хезмәтләр исемлеге йөкләнә…',
  'ticket.categories.none': 'Хәзер бу терминалда талон алып булмый. Зинһар, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.categories.failed': 'Хезмәтләр исемлеген йөкләп булмады.',
  'ticket.categories.failedHint':
    'Тагын бер тапкыр тырышып карагыз. Барып чыкмаса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'ticket.services.title': 'Хезмәтне сайлагыз',
  'ticket.services.lead': 'Хезмәтне сайлагыз:',
  'ticket.documents': 'Үзегез белән нәрсә алырга:',
  'ticket.documentsMore': 'һәм тагын {count}',
  'ticket.documentsOf': 'Үзегез белән нәрсә алырга: «{service}»',
  'ticket.confirm.title': '«{service}» хезмәтенә талон алырга?',
  'ticket.confirm.yes': 'Әйе, талон алам',
  'ticket.confirm.a4': 'Документлар исемлеген А4 битендә бастыру',
  'ticket.confirm.a4Sending': 'Басуга җибәрәбез…',
  'ticket.printing': 'Талон басыла…',
  'ticket.issued.title': 'Талонны алыгыз',
  'ticket.issued.titleUnconfirmed': 'Номерыгызны истә калдырыгыз',
  'ticket.issued.number': 'Сезнең номер',
  'ticket.issued.printedInRussian': 'Талон рус телендә басылды: бу принтер татар хәрефләрен баса алмый.',
  'ticket.issued.wait': 'Сезне шушы номер буенча чакырганчы көтегез.',
  'ticket.issued.returnsIn': '{seconds} узгач, экран баш биткә кайта.',
  'ticket.bookingOnly.title': 'Алдан язылу буенча гына',
  'ticket.bookingOnly.lead':
    '«{service}» хезмәтенә алдан язылу буенча гына кабул итәләр. Язылган булсагыз, «Мин алдан язылдым» төймәсенә басыгыз.',
  'ticket.bookingOnly.where': 'Язылырга үзәк хезмәткәрендә яки Дәүләт хезмәтләре порталында мөмкин.',
  'ticket.haveBooking': 'Мин алдан язылдым',
  'ticket.unavailable.title': 'Монда талоннар вакытлыча бирелми',
};
