import type { CheckInOutcome } from '../../../../kiosk-config/src/index';
import { russian, type Translate } from '../../i18n/languages';
import type { ProblemTexts } from '../../ui/problem-texts';

/**
 * Every sentence the visitor may read on the booking screens («У меня запись»), in one place, in
 * the visitor's language (`t`; the words in the catalogs).
 *
 * Rules as in `texts.ts`: plain words, no codes or technical terms; say what happened and what
 * to do next. Times as the office's clock shows them: 14:30.
 */

/** Why a check-in gave no ticket, as the outcome screen tells it (printer faults go to the ticket's error screen). */
export type BookingProblem =
  | Exclude<CheckInOutcome, { outcome: 'issued' } | { outcome: 'invalid_code' }>
  /** The hub could not be asked: the booking cannot be checked now. */
  | { outcome: 'hub_unreachable' };

/** What the visitor can do about it, as the outcome screen's main button offers it. */
export type BookingRemedy = 'walk-in' | 'edit-code' | 'done';

/** The outcome screen's texts: a heading, the calm sentence with the next step, and the button. */
export type BookingProblemTexts = ProblemTexts<BookingRemedy>;

/** The calm explanation of a check-in that gave no ticket, with the next step. */
export function bookingProblemTexts(problem: BookingProblem, t: Translate = russian): BookingProblemTexts {
  const walkIn = { remedy: 'walk-in', action: t('booking.walkIn') } as const;
  const done = { remedy: 'done', action: t('common.understood') } as const;
  switch (problem.outcome) {
    case 'too_early':
      return {
        title: t('booking.tooEarly.title'),
        message: t('booking.tooEarly.message', { slotTime: problem.slotTime, opensAt: problem.opensAt }),
        ...done,
      };
    case 'too_late':
      return {
        title: t('booking.tooLate.title'),
        message: t('booking.tooLate.message', { slotTime: problem.slotTime }),
        ...walkIn,
      };
    case 'wrong_office':
      return {
        title: t('booking.wrongOffice.title'),
        message: t('booking.wrongOffice.message', { office: problem.officeName }),
        ...done,
      };
    case 'already_used':
      return {
        title: t('booking.alreadyUsed.title'),
        message: t('booking.alreadyUsed.message', { ticket: problem.ticketNumber }),
        ...done,
      };
    case 'cancelled':
      return { title: t('booking.cancelled.title'), message: t('booking.cancelled.message'), ...walkIn };
    case 'not_found':
      return {
        title: t('booking.notFound.title'),
        message: t('booking.notFound.message'),
        remedy: 'edit-code',
        action: t('booking.editCode'),
      };
    case 'hub_unreachable':
      return { title: t('booking.unreachable.title'), message: t('booking.unreachable.message'), ...walkIn };
  }
}
