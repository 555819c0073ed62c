import type { PartMessages } from '../../catalog';
import type { rating as ru } from '../ru/rating';

export const rating: PartMessages<typeof ru> = {
  'rating.title': 'Хезмәт күрсәтүне бәяләгез',
  'rating.visit': '{number} номерлы талон · {service}',
  'rating.window': '{window} тәрәзә',
  'rating.scoreLegend': 'Сезнең бәя, 1 дән 5 кә кадәр',
  'rating.score1': 'Бик начар',
  'rating.score2': 'Начар',
  'rating.score3': 'Канәгатьләнерлек',
  'rating.score4': 'Яхшы',
  'rating.score5': 'Бик яхшы',
  'rating.reasonsLow': 'Нәрсә ошамады? Билгеләмәскә дә була',
  'rating.reasonsHigh': 'Нәрсә ошады? Билгеләмәскә дә була',
  'rating.reason.service_time': 'Хезмәт күрсәтү вакыты',
  'rating.reason.waiting_time': 'Чиратта көтү вакыты',
  'rating.reason.staff': 'Хезмәткәрнең игътибарлылыгы һәм белеме',
  'rating.reason.comfort': 'Бинадагы шартларның уңайлылыгы',
  'rating.reason.information': 'Хезмәт күрсәтү тәртибе турында мәгълүматның үтемлелеге',
  'rating.send': 'Бәяне җибәрергә',
  'rating.sending': 'Җибәрәбез…',
  'rating.anonymous': 'Бәя исемсез: сезнең турында бернәрсә дә сакланмый.',
  'rating.thanks': 'Бәя өчен рәхмәт!',
  'rating.thanksNote': 'Ул үзәкне яхшыртырга ярдәм итәчәк.',
  'rating.queued': 'Бәя элемтә булгач ук тапшырылачак.',
  'rating.unsent':
    'Бәяне җибәреп булмады. Тагын бер тапкыр тырышып карагыз яки соңрак телефоннан талондагы QR-код буенча бәяләгез.',
  'rating.alreadyRated': 'Бу талон инде бәяләнгән. Рәхмәт!',
  'rating.notYet': 'Хезмәткәр кабул иткәннән соң бәяләргә була.',
  'rating.closed': 'Бу талонны бәяләү вакыты узды.',
  'rating.notFound': 'Талон табылмады.',
};
