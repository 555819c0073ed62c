import type { ScreenLanguage, WaitEstimate } from '../../../kiosk-config/src/index';

/**
 * The words a queue ticket prints around the office's, the service's and the number's (those come
 * from the hub's catalogue in Russian and stay Russian). One table a language, on the main side:
 * the renderer's catalogs are not in this process, and a ticket must not wait for one to load.
 */
export interface TicketWords {
  /** The heading over the number. */
  ticket: string;
  /** Issued while the hub could not be reached. */
  offlineMark: string;
  /** A booked visitor's ticket: called before walk-ins. */
  bookingMark: string;
  /** `HH:MM` of the booked slot. */
  slotTime: (time: string) => string;
  /** An offline ticket cannot know the wait. */
  waitUnknown: string;
  peopleAhead: (people: number) => string;
  /** The hub's estimate, `minMinutes` to `maxMinutes`. */
  wait: (wait: WaitEstimate) => string;
  waitForCall: string;
  /** The line under the QR code of the follow page. */
  followLine: string;
  /** The heading of the documents list. */
  bring: string;
  /** The service's name when a checked-in booking's service is not in the catalogue. */
  bookedService: string;
}

/** `10–20` minutes, or `15` when the range is one value. */
function minutes(wait: WaitEstimate): string {
  return wait.minMinutes === wait.maxMinutes ? `${wait.minMinutes}` : `${wait.minMinutes}–${wait.maxMinutes}`;
}

/** The ticket's words in each screen language (which one prints: `printedLanguage`, `receipt-paper.ts`). */
export const TICKET_WORDS: Readonly<Record<ScreenLanguage, TicketWords>> = {
  ru: {
    ticket: 'ТАЛОН',
    offlineMark: 'ВЫДАН БЕЗ СВЯЗИ С СЕРВЕРОМ',
    bookingMark: 'ПО ЗАПИСИ',
    slotTime: (time) => `Время записи: ${time}`,
    waitUnknown: 'Время ожидания неизвестно',
    peopleAhead: (people) => `Перед вами: ${people} чел.`,
    wait: (wait) => `Ожидание: примерно ${minutes(wait)} мин`,
    waitForCall: 'Ожидайте вызова на табло',
    followLine: 'Следите за очередью с телефона',
    bring: 'Возьмите с собой:',
    bookedService: 'Приём по записи',
  },
  en: {
    ticket: 'TICKET',
    offlineMark: 'ISSUED WITHOUT THE SERVER',
    bookingMark: 'BY APPOINTMENT',
    slotTime: (time) => `Appointment at ${time}`,
    waitUnknown: 'Waiting time unknown',
    peopleAhead: (people) => `People ahead of you: ${people}`,
    wait: (wait) => `Wait: about ${minutes(wait)} min`,
    waitForCall: 'Wait for your number on the board',
    followLine: 'Follow the queue on your phone',
    bring: 'Bring with you:',
    bookedService: 'Appointment',
  },
  tt: {
    ticket: 'ТАЛОН',
    offlineMark: 'СЕРВЕР БЕЛӘН ЭЛЕМТӘСЕЗ БИРЕЛДЕ',
    bookingMark: 'АЛДАН ЯЗЫЛУ БУЕНЧА',
    slotTime: (time) => `Язылу вакыты: ${time}`,
    waitUnknown: 'Көтү вакыты билгесез',
    peopleAhead: (people) => `Сездән алда: ${people} кеше`,
    wait: (wait) => `Көтү: якынча ${minutes(wait)} мин`,
    waitForCall: 'Таблода чакыруны көтегез',
    followLine: 'Чиратны телефоннан күзәтегез',
    bring: 'Үзегез белән алыгыз:',
    bookedService: 'Алдан язылу буенча кабул итү',
  },
};
