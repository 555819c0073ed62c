import { RUSSIAN_STATUS_SENTENCES, type ScreenLanguage, type StatusSentences } from '../../../kiosk-config/src/index';

/**
 * The words a status slip prints around the hub's (the service's and office's names stay as the
 * hub has them): its labels, and the status sentences the screen says (`describeApplicationStatus`
 * with this language's sentences; `test/integration/printed-words.test.ts` holds them to the
 * screen's catalogs, so the screen and the slip tell one story in every language).
 */
export interface StatusSlipWords {
  heading: string;
  /** The masked number, e.g. `КУВД-***-***0443`. */
  application: (maskedNumber: string) => string;
  /** Dates as `15.12.2026`. */
  filed: (date: string) => string;
  expected: (date: string) => string;
  /** The office's wall-clock date and time. */
  printedAt: (at: string) => string;
  /** The slip is not an official document (also printed in Russian under another language's). */
  notOfficial: string;
  sentences: StatusSentences;
}

/** The status slip's words in each screen language (which one prints: `printedLanguage`, `receipt-paper.ts`). */
export const STATUS_SLIP_WORDS: Readonly<Record<ScreenLanguage, StatusSlipWords>> = {
  ru: {
    heading: 'СТАТУС ЗАЯВЛЕНИЯ',
    application: (maskedNumber) => `Заявление ${maskedNumber}`,
    filed: (date) => `Подано: ${date}`,
    expected: (date) => `Срок готовности: ${date}`,
    printedAt: (at) => `Справка напечатана ${at}`,
    notOfficial: 'Справка не является официальным документом',
    sentences: RUSSIAN_STATUS_SENTENCES,
  },
  en: {
    heading: 'APPLICATION STATUS',
    application: (maskedNumber) => `Application ${maskedNumber}`,
    filed: (date) => `Filed: ${date}`,
    expected: (date) => `Expected to be ready: ${date}`,
    printedAt: (at) => `Slip printed ${at}`,
    notOfficial: 'This slip is not an official document',
    sentences: {
      headlines: {
        accepted: 'Application accepted',
        in_progress: 'Application under review',
        awaiting_applicant: 'Your action is needed',
        ready_for_pickup: 'Documents ready',
        issued: 'Documents already issued',
        refused: 'The service was refused',
        returned_to_agency: 'Documents returned to the agency',
        cancelled: 'Application cancelled',
      },
      where: {
        office: (office) => `to ${office}`,
        window: (window) => `to window ${window}`,
        staff: 'to a member of staff',
      },
      next: {
        acceptedBy: (date) => `The application has gone to the agency. Expected to be ready by ${date}.`,
        accepted: 'The application has gone to the agency. Check the status later.',
        inProgressBy: (date) => `The documents should be ready around ${date}. There is no need to come yet.`,
        inProgress: 'The documents are still being prepared. There is no need to come yet; check the status later.',
        awaiting: (where) => `The agency needs information from you. Please come ${where} with your passport.`,
        readyUntil: (where, date) => `Please come ${where} with your passport by ${date}.`,
        ready: (where) => `Please come ${where} with your passport.`,
        issued: 'The documents for this application have already been collected. Nothing more to do.',
        refused: (where) => `To receive the decision and learn the reason, come ${where} with your passport.`,
        returned:
          'The storage period has ended and the documents went back to the agency. Please ask a member of staff.',
        cancelled: 'If you did not cancel the application, please ask a member of staff.',
      },
    },
  },
  tt: {
    heading: 'ГАРИЗА СТАТУСЫ',
    application: (maskedNumber) => `Гариза ${maskedNumber}`,
    filed: (date) => `Тапшырылган: ${date}`,
    expected: (date) => `Әзер булу вакыты: ${date}`,
    printedAt: (at) => `Белешмә басылды: ${at}`,
    notOfficial: 'Белешмә рәсми документ түгел',
    sentences: {
      headlines: {
        accepted: 'Гариза кабул ителде',
        in_progress: 'Гариза карала',
        awaiting_applicant: 'Сезнең катнашу кирәк',
        ready_for_pickup: 'Документлар әзер',
        issued: 'Документлар инде бирелгән',
        refused: 'Хезмәт күрсәтүдән баш тартылды',
        returned_to_agency: 'Документлар ведомствога кире кайтарылды',
        cancelled: 'Гариза юкка чыгарылды',
      },
      where: { office: (office) => office, window: (window) => `${window} номерлы тәрәзә`, staff: 'үзәк хезмәткәре' },
      next: {
        acceptedBy: (date) => `Гариза ведомствога тапшырылды. Әзер булуның көтелгән вакыты — ${date}.`,
        accepted: 'Гариза ведомствога тапшырылды. Статусны соңрак тикшерегез.',
        inProgressBy: (date) => `Документлар якынча ${date} әзер булачак. Әлегә килергә кирәкми.`,
        inProgress: 'Документлар әле әзерләнә. Әлегә килергә кирәкми, статусны соңрак тикшерегез.',
        awaiting: (where) => `Ведомствога сездән мәгълүмат кирәк. Паспорт белән килегез: ${where}.`,
        readyUntil: (where, date) => `Паспорт белән ${date} көнгә кадәр килегез: ${where}.`,
        ready: (where) => `Паспорт белән килегез: ${where}.`,
        issued: 'Бу гариза буенча документлар инде алынган. Бернәрсә дә эшләргә кирәкми.',
        refused: (where) => `Карарны алу һәм сәбәбен белү өчен, паспорт белән килегез: ${where}.`,
        returned:
          'Саклау вакыты узды, һәм документлар ведомствога кире кайтарылды. Үзәк хезмәткәренә мөрәҗәгать итегез.',
        cancelled: 'Гаризаны сез юкка чыгармаган булсагыз, үзәк хезмәткәренә мөрәҗәгать итегез.',
      },
    },
  },
};
