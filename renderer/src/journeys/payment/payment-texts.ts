import type { ErrorCode, PaymentStage } from '../../../../kiosk-config/src/index';
import type { ProblemTexts } from '../../ui/problem-texts';
import { pluralRu } from '../../ui/texts';
import { zonedFormat } from '../../ui/zoned-format';
import type { PayResult, UinEntryProblem, UinOutcome } from './payment-journey';

/**
 * Every sentence the visitor may read on the payment screens («Оплатить госпошлину»), in one place.
 *
 * Rules as in `texts.ts`: plain words, no codes or technical terms; say what happened and what
 * to do next. Visitors here are wary of paying a machine: every end that took no money says
 * «Деньги не списаны», and only the approved end says the money was paid.
 */

/** Where else a fee can be paid, said the same way everywhere. */
const payElsewhere = 'в окне у сотрудника центра или в банке';

/** Over the choice: the terminal takes cards only. */
export const payCardOnlyLine = 'Оплата только банковской картой. Наличные здесь не принимаются.';

/** The choice screen while the card terminal cannot take a payment (`terminalReady` false, or no answer). */
export const terminalUnavailableMessage = `Оплата картой на этом терминале сейчас недоступна. Госпошлину можно оплатить ${payElsewhere}.`;

/** The choice's two ways, each with the hint under it. */
export const payChoice = {
  list: { label: 'Выбрать из списка', hint: 'Госпошлины за услуги нашего центра' },
  uin: { label: 'У меня есть квитанция с УИН', hint: 'Наберите номер или поднесите QR-код квитанции к сканеру' },
} as const;

/** Over the УИН keypad: what the number is, where it is, and the two ways to give it. */
export const uinHint =
  'УИН — это номер из 20 или 25 цифр в квитанции, рядом со словом «УИН». Наберите его ниже или поднесите QR-код квитанции к сканеру.';

/** Under a partly typed УИН: how many digits are there and how many a УИН has. */
export function uinCountLine(typed: number): string {
  return `Набрано ${typed} ${pluralRu(typed, ['цифра', 'цифры', 'цифр'])}. В номере УИН 20 или 25 цифр.`;
}

/** The line under the УИН keypad. */
export function uinProblemMessage(problem: UinEntryProblem): string {
  return problem === 'invalid_typed'
    ? 'В номере ошибка: проверьте цифры.'
    : 'В этом коде нет номера квитанции. Поднесите к сканеру QR-код с квитанции или наберите УИН цифрами.';
}

/** What the visitor can do after a УИН lookup that found nothing to pay. */
export type UinRemedy = 'edit' | 'to-list' | 'retry' | 'done';

/** The outcome screen's texts: a heading, the calm sentence with the next step, and the button. */
export type UinOutcomeTexts = ProblemTexts<UinRemedy>;

/**
 * The calm explanation of a УИН lookup that found nothing to pay, with the next step.
 *
 * @param listOffered whether the fees list can be offered instead (there are fees and the terminal is ready)
 */
export function uinOutcomeTexts(outcome: UinOutcome, listOffered: boolean): UinOutcomeTexts {
  switch (outcome) {
    case 'not_found':
      return {
        title: 'Квитанция не найдена',
        message: `Начисление с таким УИН не найдено. Проверьте цифры. Если всё верно, оплатите ${payElsewhere}.`,
        remedy: 'edit',
        action: 'Исправить номер',
      };
    case 'already_paid':
      return {
        title: 'Уже оплачено',
        message: 'Эта квитанция уже оплачена. Платить ещё раз не нужно.',
        remedy: 'done',
        action: 'Понятно',
      };
    case 'hub_unreachable':
      return {
        title: 'Сейчас нет связи',
        message: 'Нет связи, проверить квитанцию нельзя. Выберите госпошлину из списка или оплатите в окне.',
        ...(listOffered ? { remedy: 'to-list', action: 'Выбрать из списка' } : { remedy: 'done', action: 'Понятно' }),
      };
    case 'fault':
      return {
        title: 'Квитанцию не проверили',
        message: 'Не получилось проверить квитанцию. Попробуйте ещё раз.',
        remedy: 'retry',
        action: 'Попробовать ещё раз',
      };
  }
}

/** The card screen's line for each of the terminal's stages, and what to do meanwhile. */
export function stageTexts(stage: PaymentStage): { lead: string; hint: string } {
  switch (stage) {
    case 'connecting':
      return { lead: 'Подключаемся к терминалу оплаты…', hint: 'Подождите несколько секунд.' };
    case 'present_card':
      return {
        lead: 'Приложите или вставьте карту',
        hint: 'Приложите карту к терминалу оплаты или вставьте её в терминал.',
      };
    case 'enter_pin':
      return {
        lead: 'Введите ПИН-код на терминале',
        hint: 'Прикройте клавиатуру терминала рукой. Никому не называйте ПИН-код.',
      };
    case 'processing':
      return { lead: 'Ждём ответа банка…', hint: 'Это может занять около минуты.' };
    case 'remove_card':
      return { lead: 'Заберите карту', hint: 'Не оставляйте карту в терминале.' };
    case 'printing':
      return { lead: 'Печатаем чек…', hint: 'Чек выйдет из принтера.' };
  }
}

/** Under the stage while a payment is under way. */
export const stayHereLine = 'Не отходите от терминала, пока оплата не закончится.';

/** On the card screen once «Отмена» was refused: the terminal's own button still works. */
export const cancelOnTerminalLine =
  'На экране отменить нельзя. Чтобы отменить оплату, нажмите «Отмена» на самом терминале.';

/** On the confirm screen, for the wary: when money is taken. */
export const confirmReassurance = 'Деньги спишутся только после того, как вы приложите карту и подтвердите оплату.';

/** What the visitor can do after a payment ended. */
export type PayRemedy = 'again' | 'done';

/** The end screen's texts. */
export interface PayResultTexts {
  title: string;
  /** The main sentence: what happened, and whether money was taken. */
  lead: string;
  /** What to do next, when there is more to say. */
  next: string | null;
  /** `good`: paid; `neutral`: nothing taken; `attention`: a person must look at it. */
  tone: 'good' | 'neutral' | 'attention';
  remedy: PayRemedy;
  action: string;
}

const done = { remedy: 'done', action: 'Готово' } as const;
const understood = { remedy: 'done', action: 'Понятно' } as const;

/**
 * How a payment ended, in words. Only `approved` took money; `reversed` took it and gave it
 * back; a `failed` that needs attention may have taken it, and says so honestly.
 */
export function payResultTexts(result: PayResult): PayResultTexts {
  if (result.kind === 'not_started') return notStartedTexts(result.code);
  const { end } = result;
  switch (end.outcome) {
    case 'approved':
      return {
        title: 'Оплата прошла',
        lead: end.receipt.printed
          ? 'Заберите чек.'
          : 'Чек не напечатался. Покажите этот экран администратору или сфотографируйте его.',
        next: null,
        tone: 'good',
        ...done,
      };
    case 'declined':
      return {
        title: 'Оплата не прошла',
        lead: 'Банк отклонил оплату. Деньги не списаны.',
        next: `Можно попробовать другой картой или оплатить ${payElsewhere}.`,
        tone: 'neutral',
        remedy: 'again',
        action: 'Попробовать другой картой',
      };
    case 'cancelled':
      return {
        title: 'Оплата отменена',
        lead: 'Оплата отменена. Деньги не списаны.',
        next: null,
        tone: 'neutral',
        ...understood,
      };
    case 'timeout':
      return {
        title: 'Оплата не прошла',
        lead: 'Терминал не ответил. Деньги не списаны.',
        next: `Попробуйте ещё раз или оплатите ${payElsewhere}.`,
        tone: 'neutral',
        remedy: 'again',
        action: 'Попробовать ещё раз',
      };
    case 'no_answer':
      return {
        title: 'Терминал не отвечает',
        lead: 'Терминал не отвечает. Деньги не списаны.',
        next: `Оплатить можно ${payElsewhere}.`,
        tone: 'neutral',
        remedy: 'done',
        action: 'На главную',
      };
    case 'reversed':
      return {
        title: 'Оплата отменена',
        lead: 'Чек не удалось выдать, поэтому оплата отменена. Деньги вернутся на карту.',
        next: `Оплатить можно ${payElsewhere}.`,
        tone: 'neutral',
        ...understood,
      };
    case 'failed':
      return end.needsAttention
        ? {
            title: 'Нужна помощь сотрудника',
            lead: 'Не удалось узнать результат оплаты. Обратитесь к администратору, покажите этот экран.',
            next: 'Сфотографируйте экран или запишите номер операции: по нему сотрудник найдёт вашу оплату.',
            tone: 'attention',
            ...understood,
          }
        : {
            title: 'Оплата не прошла',
            lead: 'Не получилось связаться с терминалом оплаты. Деньги не списаны.',
            next: `Оплатите ${payElsewhere}.`,
            tone: 'neutral',
            ...understood,
          };
  }
}

/** A `payments.start` that failed: nothing reached the terminal, so nothing was taken. */
function notStartedTexts(code: ErrorCode): PayResultTexts {
  const title = 'Оплата не началась';
  const reason = notStartedReason(code);
  if (reason === null) {
    return {
      title,
      lead: 'Не получилось начать оплату. Деньги не списаны.',
      next: `Попробуйте ещё раз или оплатите ${payElsewhere}.`,
      tone: 'neutral',
      remedy: 'again',
      action: 'Попробовать ещё раз',
    };
  }
  return {
    title,
    lead: `${reason} Деньги не списаны.`,
    next: `Оплатите ${payElsewhere}.`,
    tone: 'neutral',
    ...understood,
  };
}

/** Why a payment could not start, for the faults that trying again at once cannot mend; else `null`. */
function notStartedReason(code: ErrorCode): string | null {
  switch (code) {
    case 'printer_unavailable':
    case 'printer_paper_out':
    case 'printer_cover_open':
    case 'printer_error':
      return 'Принтер чеков сейчас не работает, а без чека оплачивать нельзя.';
    case 'hub_unreachable':
      return 'Нет связи, поэтому оплатить здесь сейчас нельзя.';
    case 'unknown_service':
      return 'Эту госпошлину сейчас нельзя оплатить здесь.';
    case 'disk_full':
      return 'Киоск временно не принимает оплату.';
    default:
      return null;
  }
}

/** The linked ticket under an approved payment: «Оплата привязана к талону Б-007». */
export function ticketLinkLine(ticketNumber: string): string {
  return `Оплата привязана к талону ${ticketNumber}`;
}

/** The bank's own reason for a decline, quietly under the sentence (it may say «недостаточно средств»). */
export function declineReasonLine(message: string): string {
  return `Ответ банка: ${message}`;
}

/**
 * When a payment was made, on the office's clock: «23.11.2026, 14:20». A time the kiosk cannot
 * read is shown as it came, rather than hidden: it is on the screen for the staff.
 */
export function paidAtLine(paidAt: string, timeZone: string | undefined): string {
  const date = new Date(paidAt);
  if (Number.isNaN(date.getTime())) return paidAt;
  const options = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' } as const;
  return zonedFormat('ru-RU', options, timeZone).format(date);
}
