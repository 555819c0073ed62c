import type { PartMessages } from '../../catalog';
import type { booking as ru } from '../ru/booking';

export const booking: PartMessages<typeof ru> = {
  'booking.walkIn': 'Гади талон алу',
  'booking.editCode': 'Кодны төзәтү',
  'booking.tooEarly.title': 'Теркәлү әле башланмады',
  'booking.tooEarly.message':
    'Сез иртәрәк килдегез. Язылу вакыты — {slotTime}, теркәлү {opensAt} ачыла. Терминалга шул вакытта килегез.',
  'booking.tooLate.title': 'Язылу вакыты узды',
  'booking.tooLate.message': 'Язылу вакыты {slotTime} узды. Гади талон алып, гомуми чиратта көтәргә мөмкин.',
  'booking.wrongOffice.title': 'Башка офиска язылу',
  'booking.wrongOffice.message':
    'Бу язылу башка офиска: {office}. Билгеләнгән вакытта шунда килегез яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'booking.alreadyUsed.title': 'Талон инде бирелгән',
  'booking.alreadyUsed.message':
    'Бу язылу буенча {ticket} талоны инде бирелгән. Талон югалган булса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'booking.cancelled.title': 'Язылу юкка чыгарылды',
  'booking.cancelled.message':
    'Бу язылу юкка чыгарылды. Гади талон алырга яки үзәк хезмәткәрендә яңадан язылырга мөмкин.',
  'booking.notFound.title': 'Язылу табылмады',
  'booking.notFound.message':
    'Язылу табылмады. Кодны тикшерегез: ул язылуны раслауда басылган. Код дөрес булса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'booking.unreachable.title': 'Хәзер элемтә юк',
  'booking.unreachable.message':
    'Элемтә юк, язылуны тикшереп булмый. Гади талон алыгыз яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'booking.codeInvalid': 'Кодта хата бар, саннарны тикшерегез.',
  'booking.scanRejected':
    'Бу код язылу кодына охшамаган. Сканерга язылуны раслаудагы QR-кодны якын китерегез яки 8 санны җыегыз.',
  'booking.codeHint':
    'Язылу коды — сезгә бирелгән яки җибәрелгән раслаудагы 8 сан. Аны түбәндә җыегыз яки QR-кодны сканерга якын китерегез.',
  'booking.title': 'Мин алдан язылдым',
  'booking.check': 'Язылуны тикшерү',
  'booking.typed': 'Җыелган код',
  'booking.checking.title': 'Язылуны тикшерәбез…',
  'booking.checking.lead': 'Зинһар, көтеп торыгыз. Язылу тәртиптә булса, талонны шунда ук басабыз.',
};
