import type { ApplicationStatus, ApplicationStatusView } from './hub-api';

/**
 * What an application's status means to a visitor, in plain Russian: one short headline and
 * one or two sentences saying what to do next.
 *
 * Portable on purpose: the status screen (renderer) and the printed status slip (main side)
 * say the same words, so a visitor who reads the screen and then the slip reads one story.
 */
export interface StatusText {
  /** A short heading without a final period, e.g. `Документы готовы`. */
  headline: string;
  /** What to do next, full sentences, e.g. `Подойдите в окно 2 с паспортом до 15.12.2026.` */
  nextStep: string;
}

/** Options of `describeApplicationStatus`. */
export interface StatusTextOptions {
  /**
   * The office of this kiosk: when the application's office is another one, the sentence names
   * where to go instead of sending the visitor to a window here.
   */
  hereOfficeId?: string;
}

/** `2026-12-15` → `15.12.2026`, the way dates are written in Russia; other text is returned as is. */
export function formatRuDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : isoDate;
}

/** Lower case, single spaces: how a name and an address are compared. */
function comparable(text: string): string {
  return text.toLocaleLowerCase('ru-RU').replace(/\s+/gu, ' ').trim();
}

/** Whether `part` occurs in `text` as whole words (not «Сосновка» inside «Сосновкаево»). */
function containsWords(text: string, part: string): boolean {
  if (part === '') return true;
  const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + part.length])) return true;
  }
  return false;
}

/**
 * An office by name, with its address in brackets when known. Offices are often named after
 * their settlement («МФЦ …, пгт Сосновка») and their addresses start with it («пгт Сосновка,
 * ул. Лесная, д. 1»): the address's leading parts that the name already says are left out.
 */
export function officeNameWithAddress(name: string, address: string | undefined): string {
  if (address === undefined) return name;
  const parts = address.split(',');
  const nameText = comparable(name);
  let first = 0;
  while (first < parts.length && containsWords(nameText, comparable(parts[first] ?? ''))) first += 1;
  const rest = parts.slice(first).join(',').trim();
  return rest === '' ? name : `${name} (${rest})`;
}

/**
 * The sentences of an application's status in one language: the headline of each status, where
 * to go, and the next step, each sentence taking the facts it names (a date is `15.12.2026`).
 */
export interface StatusSentences {
  headlines: Readonly<Record<ApplicationStatus, string>>;
  where: { office: (office: string) => string; window: (window: string) => string; staff: string };
  next: {
    acceptedBy: (date: string) => string;
    accepted: string;
    inProgressBy: (date: string) => string;
    inProgress: string;
    awaiting: (where: string) => string;
    readyUntil: (where: string, date: string) => string;
    ready: (where: string) => string;
    issued: string;
    refused: (where: string) => string;
    returned: string;
    cancelled: string;
  };
}

/** The plain-Russian sentences: the screen's Russian catalog says the same (a test holds it to them). */
export const RUSSIAN_STATUS_SENTENCES: StatusSentences = {
  headlines: {
    accepted: 'Заявление принято',
    in_progress: 'Заявление рассматривается',
    awaiting_applicant: 'Нужно ваше участие',
    ready_for_pickup: 'Документы готовы',
    issued: 'Документы уже выданы',
    refused: 'В услуге отказано',
    returned_to_agency: 'Документы возвращены в ведомство',
    cancelled: 'Заявление отменено',
  },
  where: { office: (office) => `в ${office}`, window: (window) => `в окно ${window}`, staff: 'к сотруднику центра' },
  next: {
    acceptedBy: (date) => `Заявление передано в ведомство. Ожидаемый срок готовности — ${date}.`,
    accepted: 'Заявление передано в ведомство. Проверьте статус позже.',
    inProgressBy: (date) => `Документы будут готовы ориентировочно ${date}. Приходить пока не нужно.`,
    inProgress: 'Документы ещё готовятся. Приходить пока не нужно, проверьте статус позже.',
    awaiting: (where) => `Ведомству нужны сведения от вас. Подойдите ${where} с паспортом.`,
    readyUntil: (where, date) => `Подойдите ${where} с паспортом до ${date}.`,
    ready: (where) => `Подойдите ${where} с паспортом.`,
    issued: 'Документы по этому заявлению уже получены. Ничего делать не нужно.',
    refused: (where) => `Чтобы получить решение и узнать причину, подойдите ${where} с паспортом.`,
    returned: 'Срок хранения истёк, и документы вернули в ведомство. Обратитесь к сотруднику центра.',
    cancelled: 'Если вы не отменяли заявление, обратитесь к сотруднику центра.',
  },
};

/**
 * Maps an application's status view to its headline and next step, in plain Russian unless
 * another language's `sentences` are given (the printed slip in the visitor's language).
 *
 * Pure and total: every status has a sentence, optional fields only refine it (a window, a
 * date, another office), so the screen never shows an empty line.
 */
export function describeApplicationStatus(
  view: ApplicationStatusView,
  options: StatusTextOptions = {},
  sentences: StatusSentences = RUSSIAN_STATUS_SENTENCES,
): StatusText {
  const headline = sentences.headlines[view.status];
  const elsewhere = options.hereOfficeId !== undefined && view.office.id !== options.hereOfficeId;
  // Where to go: a window here, or the other office by name (and address when known).
  const where = elsewhere
    ? sentences.where.office(officeNameWithAddress(view.office.name, view.office.address))
    : view.window
      ? sentences.where.window(view.window)
      : sentences.where.staff;
  const expected = view.expectedOn ? formatRuDate(view.expectedOn) : undefined;
  const { next } = sentences;
  const say = (nextStep: string): StatusText => ({ headline, nextStep });

  switch (view.status) {
    case 'accepted':
      return say(expected ? next.acceptedBy(expected) : next.accepted);
    case 'in_progress':
      return say(expected ? next.inProgressBy(expected) : next.inProgress);
    case 'awaiting_applicant':
      return say(next.awaiting(where));
    case 'ready_for_pickup':
      return say(view.storageUntil ? next.readyUntil(where, formatRuDate(view.storageUntil)) : next.ready(where));
    case 'issued':
      return say(next.issued);
    case 'refused':
      return say(next.refused(where));
    case 'returned_to_agency':
      return say(next.returned);
    case 'cancelled':
      return say(next.cancelled);
  }
}
