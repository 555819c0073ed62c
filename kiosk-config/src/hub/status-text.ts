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

/** The plain-Russian name of each status, as a headline. */
export const STATUS_HEADLINES: Readonly<Record<ApplicationStatus, string>> = {
  accepted: 'Заявление принято',
  in_progress: 'Заявление рассматривается',
  awaiting_applicant: 'Нужно ваше участие',
  ready_for_pickup: 'Документы готовы',
  issued: 'Документы уже выданы',
  refused: 'В услуге отказано',
  returned_to_agency: 'Документы возвращены в ведомство',
  cancelled: 'Заявление отменено',
};

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
 * Maps an application's status view to its headline and next step.
 *
 * Pure and total: every status has a sentence, optional fields only refine it (a window, a
 * date, another office), so the screen never shows an empty line.
 */
export function describeApplicationStatus(view: ApplicationStatusView, options: StatusTextOptions = {}): StatusText {
  const headline = STATUS_HEADLINES[view.status];
  const elsewhere = options.hereOfficeId !== undefined && view.office.id !== options.hereOfficeId;
  // Where to go: a window here, or the other office by name (and address when known).
  const where = elsewhere
    ? `в ${officeNameWithAddress(view.office.name, view.office.address)}`
    : view.window
      ? `в окно ${view.window}`
      : 'к сотруднику центра';
  const expected = view.expectedOn ? formatRuDate(view.expectedOn) : undefined;

  switch (view.status) {
    case 'accepted':
      return {
        headline,
        nextStep: expected
          ? `Заявление передано в ведомство. Ожидаемый срок готовности — ${expected}.`
          : 'Заявление передано в ведомство. Проверьте статус позже.',
      };
    case 'in_progress':
      return {
        headline,
        nextStep: expected
          ? `Документы будут готовы ориентировочно ${expected}. Приходить пока не нужно.`
          : 'Документы ещё готовятся. Приходить пока не нужно, проверьте статус позже.',
      };
    case 'awaiting_applicant':
      return { headline, nextStep: `Ведомству нужны сведения от вас. Подойдите ${where} с паспортом.` };
    case 'ready_for_pickup':
      return {
        headline,
        nextStep: view.storageUntil
          ? `Подойдите ${where} с паспортом до ${formatRuDate(view.storageUntil)}.`
          : `Подойдите ${where} с паспортом.`,
      };
    case 'issued':
      return { headline, nextStep: 'Документы по этому заявлению уже получены. Ничего делать не нужно.' };
    case 'refused':
      return { headline, nextStep: `Чтобы получить решение и узнать причину, подойдите ${where} с паспортом.` };
    case 'returned_to_agency':
      return {
        headline,
        nextStep: 'Срок хранения истёк, и документы вернули в ведомство. Обратитесь к сотруднику центра.',
      };
    case 'cancelled':
      return { headline, nextStep: 'Если вы не отменяли заявление, обратитесь к сотруднику центра.' };
  }
}
