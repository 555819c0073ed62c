import { describe, expect, it } from 'vitest';
import type { Result } from '../../../../kiosk-config/src/index';
import { FOUND_APPLICATION } from '../../../../test/support/journey-fixtures';
import type { KeypadPress } from '../../ui/keypad-press';
import { initialJourney, type JourneyAction, type JourneyState, journeyReducer } from '../journey-state';
import {
  type StatusAction,
  type StatusLookupAnswer,
  type StatusScreen,
  scannedLookup,
  secondFactorLookup,
  statusEntry,
  statusReducer,
  typedLookup,
} from './status-journey';

const number = 'КУВД-001/2021-3670443';
const found = FOUND_APPLICATION;
const today = '2026-11-23';

function answer(value: StatusLookupAnswer): Result<StatusLookupAnswer> {
  return { ok: true, value };
}
function fault(code: 'hub_unreachable' | 'rate_limited' | 'timeout'): Result<never> {
  return { ok: false, error: { code, message: 'test' } };
}
function keys(text: string): StatusAction[] {
  return [...text].map((char) => ({ type: 'status-key', press: { kind: 'char', char } satisfies KeypadPress }));
}
function run(screen: StatusScreen, ...actions: StatusAction[]): StatusScreen {
  return actions.reduce(statusReducer, screen);
}
function searching(screen: StatusScreen, lookupId: number): StatusScreen {
  const lookup = typedLookup(screen) ?? secondFactorLookup(screen, today);
  if (lookup === null) throw new Error(`nothing to look up on ${screen.name}`);
  return statusReducer(screen, { type: 'status-lookup', lookupId, lookup });
}

describe('the status journey', () => {
  it('types a number, looks it up and shows the answer', () => {
    const typed = run(statusEntry(), ...keys(number));
    expect(typed).toMatchObject({ name: 'status', draft: number });
    expect(typedLookup(typed)).toEqual({ number });
    const waiting = searching(typed, 1);
    expect(waiting).toMatchObject({ name: 'status-searching', lookupId: 1, lookup: { number } });
    expect(run(waiting, { type: 'status-answered', lookupId: 1, result: answer(found) })).toEqual({
      name: 'status-result',
      found,
      slip: { state: 'idle' },
    });
  });

  it('looks up the printed number when the visitor types its letters on the other pad and О for zeros', () => {
    // Р, К, Р, М, С and О from the Russian pad; V, D, F only exist on the Latin one.
    const typed = run(statusEntry(), ...keys('РКРVDМFС-2О21-О1-28-548444'));
    expect(typed).toMatchObject({ name: 'status', draft: 'РКРVDМFС-2О21-О1-28-548444' });
    expect(typedLookup(typed)).toEqual({ number: 'PKPVDMFC-2021-01-28-548444' });
    expect(typedLookup(run(statusEntry(), ...keys('KYBД-001/2021-3670443')))).toEqual({ number });
  });

  it('does not look up what is not a number yet', () => {
    expect(typedLookup(run(statusEntry(), ...keys('КУ')))).toBeNull();
    expect(typedLookup({ name: 'status-result', found, slip: { state: 'idle' } })).toBeNull();
  });

  it('drops a late answer to an earlier lookup and a second lookup while one is under way', () => {
    const waiting = searching(run(statusEntry(), ...keys(number)), 2);
    expect(run(waiting, { type: 'status-answered', lookupId: 1, result: answer(found) })).toBe(waiting);
    expect(run(waiting, { type: 'status-lookup', lookupId: 3, lookup: { number: '1234' } })).toBe(waiting);
    expect(scannedLookup(waiting, number)).toBeNull();
  });

  it('asks for the second factor, and after a wrong one lets the visitor enter it again', () => {
    const waiting = searching(run(statusEntry(), ...keys(number)), 1);
    const asked = run(waiting, {
      type: 'status-answered',
      lookupId: 1,
      result: answer({ outcome: 'second_factor_required', accepted: ['filing_date', 'phone_last4'] }),
    });
    expect(asked).toEqual({
      name: 'second-factor',
      number,
      accepted: ['filing_date', 'phone_last4'],
      kind: 'filing_date',
      digits: '',
    });
    const typed = run(asked, ...keys('0211').map(asFactorKey), ...keys('2026').map(asFactorKey));
    expect(secondFactorLookup(typed, today)).toEqual({
      number,
      secondFactor: { kind: 'filing_date', value: '2026-11-02' },
    });
    const checking = searching(typed, 2);
    const mismatch = run(checking, {
      type: 'status-answered',
      lookupId: 2,
      result: answer({ outcome: 'second_factor_mismatch' }),
    });
    expect(mismatch).toMatchObject({
      name: 'status-error',
      problem: { kind: 'second_factor_mismatch', factor: 'filing_date' },
    });
    const again = run(mismatch, { type: 'second-factor-again' });
    expect(again).toEqual({ ...asked, digits: '' });
    const byPhone = run(again, { type: 'second-factor-kind', kind: 'phone_last4' }, ...keys('5678').map(asFactorKey));
    expect(secondFactorLookup(byPhone, today)).toEqual({
      number,
      secondFactor: { kind: 'phone_last4', value: '5678' },
    });
    const rechecking = searching(byPhone, 3);
    expect(run(rechecking, { type: 'status-answered', lookupId: 3, result: answer(found) }).name).toBe('status-result');
  });

  it('offers only the second factors the hub accepts', () => {
    const asked: StatusScreen = {
      name: 'second-factor',
      number,
      accepted: ['phone_last4'],
      kind: 'phone_last4',
      digits: '',
    };
    expect(run(asked, { type: 'second-factor-kind', kind: 'filing_date' })).toBe(asked);
    expect(secondFactorLookup({ ...asked, kind: 'phone_last4', digits: '12' }, today)).toBeNull();
  });

  it('asks the same again after a fault, keeping the second factor', () => {
    const lookup = { number, secondFactor: { kind: 'phone_last4' as const, value: '5678' } };
    const asked: StatusScreen = {
      name: 'second-factor',
      number,
      accepted: ['filing_date', 'phone_last4'],
      kind: 'phone_last4',
      digits: '5678',
    };
    const waiting = run(asked, { type: 'status-lookup', lookupId: 1, lookup });
    const offline = run(waiting, { type: 'status-answered', lookupId: 1, result: fault('hub_unreachable') });
    expect(offline).toEqual({
      name: 'status-error',
      problem: { kind: 'fault', code: 'hub_unreachable' },
      lookup,
      accepted: ['filing_date', 'phone_last4'],
    });
    const retried = run(offline, { type: 'status-lookup', lookupId: 2, lookup });
    expect(retried).toMatchObject({ name: 'status-searching', lookup, accepted: ['filing_date', 'phone_last4'] });
  });

  it('lets the visitor correct a number that was not found', () => {
    const waiting = searching(run(statusEntry(), ...keys(number)), 1);
    const missing = run(waiting, { type: 'status-answered', lookupId: 1, result: answer({ outcome: 'not_found' }) });
    expect(missing).toMatchObject({ name: 'status-error', problem: { kind: 'not_found' } });
    expect(run(missing, { type: 'status-edit-number' })).toEqual(statusEntry(number));
    expect(run(missing, { type: 'second-factor-again' })).toBe(missing);
  });

  it('turns every fault into a calm problem, not a crash', () => {
    for (const code of ['hub_unreachable', 'rate_limited', 'timeout'] as const) {
      const waiting = searching(run(statusEntry(), ...keys(number)), 1);
      expect(run(waiting, { type: 'status-answered', lookupId: 1, result: fault(code) })).toMatchObject({
        name: 'status-error',
        problem: { kind: 'fault', code },
        lookup: { number },
      });
    }
  });

  it('looks up a scanned number from any status screen but the one waiting for an answer', () => {
    const screens: StatusScreen[] = [
      statusEntry('КУ'),
      { name: 'status-result', found, slip: { state: 'printed' } },
      { name: 'second-factor', number: '1234', accepted: ['filing_date'], kind: 'filing_date', digits: '01' },
    ];
    for (const screen of screens)
      expect(scannedLookup(screen, 'pkpvdmfc-2021-01-28-548444')).toEqual({ number: 'PKPVDMFC-2021-01-28-548444' });
    expect(scannedLookup(statusEntry(), 'https://gosuslugi.ru/')).toBe('rejected');
    expect(scannedLookup(statusEntry(), '4600000000000', 'gs1')).toBe('rejected');
    expect(scannedLookup(statusEntry(), 'ST00012|Name=ООО|PersonalAcc=40702810', 'payment_qr')).toBe('rejected');
    expect(scannedLookup(statusEntry(), '2345678901', 'text')).toEqual({ number: '2345678901' });
  });

  it('says so on the entry screen when a scanned code holds no number, until the next key', () => {
    const rejected = run(statusEntry('КУ'), { type: 'status-scan-rejected' });
    expect(rejected).toMatchObject({ name: 'status', draft: 'КУ', scanRejected: true });
    expect(run(rejected, ...keys('В'))).toMatchObject({ draft: 'КУВ', scanRejected: false });
    const fromResult = run({ name: 'status-result', found, slip: { state: 'idle' } }, { type: 'status-scan-rejected' });
    expect(fromResult).toMatchObject({ name: 'status', draft: '', scanRejected: true });
  });

  it('switches the letters pad, and picks the Latin one for a Latin number', () => {
    expect(run(statusEntry(), { type: 'status-mode', mode: 'latin' })).toMatchObject({ mode: 'latin' });
    expect(statusEntry('PKPVDMFC-2021').mode).toBe('latin');
    expect(statusEntry(number).mode).toBe('cyrillic');
  });

  it('prints the slip once at a time and shows how it went', () => {
    const result: StatusScreen = { name: 'status-result', found, slip: { state: 'idle' } };
    const printing = run(result, { type: 'slip-printing' });
    expect(printing).toMatchObject({ slip: { state: 'printing' } });
    expect(run(printing, { type: 'slip-printing' })).toBe(printing);
    expect(run(printing, { type: 'slip-printed', result: { ok: true, value: { printed: true } } })).toMatchObject({
      slip: { state: 'printed' },
    });
    // The language it printed in goes to the screen's note.
    expect(
      run(printing, { type: 'slip-printed', result: { ok: true, value: { printed: true, printedLanguage: 'ru' } } }),
    ).toMatchObject({ slip: { state: 'printed', printedLanguage: 'ru' } });
    const failed = run(printing, {
      type: 'slip-printed',
      result: { ok: false, error: { code: 'printer_paper_out', message: 'test' } },
    });
    expect(failed).toMatchObject({ slip: { state: 'failed', code: 'printer_paper_out' } });
    expect(run(failed, { type: 'slip-printing' })).toMatchObject({ slip: { state: 'printing' } });
    expect(run(result, { type: 'slip-printed', result: { ok: true, value: { printed: true } } })).toBe(result);
  });
});

function asFactorKey(action: StatusAction): StatusAction {
  if (action.type !== 'status-key') throw new Error('not a key press');
  return { type: 'second-factor-key', press: action.press };
}

describe('the status journey inside the whole journey', () => {
  function journey(...actions: JourneyAction[]): JourneyState {
    return actions.reduce(journeyReducer, initialJourney);
  }

  it('starts from home with nothing typed and goes back step by step', () => {
    const entry = journey({ type: 'open-status' }, ...keys(number));
    expect(entry.screen).toMatchObject({ name: 'status', draft: number });
    const missing = journey(
      { type: 'open-status' },
      ...keys(number),
      { type: 'status-lookup', lookupId: 1, lookup: { number } },
      { type: 'status-answered', lookupId: 1, result: answer({ outcome: 'not_found' }) },
    );
    const back = journeyReducer(missing, { type: 'back' });
    expect(back.screen).toEqual(statusEntry(number));
    expect(journeyReducer(back, { type: 'back' }).screen).toEqual({ name: 'home' });
  });

  it('ignores status actions on other screens, so a late answer cannot show up there', () => {
    // «Назад» does not leave a lookup under way (there is no such button there; «На главную» remounts).
    const waiting = journey(
      { type: 'open-status' },
      { type: 'status-lookup', lookupId: 1, lookup: { number } },
      { type: 'back' },
    );
    expect(waiting.screen).toEqual({ name: 'status-searching', lookupId: 1, lookup: { number }, accepted: null });
    const tickets = journey({ type: 'open-tickets', printerFault: null });
    for (const action of [
      { type: 'status-answered', lookupId: 1, result: answer(found) },
      { type: 'status-scan-rejected' },
      ...keys('1'),
      { type: 'slip-printing' },
    ] satisfies JourneyAction[]) {
      expect(journeyReducer(tickets, action)).toBe(tickets);
    }
  });
});
