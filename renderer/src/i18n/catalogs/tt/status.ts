import type { PartMessages } from '../../catalog';
import type { status as ru } from '../ru/status';

export const status: PartMessages<typeof ru> = {
  'status.problem.notFound.title': 'Гариза табылмады',
  'status.problem.notFound.message':
    'Мондый номерлы гариза юк. Номерны расписка белән чагыштырып, тагын бер тапкыр җыегыз. Номер дөрес булса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.problem.editNumber': 'Номерны төзәтү',
  'status.problem.dateMismatch.title': 'Дата туры килмәде',
  'status.problem.dateMismatch.message':
    'Тапшыру датасы бу номерлы гаризага туры килми. Номерны һәм тапшыру датасын расписка белән чагыштырып, датаны тагын бер тапкыр кертегез. Барып чыкмаса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.problem.dateMismatch.action': 'Датаны яңадан кертү',
  'status.problem.phoneMismatch.title': 'Саннар туры килмәде',
  'status.problem.phoneMismatch.message':
    'Бу саннар мондый номерлы гаризага туры килми. Номерны расписка белән чагыштырыгыз һәм үзәктә күрсәткән телефоныгызның соңгы 4 санын кертегез. Барып чыкмаса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.problem.phoneMismatch.action': 'Саннарны яңадан кертү',
  'status.problem.invalidNumber.title': 'Номер дөрес җыелмаган',
  'status.problem.invalidNumber.message':
    'Мондый гариза номеры булмый. Номерны расписка белән чагыштырып, тагын бер тапкыр җыегыз. Барып чыкмаса, үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.problem.unreachable.title': 'Хәзер элемтә юк',
  'status.problem.unreachable.message':
    'Терминал хәзер статусны белә алмый: гаризалар базасы белән элемтә юк. Берничә минуттан тагын бер тапкыр тырышып карагыз яки гариза турында үзәк хезмәткәреннән сорагыз.',
  'status.problem.rateLimited.title': 'Бераз көтегез',
  'status.problem.rateLimited.message':
    'Статусны бик еш тикшерделәр. Берничә минут көтеп, тагын бер тапкыр тырышып карагыз яки гариза турында үзәк хезмәткәреннән сорагыз.',
  'status.problem.other.title': 'Статусны белеп булмады',
  'status.problem.other.message':
    'Тагын бер тапкыр тырышып карагыз. Барып чыкмаса, гариза турында үзәк хезмәткәреннән сорагыз.',
  'status.slip.paperOut':
    'Принтерда кәгазь бетте, бит басылмады. Җавапны язып алыгыз яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.slip.coverOpen':
    'Принтерның капкачы ачык, бит басылмады. Җавапны язып алыгыз яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.slip.printerUnavailable':
    'Принтер хәзер эшләми. Җавапны язып алыгыз яки үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.slip.timeout':
    'Басу тәмамланмады. Бит принтердан чыкмаганмы, карагыз. Булмаса, тагын бер тапкыр тырышып карагыз.',
  'status.slip.nothingToPrint': 'Җавап терминалдан инде бетерелгән. Аны басу өчен, гаризаны яңадан табыгыз.',
  'status.slip.other': 'Бит басылмады. Тагын бер тапкыр тырышып карагыз яки җавапны язып алыгыз.',
  'status.slip.printerDown': 'Принтер хәзер эшләми, җавапны басып булмый. Зинһар, аны язып алыгыз.',
  'status.slip.printed': 'Бит басылды. Аны принтердан алыгыз.',
  'status.slip.printedInRussian': 'Бит рус телендә басылды: бу принтер татар хәрефләрен баса алмый.',
  'status.slip.print': 'Бастыру',
  'status.slip.printing': 'Басыла…',
  'status.scanRejected':
    'Бу код гариза номерына охшамаган. Сканерга расписканың штрихкодын якын китерегез яки номерны экранда җыегыз.',
  'status.receiptHint':
    'Гариза номеры сезгә үзәктә бирелгән расписканың өске өлешендә басылган. Аны түбәндә җыегыз яки расписканы штрихкоды белән сканерга якын китерегез.',
  'status.factor.dateQuestion': 'Гаризаны тапшырган датаны кертегез. Ул расписката басылган.',
  'status.factor.phoneQuestion': 'Гаризада күрсәткән телефоныгызның соңгы 4 санын кертегез.',
  'status.factor.dateLabel': 'Тапшыру датасы',
  'status.factor.phoneLabel': 'Телефон саннары',
  'status.factor.title': 'Гариза сезнеке икәнен раслагыз',
  'status.factor.choose': 'Ничек раслау',
  'status.factor.invalidDate': 'Мондый дата булмый. Датаны расписка белән чагыштырып төзәтегез.',
  'status.factor.dateMask': 'ККААЕЕЕЕ',
  'status.factor.check': 'Тикшерү',
  'status.entry.title': 'Гариза статусын белү',
  'status.entry.placeholder': 'Номерны җыегыз',
  'status.entry.typed': 'Җыелган номер',
  'status.entry.find': 'Табу',
  'status.entry.incomplete': 'Номерны распискадагыча тулысынча җыегыз.',
  'status.entry.modes': 'Нинди төймәләр күрсәтергә',
  'status.entry.digitsOnly': 'Саннар гына',
  'status.searching': 'Гаризаны эзлибез…',
  'status.result.title': 'Гаризагыз буенча җавап',
  'status.result.application': 'Гариза',
  'status.result.service': 'Хезмәт',
  'status.result.filed': 'Тапшырылган',
  'status.result.where': 'Кайда алырга',
  'status.result.another': 'Башка гариза',
  'status.answer.accepted': 'Гариза кабул ителде',
  'status.answer.in_progress': 'Гариза карала',
  'status.answer.awaiting_applicant': 'Сезнең катнашу кирәк',
  'status.answer.ready_for_pickup': 'Документлар әзер',
  'status.answer.issued': 'Документлар инде бирелгән',
  'status.answer.refused': 'Хезмәт күрсәтүдән баш тартылды',
  'status.answer.returned_to_agency': 'Документлар ведомствога кире кайтарылды',
  'status.answer.cancelled': 'Гариза юкка чыгарылды',
  'status.where.office': '{office}',
  'status.where.window': '{window} номерлы тәрәзә',
  'status.where.staff': 'үзәк хезмәткәре',
  'status.next.acceptedBy': 'Гариза ведомствога тапшырылды. Әзер булуның көтелгән вакыты — {date}.',
  'status.next.accepted': 'Гариза ведомствога тапшырылды. Статусны соңрак тикшерегез.',
  'status.next.inProgressBy': 'Документлар якынча {date} әзер булачак. Әлегә килергә кирәкми.',
  'status.next.inProgress': 'Документлар әле әзерләнә. Әлегә килергә кирәкми, статусны соңрак тикшерегез.',
  'status.next.awaiting': 'Ведомствога сездән мәгълүмат кирәк. Паспорт белән килегез: {where}.',
  'status.next.readyUntil': 'Паспорт белән {date} көнгә кадәр килегез: {where}.',
  'status.next.ready': 'Паспорт белән килегез: {where}.',
  'status.next.issued': 'Бу гариза буенча документлар инде алынган. Бернәрсә дә эшләргә кирәкми.',
  'status.next.refused': 'Карарны алу һәм сәбәбен белү өчен, паспорт белән килегез: {where}.',
  'status.next.returned':
    'Саклау вакыты узды, һәм документлар ведомствога кире кайтарылды. Үзәк хезмәткәренә мөрәҗәгать итегез.',
  'status.next.cancelled': 'Гаризаны сез юкка чыгармаган булсагыз, үзәк хезмәткәренә мөрәҗәгать итегез.',
};
