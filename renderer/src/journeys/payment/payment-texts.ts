import type { ErrorCode, PaymentStage } from '../../../../kiosk-config/src/index';
import type { MessageKey } from '../../i18n/catalog';
import { russian, type Translate } from '../../i18n/languages';
import type { ProblemTexts } from '../../ui/problem-texts';
import { zonedFormat } from '../../ui/zoned-format';
import type { PayResult, UinEntryProblem, UinOutcome } from './payment-journey';

/**
 * Every sentence the visitor may read on the payment screens («Оплатить госпошлину»), in one place,
 * in the visitor's language (`t`; the words in the catalogs).
 *
 * Rules as in `texts.ts`: plain words, no codes or technical terms; say what happened and what
 * to do next. Visitors here are wary of paying a machine: every end that took no money says
 * «Деньги не списаны», and only the approved end says the money was paid.
 */

/** The choice's two ways, each with the hint under it. */
export function payChoice(t: Translate = russian) {
  return {
    list: { label: t('pay.choice.list'), hint: t('pay.choice.listHint') },
    uin: { label: t('pay.choice.uin'), hint: t('pay.choice.uinHint') },
  } as const;
}

/** Under a partly typed УИН: how many digits are there and how many a УИН has. */
export function uinCountLine(typed: number, t: Translate = russian): string {
  return t('pay.uinCount', { count: typed });
}

/** The line under the УИН keypad. */
export function uinProblemMessage(problem: UinEntryProblem, t: Translate = russian): string {
  return t(problem === 'invalid_typed' ? 'pay.uinInvalid' : 'pay.uinScanRejected');
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
export function uinOutcomeTexts(outcome: UinOutcome, listOffered: boolean, t: Translate = russian): UinOutcomeTexts {
  switch (outcome) {
    case 'not_found':
      return {
        title: t('pay.uin.notFound.title'),
        message: t('pay.uin.notFound.message'),
        remedy: 'edit',
        action: t('pay.uin.edit'),
      };
    case 'already_paid':
      return {
        title: t('pay.uin.paid.title'),
        message: t('pay.uin.paid.message'),
        remedy: 'done',
        action: t('common.understood'),
      };
    case 'hub_unreachable':
      return {
        title: t('pay.uin.unreachable.title'),
        message: t('pay.uin.unreachable.message'),
        ...(listOffered
          ? { remedy: 'to-list', action: t('pay.choice.list') }
          : { remedy: 'done', action: t('common.understood') }),
      };
    case 'fault':
      return {
        title: t('pay.uin.fault.title'),
        message: t('pay.uin.fault.message'),
        remedy: 'retry',
        action: t('common.retry'),
      };
  }
}

/** The message keys of each of the terminal's stages: the line, and what to do meanwhile. */
const STAGES: Readonly<Record<PaymentStage, readonly [lead: MessageKey, hint: MessageKey]>> = {
  connecting: ['pay.stage.connecting', 'pay.stage.connectingHint'],
  present_card: ['pay.stage.presentCard', 'pay.stage.presentCardHint'],
  enter_pin: ['pay.stage.enterPin', 'pay.stage.enterPinHint'],
  processing: ['pay.stage.processing', 'pay.stage.processingHint'],
  remove_card: ['pay.stage.removeCard', 'pay.stage.removeCardHint'],
  printing: ['pay.stage.printing', 'pay.stage.printingHint'],
};

/** The card screen's line for each of the terminal's stages, and what to do meanwhile. */
export function stageTexts(stage: PaymentStage, t: Translate = russian): { lead: string; hint: string } {
  const [lead, hint] = STAGES[stage];
  return { lead: t(lead), hint: t(hint) };
}

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

/**
 * How a payment ended, in words. Only `approved` took money; `reversed` took it and gave it
 * back; a `failed` that needs attention may have taken it, and says so honestly.
 */
export function payResultTexts(result: PayResult, t: Translate = russian): PayResultTexts {
  if (result.kind === 'not_started') return notStartedTexts(result.code, t);
  const done = { remedy: 'done', action: t('common.done') } as const;
  const understood = { remedy: 'done', action: t('common.understood') } as const;
  const { end } = result;
  switch (end.outcome) {
    case 'approved':
      return {
        title: t('pay.approved.title'),
        lead: t(end.receipt.printed ? 'pay.approved.takeReceipt' : 'pay.approved.noReceipt'),
        next: null,
        tone: 'good',
        ...done,
      };
    case 'declined':
      return {
        title: t('pay.failed.title'),
        lead: t('pay.declined.lead'),
        next: t('pay.declined.next'),
        tone: 'neutral',
        remedy: 'again',
        action: t('pay.declined.action'),
      };
    case 'cancelled':
      return {
        title: t('pay.cancelled.title'),
        lead: t('pay.cancelled.lead'),
        next: null,
        tone: 'neutral',
        ...understood,
      };
    case 'timeout':
      return {
        title: t('pay.failed.title'),
        lead: t('pay.timeout.lead'),
        next: t('pay.retryOrElsewhere'),
        tone: 'neutral',
        remedy: 'again',
        action: t('common.retry'),
      };
    case 'no_answer':
      return {
        title: t('pay.noAnswer.title'),
        lead: t('pay.noAnswer.lead'),
        next: t('pay.canPayElsewhere'),
        tone: 'neutral',
        remedy: 'done',
        action: t('common.home'),
      };
    case 'reversed':
      return {
        title: t('pay.cancelled.title'),
        lead: t('pay.reversed.lead'),
        next: t('pay.canPayElsewhere'),
        tone: 'neutral',
        ...understood,
      };
    case 'failed':
      return end.needsAttention
        ? {
            title: t('pay.attention.title'),
            lead: t('pay.attention.lead'),
            next: t('pay.attention.next'),
            tone: 'attention',
            ...understood,
          }
        : {
            title: t('pay.failed.title'),
            lead: t('pay.noTerminal.lead'),
            next: t('pay.payElsewhere'),
            tone: 'neutral',
            ...understood,
          };
  }
}

/** A `payments.start` that failed: nothing reached the terminal, so nothing was taken. */
function notStartedTexts(code: ErrorCode, t: Translate): PayResultTexts {
  const title = t('pay.notStarted.title');
  const reason = notStartedReason(code);
  if (reason === null) {
    return {
      title,
      lead: t('pay.notStarted.lead'),
      next: t('pay.retryOrElsewhere'),
      tone: 'neutral',
      remedy: 'again',
      action: t('common.retry'),
    };
  }
  return {
    title,
    lead: t(reason),
    next: t('pay.payElsewhere'),
    tone: 'neutral',
    remedy: 'done',
    action: t('common.understood'),
  };
}

/** Why a payment could not start, for the faults that trying again at once cannot mend; else `null`. */
function notStartedReason(code: ErrorCode): MessageKey | null {
  switch (code) {
    case 'printer_unavailable':
    case 'printer_paper_out':
    case 'printer_cover_open':
    case 'printer_error':
      return 'pay.notStarted.printer';
    case 'hub_unreachable':
      return 'pay.notStarted.unreachable';
    case 'unknown_service':
      return 'pay.notStarted.unknownService';
    case 'disk_full':
      return 'pay.notStarted.diskFull';
    default:
      return null;
  }
}

/** The linked ticket under an approved payment: «Оплата привязана к талону Б-007». */
export function ticketLinkLine(ticketNumber: string, t: Translate = russian): string {
  return t('pay.ticketLink', { ticket: ticketNumber });
}

/** The bank's own reason for a decline, quietly under the sentence (it may say «недостаточно средств»). */
export function declineReasonLine(message: string, t: Translate = russian): string {
  return t('pay.declineReason', { message });
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
