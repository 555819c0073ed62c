import {
  type CallOutput,
  type ErrorCode,
  normaliseApplicationNumber,
  type Result,
  type ScreenLanguage,
  type SecondFactor,
  type SecondFactorKind,
} from '../../../../kiosk-config/src/index';
import type { KeypadPress } from '../../ui/keypad-press';
import { canSearchNumber, type KeypadMode, numberFromScan, pressNumberKey } from './number-input';
import { pressSecondFactorKey, secondFactorFromDigits } from './second-factor-input';
import type { StatusProblem } from './status-texts';

/**
 * The status journey («Узнать статус заявления») as plain data and a pure reducer: the number
 * typed or scanned, the lookup under way, the second factor, the answer and its slip.
 *
 * The application number lives only here (and in the `status.lookup` call): the journey is
 * remounted on every session reset, which drops it with everything else.
 */

/** One lookup as sent to `status.lookup`. */
export interface StatusLookup {
  /** The normalised application number. */
  number: string;
  secondFactor?: SecondFactor;
}

/** The answer of `status.lookup`. */
export type StatusLookupAnswer = CallOutput<'status.lookup'>;

/** A found application as the kiosk shows it. */
export type FoundApplication = Extract<StatusLookupAnswer, { outcome: 'found' }>;

/** The status slip's printing, on the result screen. */
export type SlipPrint =
  | { state: 'idle' }
  | { state: 'printing' }
  | { state: 'printed'; printedLanguage?: ScreenLanguage | undefined }
  | { state: 'failed'; code: ErrorCode };

/** The screens of the status journey, with what each needs. */
export type StatusScreen =
  | { name: 'status'; draft: string; mode: KeypadMode; scanRejected: boolean }
  | {
      name: 'status-searching';
      lookupId: number;
      lookup: StatusLookup;
      /** The second factors the hub asked for earlier in this lookup, if it did. */
      accepted: SecondFactorKind[] | null;
    }
  | { name: 'second-factor'; number: string; accepted: SecondFactorKind[]; kind: SecondFactorKind; digits: string }
  | { name: 'status-result'; found: FoundApplication; slip: SlipPrint }
  | { name: 'status-error'; problem: StatusProblem; lookup: StatusLookup; accepted: SecondFactorKind[] | null };

/** The entry screen: the keypad and what is typed on it. */
export type StatusEntryState = Extract<StatusScreen, { name: 'status' }>;

/** What can happen in the status journey. */
export type StatusAction =
  | { type: 'open-status' }
  | { type: 'status-key'; press: KeypadPress }
  | { type: 'status-mode'; mode: KeypadMode }
  | { type: 'status-lookup'; lookupId: number; lookup: StatusLookup }
  | { type: 'status-scan-rejected' }
  | { type: 'status-answered'; lookupId: number; result: Result<StatusLookupAnswer> }
  | { type: 'second-factor-kind'; kind: SecondFactorKind }
  | { type: 'second-factor-key'; press: KeypadPress }
  | { type: 'status-edit-number' }
  | { type: 'second-factor-again' }
  | { type: 'status-new-search' }
  | { type: 'slip-printing' }
  | { type: 'slip-printed'; result: Result<CallOutput<'status.printSlip'>> };

/** Names of the status journey's screens. */
const STATUS_SCREENS = new Set<string>([
  'status',
  'status-searching',
  'second-factor',
  'status-result',
  'status-error',
]);

/** Whether a screen belongs to the status journey (where scanned codes are listened to). */
export function isStatusScreen(screen: { name: string }): screen is StatusScreen {
  return STATUS_SCREENS.has(screen.name);
}

/** The keypad mode that shows a number's letters: Latin if it has any, Cyrillic otherwise. */
export function keypadModeFor(number: string): KeypadMode {
  return /[A-Z]/u.test(number) ? 'latin' : 'cyrillic';
}

/** The entry screen, with a number to correct or empty. */
export function statusEntry(draft = ''): StatusEntryState {
  return { name: 'status', draft, mode: keypadModeFor(draft), scanRejected: false };
}

/** The lookup «Найти» starts on the entry screen, or `null` while the typed text is no number. */
export function typedLookup(screen: StatusScreen): StatusLookup | null {
  if (screen.name !== 'status' || !canSearchNumber(screen.draft)) return null;
  return { number: normaliseApplicationNumber(screen.draft) };
}

/** The lookup the second factor's «Проверить» starts, or `null` while the input is not complete and valid. */
export function secondFactorLookup(screen: StatusScreen, today: string): StatusLookup | null {
  if (screen.name !== 'second-factor') return null;
  const secondFactor = secondFactorFromDigits(screen.kind, screen.digits, today);
  return secondFactor === null ? null : { number: screen.number, secondFactor };
}

/**
 * What a scanned code does on a status screen: a new lookup of the number in it, the entry
 * screen's notice when it holds none (a payment QR or a product's marking code never does), or
 * nothing while a lookup is under way.
 *
 * @param kind what the main side recognised the code as (`scanner.scanned`'s `kind`), if it said
 */
export function scannedLookup(screen: StatusScreen, text: string, kind?: string): StatusLookup | 'rejected' | null {
  if (screen.name === 'status-searching') return null;
  if (kind === 'payment_qr' || kind === 'gs1') return 'rejected';
  const number = numberFromScan(text);
  return number === null ? 'rejected' : { number };
}

/** Where «Назад» leads from a status screen. */
export function previousStatusScreen(screen: StatusScreen): StatusScreen | 'home' {
  switch (screen.name) {
    case 'status':
      return 'home';
    case 'status-searching':
      // The answer is on its way: the screen changes when it comes (or «На главную» drops it).
      return screen;
    case 'second-factor':
      return statusEntry(screen.number);
    case 'status-error':
      return statusEntry(screen.lookup.number);
    case 'status-result':
      return statusEntry();
  }
}

function answered(
  screen: StatusScreen & { name: 'status-searching' },
  result: Result<StatusLookupAnswer>,
): StatusScreen {
  const { lookup, accepted } = screen;
  if (!result.ok)
    return { name: 'status-error', problem: { kind: 'fault', code: result.error.code }, lookup, accepted };
  const answer = result.value;
  switch (answer.outcome) {
    case 'found':
      return { name: 'status-result', found: answer, slip: { state: 'idle' } };
    case 'not_found':
      return { name: 'status-error', problem: { kind: 'not_found' }, lookup, accepted };
    case 'second_factor_required': {
      const tried = lookup.secondFactor?.kind;
      const kind =
        tried !== undefined && answer.accepted.includes(tried) ? tried : (answer.accepted[0] ?? 'filing_date');
      return { name: 'second-factor', number: lookup.number, accepted: answer.accepted, kind, digits: '' };
    }
    case 'second_factor_mismatch': {
      const factor = lookup.secondFactor?.kind ?? accepted?.[0] ?? 'filing_date';
      return {
        name: 'status-error',
        problem: { kind: 'second_factor_mismatch', factor },
        lookup,
        accepted: accepted ?? [factor],
      };
    }
  }
}

/**
 * The pure transition function of the status journey, for the screen shown now. Returns the
 * same screen object when the action does not apply to it (a late answer, a double tap).
 */
export function statusReducer(screen: StatusScreen, action: StatusAction): StatusScreen {
  switch (action.type) {
    case 'open-status':
      return statusEntry();
    case 'status-key':
      if (screen.name !== 'status') return screen;
      return { ...screen, draft: pressNumberKey(screen.draft, action.press), scanRejected: false };
    case 'status-mode':
      return screen.name === 'status' ? { ...screen, mode: action.mode } : screen;
    case 'status-scan-rejected':
      return screen.name === 'status-searching'
        ? screen
        : { ...statusEntry(screen.name === 'status' ? screen.draft : ''), scanRejected: true };
    case 'status-lookup': {
      if (screen.name === 'status-searching') return screen;
      // A second factor answers the hub's question about the same number (also when asked again
      // after a fault); anything else is a new lookup, and the hub will say what it needs.
      const asked =
        screen.name === 'second-factor' ? screen.accepted : screen.name === 'status-error' ? screen.accepted : null;
      const sameNumber =
        (screen.name === 'second-factor' && screen.number === action.lookup.number) ||
        (screen.name === 'status-error' && screen.lookup.number === action.lookup.number);
      const accepted = action.lookup.secondFactor !== undefined && sameNumber ? asked : null;
      return { name: 'status-searching', lookupId: action.lookupId, lookup: action.lookup, accepted };
    }
    case 'status-answered':
      return screen.name === 'status-searching' && screen.lookupId === action.lookupId
        ? answered(screen, action.result)
        : screen;
    case 'second-factor-kind':
      return screen.name === 'second-factor' && screen.accepted.includes(action.kind)
        ? { ...screen, kind: action.kind, digits: '' }
        : screen;
    case 'second-factor-key':
      return screen.name === 'second-factor'
        ? { ...screen, digits: pressSecondFactorKey(screen.kind, screen.digits, action.press) }
        : screen;
    case 'status-edit-number':
      return screen.name === 'status-error' ? statusEntry(screen.lookup.number) : screen;
    case 'second-factor-again':
      return screen.name === 'status-error' && screen.problem.kind === 'second_factor_mismatch'
        ? {
            name: 'second-factor',
            number: screen.lookup.number,
            accepted: screen.accepted ?? [screen.problem.factor],
            kind: screen.problem.factor,
            digits: '',
          }
        : screen;
    case 'status-new-search':
      return statusEntry();
    case 'slip-printing':
      return screen.name === 'status-result' && (screen.slip.state === 'idle' || screen.slip.state === 'failed')
        ? { ...screen, slip: { state: 'printing' } }
        : screen;
    case 'slip-printed':
      if (screen.name !== 'status-result' || screen.slip.state !== 'printing') return screen;
      return {
        ...screen,
        slip: action.result.ok
          ? { state: 'printed', printedLanguage: action.result.value.printedLanguage }
          : { state: 'failed', code: action.result.error.code },
      };
  }
}
