import { describe, expect, it } from 'vitest';
import {
  ApplicationStatus,
  type ApplicationStatusView,
  describeApplicationStatus,
  ErrorCode,
} from '../../../../kiosk-config/src/index';
import { loadMessages, russian, translator } from '../../i18n/languages';
import {
  isSlipWorthRetrying,
  type StatusProblem,
  secondFactorQuestion,
  slipPrintErrorMessage,
  statusProblemTexts,
  statusSentences,
} from './status-texts';

const here = 'mfc-demo-01';
const ready: ApplicationStatusView = {
  status: 'ready_for_pickup',
  serviceName: 'Регистрация права собственности',
  office: { id: here, name: 'МФЦ «Мои Документы», с. Берёзовка' },
  window: '2',
  filedOn: '2026-11-02',
  storageUntil: '2026-12-15',
};

/** A sentence a visitor can read: starts with a capital, ends with a stop, no codes or Latin words. */
function expectPlainRussian(text: string) {
  expect(text).toMatch(/^[А-ЯЁ]/u);
  expect(text).toMatch(/[.!]$/u);
  expect(text).not.toMatch(/[a-z_]{3,}/iu);
  expect(text).not.toMatch(/ошибк|сбой|сервер|запрос/iu);
}

const everyProblem: StatusProblem[] = [
  { kind: 'not_found' },
  { kind: 'second_factor_mismatch', factor: 'filing_date' },
  { kind: 'second_factor_mismatch', factor: 'phone_last4' },
  ...ErrorCode.options.map((code): StatusProblem => ({ kind: 'fault', code })),
];

describe('statusSentences', () => {
  it('tells where to go, with what and until when, when the documents are ready', () => {
    const { headline, nextStep } = statusSentences(ready, here);
    expect(headline).toMatch(/^Документы готовы/u);
    expect(nextStep).toBe('Подойдите в окно 2 с паспортом до 15.12.2026.');
  });

  it('names the other office when the application was filed elsewhere', () => {
    const other = { ...ready, office: { id: 'other', name: 'МФЦ г. Заречный', address: 'ул. Ленина, 5' } };
    expect(statusSentences(other, here).nextStep).toContain('МФЦ г. Заречный (ул. Ленина, 5)');
  });

  it('gives every status a headline and a next step', () => {
    for (const status of ApplicationStatus.options) {
      const { headline, nextStep } = statusSentences({ ...ready, status, expectedOn: '2026-12-01' }, here);
      expect(headline.length).toBeGreaterThan(3);
      expectPlainRussian(nextStep);
    }
    expect(statusSentences({ ...ready, status: 'in_progress', expectedOn: '2026-12-01' }, here).nextStep).toContain(
      '01.12.2026',
    );
  });

  it('says in Russian exactly what the shared sentences (and so the printed slip) say, in every case', () => {
    const elsewhere = { id: 'other', name: 'МФЦ г. Заречный', address: 'ул. Ленина, 5' };
    const variants: ApplicationStatusView[] = [
      ready,
      { ...ready, window: undefined, storageUntil: undefined },
      { ...ready, office: elsewhere },
      { ...ready, expectedOn: '2026-12-01' },
    ];
    for (const status of ApplicationStatus.options) {
      for (const variant of variants) {
        const view = { ...variant, status };
        expect(statusSentences(view, here)).toEqual(describeApplicationStatus(view, { hereOfficeId: here }));
      }
    }
  });

  it('speaks the visitor’s language', async () => {
    const en = translator('en', await loadMessages('en'));
    expect(statusSentences(ready, here, en)).toEqual({
      headline: 'Documents ready',
      nextStep: 'Please come to window 2 with your passport by 15.12.2026.',
    });
    const tt = translator('tt', await loadMessages('tt'));
    expect(statusSentences(ready, here, tt).nextStep).toBe(
      'Паспорт белән 15.12.2026 көнгә кадәр килегез: 2 номерлы тәрәзә.',
    );
  });
});

describe('statusProblemTexts', () => {
  it('explains every problem calmly, with a next step and a button for it', () => {
    for (const problem of everyProblem) {
      const texts = statusProblemTexts(problem);
      expectPlainRussian(texts.message);
      expect(texts.message).toMatch(/ещё раз|сотрудник/u);
      expect(texts.title.length).toBeGreaterThan(3);
      expect(texts.action.length).toBeGreaterThan(3);
    }
  });

  it('leads to the step that can help', () => {
    expect(statusProblemTexts({ kind: 'not_found' }).remedy).toBe('edit-number');
    expect(statusProblemTexts({ kind: 'fault', code: 'invalid_application_number' }).remedy).toBe('edit-number');
    expect(statusProblemTexts({ kind: 'second_factor_mismatch', factor: 'filing_date' }).remedy).toBe(
      'enter-second-factor',
    );
    expect(statusProblemTexts({ kind: 'fault', code: 'hub_unreachable' }).remedy).toBe('retry');
    expect(statusProblemTexts({ kind: 'fault', code: 'rate_limited' }).remedy).toBe('retry');
  });

  it('says which second factor did not match', () => {
    expect(statusProblemTexts({ kind: 'second_factor_mismatch', factor: 'filing_date' }).message).toMatch(/дат/u);
    expect(statusProblemTexts({ kind: 'second_factor_mismatch', factor: 'phone_last4' }).message).toMatch(/телефон/u);
  });

  it('tells no connection, too many lookups and not found apart', () => {
    const offline = statusProblemTexts({ kind: 'fault', code: 'hub_unreachable' });
    expect(offline.message).toMatch(/нет связи/u);
    expect(statusProblemTexts({ kind: 'fault', code: 'timeout' }).message).toBe(offline.message);
    expect(statusProblemTexts({ kind: 'fault', code: 'rate_limited' }).message).toMatch(/Подождите несколько минут/u);
    expect(statusProblemTexts({ kind: 'not_found' }).message).toMatch(/^Заявления с таким номером нет/u);
  });
});

describe('slip texts', () => {
  it('explains every print fault and offers a retry only where it can help', () => {
    for (const code of ErrorCode.options) expectPlainRussian(slipPrintErrorMessage(code));
    expect(slipPrintErrorMessage('printer_paper_out')).toMatch(/закончилась бумага/u);
    expect(isSlipWorthRetrying('printer_paper_out')).toBe(false);
    expect(isSlipWorthRetrying('nothing_to_print')).toBe(false);
    expect(isSlipWorthRetrying('printer_error')).toBe(true);
    expect(isSlipWorthRetrying('timeout')).toBe(true);
  });
});

describe('hints', () => {
  it('are plain Russian', () => {
    expectPlainRussian(russian('status.receiptHint'));
    expectPlainRussian(russian('status.scanRejected'));
    expectPlainRussian(secondFactorQuestion('filing_date'));
    expectPlainRussian(secondFactorQuestion('phone_last4'));
  });
});
