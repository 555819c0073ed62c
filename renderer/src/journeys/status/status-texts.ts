import {
  type ApplicationStatusView,
  type ErrorCode,
  formatRuDate,
  officeNameWithAddress,
  type SecondFactorKind,
  type StatusText,
} from '../../../../kiosk-config/src/index';
import type { MessageKey, MessageValues } from '../../i18n/catalog';
import { russian, type Translate } from '../../i18n/languages';
import type { ProblemTexts } from '../../ui/problem-texts';

/**
 * Every sentence the visitor may read on the status screens, in one place, in the visitor's
 * language (`t`; the words in the catalogs): the answer as the shared
 * `kiosk-config/src/hub/status-text.ts` says it; the problems, the slip and the hints.
 *
 * Rules as in `texts.ts`: plain words, no codes or technical terms; say what happened and what
 * to do next. Dates as the visitor writes them: 15.12.2026.
 */

/**
 * The answer about a found application, in the visitor's language: the same sentences as the
 * shared plain-Russian `describeApplicationStatus` (which the printed slip uses), so that the
 * screen and the slip tell one story (a test holds the Russian to it); other languages from
 * their catalogs.
 */
export function statusSentences(
  application: ApplicationStatusView,
  hereOfficeId?: string,
  t: Translate = russian,
): StatusText {
  const headline = t(`status.answer.${application.status}`);
  const { office } = application;
  const where =
    hereOfficeId !== undefined && office.id !== hereOfficeId
      ? t('status.where.office', { office: officeNameWithAddress(office.name, office.address) })
      : application.window
        ? t('status.where.window', { window: application.window })
        : t('status.where.staff');
  const expected = application.expectedOn ? formatRuDate(application.expectedOn) : undefined;
  const next = (key: MessageKey, values?: MessageValues) => ({ headline, nextStep: t(key, values) });
  switch (application.status) {
    case 'accepted':
      return expected ? next('status.next.acceptedBy', { date: expected }) : next('status.next.accepted');
    case 'in_progress':
      return expected ? next('status.next.inProgressBy', { date: expected }) : next('status.next.inProgress');
    case 'awaiting_applicant':
      return next('status.next.awaiting', { where });
    case 'ready_for_pickup':
      return application.storageUntil
        ? next('status.next.readyUntil', { where, date: formatRuDate(application.storageUntil) })
        : next('status.next.ready', { where });
    case 'issued':
      return next('status.next.issued');
    case 'refused':
      return next('status.next.refused', { where });
    case 'returned_to_agency':
      return next('status.next.returned');
    case 'cancelled':
      return next('status.next.cancelled');
  }
}

/** Why a lookup did not give an answer, as the status screens tell it. */
export type StatusProblem =
  | { kind: 'not_found' }
  | { kind: 'second_factor_mismatch'; factor: SecondFactorKind }
  | { kind: 'fault'; code: ErrorCode };

/** What the visitor can do about a problem, as the error screen's main button offers it. */
export type StatusRemedy = 'edit-number' | 'enter-second-factor' | 'retry';

/** The error screen's texts: a heading, the calm sentence with the next step, and the button. */
export type StatusProblemTexts = ProblemTexts<StatusRemedy>;

/** The calm explanation of a problem, with the next step; never a technical text. */
export function statusProblemTexts(problem: StatusProblem, t: Translate = russian): StatusProblemTexts {
  switch (problem.kind) {
    case 'not_found':
      return {
        title: t('status.problem.notFound.title'),
        message: t('status.problem.notFound.message'),
        remedy: 'edit-number',
        action: t('status.problem.editNumber'),
      };
    case 'second_factor_mismatch':
      return problem.factor === 'filing_date'
        ? {
            title: t('status.problem.dateMismatch.title'),
            message: t('status.problem.dateMismatch.message'),
            remedy: 'enter-second-factor',
            action: t('status.problem.dateMismatch.action'),
          }
        : {
            title: t('status.problem.phoneMismatch.title'),
            message: t('status.problem.phoneMismatch.message'),
            remedy: 'enter-second-factor',
            action: t('status.problem.phoneMismatch.action'),
          };
    case 'fault':
      return faultTexts(problem.code, t);
  }
}

function faultTexts(code: ErrorCode, t: Translate): StatusProblemTexts {
  switch (code) {
    case 'invalid_application_number':
      return {
        title: t('status.problem.invalidNumber.title'),
        message: t('status.problem.invalidNumber.message'),
        remedy: 'edit-number',
        action: t('status.problem.editNumber'),
      };
    case 'hub_unreachable':
    case 'timeout':
      return {
        title: t('status.problem.unreachable.title'),
        message: t('status.problem.unreachable.message'),
        remedy: 'retry',
        action: t('common.retry'),
      };
    case 'rate_limited':
      return {
        title: t('status.problem.rateLimited.title'),
        message: t('status.problem.rateLimited.message'),
        remedy: 'retry',
        action: t('common.retry'),
      };
    default:
      return {
        title: t('status.problem.other.title'),
        message: t('status.problem.other.message'),
        remedy: 'retry',
        action: t('common.retry'),
      };
  }
}

/** What the visitor is told when the status slip did not print, by the call's fault code. */
export function slipPrintErrorMessage(code: ErrorCode, t: Translate = russian): string {
  switch (code) {
    case 'printer_paper_out':
      return t('status.slip.paperOut');
    case 'printer_cover_open':
      return t('status.slip.coverOpen');
    case 'printer_unavailable':
      return t('status.slip.printerUnavailable');
    case 'timeout':
      return t('status.slip.timeout');
    case 'nothing_to_print':
      return t('status.slip.nothingToPrint');
    default:
      return t('status.slip.other');
  }
}

/** Whether «Распечатать» is worth offering again after this fault. */
export function isSlipWorthRetrying(code: ErrorCode): boolean {
  return (
    code !== 'printer_paper_out' &&
    code !== 'printer_cover_open' &&
    code !== 'printer_unavailable' &&
    code !== 'nothing_to_print'
  );
}

/** The question of the second-factor screen, by kind. */
export function secondFactorQuestion(kind: SecondFactorKind, t: Translate = russian): string {
  return t(kind === 'filing_date' ? 'status.factor.dateQuestion' : 'status.factor.phoneQuestion');
}

/** The second factor's name on its choice button. */
export function secondFactorLabel(kind: SecondFactorKind, t: Translate = russian): string {
  return t(kind === 'filing_date' ? 'status.factor.dateLabel' : 'status.factor.phoneLabel');
}
