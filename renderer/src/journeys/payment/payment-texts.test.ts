import { describe, expect, it } from 'vitest';
import { ErrorCode, type PaymentEnd, PaymentStage } from '../../../../kiosk-config/src/index';
import { russian } from '../../i18n/languages';
import { canPayAgain, type PayResult, type UinOutcome } from './payment-journey';
import {
  paidAtLine,
  payResultTexts,
  stageTexts,
  ticketLinkLine,
  uinCountLine,
  uinOutcomeTexts,
  uinProblemMessage,
} from './payment-texts';

const receipt = {
  printed: true,
  amountMinor: 200_000,
  purpose: 'Госпошлина',
  rrn: '123456789012',
  authCode: 'A1B2C3',
  maskedPan: '**** **** **** 1234',
  paidAt: '2026-11-23T11:20:00Z',
  reference: '3F9A0C21',
};
const ends: PaymentEnd[] = [
  { outcome: 'approved', receipt },
  { outcome: 'approved', receipt: { ...receipt, printed: false } },
  { outcome: 'declined' },
  { outcome: 'cancelled' },
  { outcome: 'timeout' },
  { outcome: 'reversed' },
  { outcome: 'failed', needsAttention: true },
  { outcome: 'failed', needsAttention: false },
];
const results: PayResult[] = [
  ...ends.map((end) => ({ kind: 'ended', paymentId: 'p1', end }) as const),
  ...ErrorCode.options.map((code) => ({ kind: 'not_started', code }) as const),
];

/** A sentence for the visitor: a capital first, an end mark, no codes or English words. */
function expectPlain(text: string) {
  expect(text).toMatch(/^[А-ЯЁ«]/u);
  expect(text).toMatch(/[.!…]$/u);
  expect(text).not.toMatch(/[a-z_]{3,}/iu);
}

describe('payResultTexts', () => {
  it('says plainly how every payment ended', () => {
    for (const result of results) {
      const texts = payResultTexts(result);
      expectPlain(texts.lead);
      if (texts.next !== null) expectPlain(texts.next);
      expect(texts.title).not.toBe('');
    }
  });

  it('says «Деньги не списаны» exactly where nothing was taken, and never claims it otherwise', () => {
    for (const result of results) {
      const { lead } = payResultTexts(result);
      const outcome = result.kind === 'ended' ? result.end.outcome : 'not_started';
      const nothingTaken =
        outcome === 'declined' ||
        outcome === 'cancelled' ||
        outcome === 'timeout' ||
        outcome === 'not_started' ||
        (result.kind === 'ended' && result.end.outcome === 'failed' && !result.end.needsAttention);
      expect(lead.includes('Деньги не списаны'), `${outcome}: ${lead}`).toBe(nothingTaken);
    }
  });

  it('uses the words the product asked for', () => {
    const lead = (end: PaymentEnd) => payResultTexts({ kind: 'ended', paymentId: 'p1', end }).lead;
    expect(lead({ outcome: 'approved', receipt })).toBe('Заберите чек.');
    expect(lead({ outcome: 'approved', receipt: { ...receipt, printed: false } })).toBe(
      'Чек не напечатался. Покажите этот экран администратору или сфотографируйте его.',
    );
    expect(lead({ outcome: 'declined' })).toBe('Банк отклонил оплату. Деньги не списаны.');
    expect(lead({ outcome: 'cancelled' })).toBe('Оплата отменена. Деньги не списаны.');
    expect(lead({ outcome: 'timeout' })).toBe('Терминал не ответил. Деньги не списаны.');
    expect(lead({ outcome: 'reversed' })).toBe(
      'Чек не удалось выдать, поэтому оплата отменена. Деньги вернутся на карту.',
    );
    expect(lead({ outcome: 'failed', needsAttention: true })).toBe(
      'Не удалось узнать результат оплаты. Обратитесь к администратору, покажите этот экран.',
    );
    expect(payResultTexts({ kind: 'ended', paymentId: 'p1', end: { outcome: 'declined' } }).next).toMatch(
      /другой картой/u,
    );
  });

  it('offers to pay again exactly where the journey allows it', () => {
    for (const result of results) {
      expect(payResultTexts(result).remedy === 'again', JSON.stringify(result)).toBe(canPayAgain(result));
    }
  });

  it('explains a start the printer stopped, since a payment without a receipt is not taken', () => {
    expect(payResultTexts({ kind: 'not_started', code: 'printer_paper_out' }).lead).toMatch(/без чека/u);
  });
});

describe('the УИН texts', () => {
  it('gives each lookup outcome a sentence and one next step', () => {
    const outcomes: UinOutcome[] = ['not_found', 'already_paid', 'hub_unreachable', 'fault'];
    for (const outcome of outcomes) {
      for (const listOffered of [true, false]) {
        const texts = uinOutcomeTexts(outcome, listOffered);
        expectPlain(texts.message);
        expect(texts.action).not.toBe('');
      }
    }
    expect(uinOutcomeTexts('already_paid', true).message).toBe('Эта квитанция уже оплачена. Платить ещё раз не нужно.');
    expect(uinOutcomeTexts('hub_unreachable', true)).toMatchObject({
      message: 'Нет связи, проверить квитанцию нельзя. Выберите госпошлину из списка или оплатите в окне.',
      remedy: 'to-list',
    });
    expect(uinOutcomeTexts('hub_unreachable', false).remedy).toBe('done');
    expect(uinOutcomeTexts('not_found', true).remedy).toBe('edit');
  });

  it('says what is wrong with the digits, and counts them', () => {
    expect(uinProblemMessage('invalid_typed')).toBe('В номере ошибка: проверьте цифры.');
    expectPlain(uinProblemMessage('invalid_scan'));
    expect(uinCountLine(1)).toBe('Набрано 1 цифра. В номере УИН 20 или 25 цифр.');
    expect(uinCountLine(12)).toBe('Набрано 12 цифр. В номере УИН 20 или 25 цифр.');
    expect(uinCountLine(22)).toBe('Набрано 22 цифры. В номере УИН 20 или 25 цифр.');
  });
});

describe('the card screen texts', () => {
  it('mirrors every stage of the terminal with what to do', () => {
    for (const stage of PaymentStage.options) {
      const texts = stageTexts(stage);
      expect(texts.lead).toMatch(/^[А-ЯЁ]/u);
      expectPlain(texts.hint);
    }
    expect(stageTexts('present_card').lead).toBe('Приложите или вставьте карту');
    expect(stageTexts('enter_pin').lead).toBe('Введите ПИН-код на терминале');
    expect(stageTexts('processing').lead).toBe('Ждём ответа банка…');
    expect(stageTexts('remove_card').lead).toBe('Заберите карту');
    expect(stageTexts('printing').lead).toBe('Печатаем чек…');
  });

  it('tells where else to pay when the terminal is not ready', () => {
    expectPlain(russian('pay.terminalUnavailable'));
    expect(russian('pay.terminalUnavailable')).toMatch(/в окне/u);
  });
});

describe('the receipt on the screen', () => {
  it('shows when it was paid on the office’s clock, and an unreadable time as it came', () => {
    expect(paidAtLine('2026-11-23T11:20:00Z', 'Europe/Moscow')).toBe('23.11.2026, 14:20');
    expect(paidAtLine('2026-11-23T11:20:00Z', 'Asia/Yekaterinburg')).toBe('23.11.2026, 16:20');
    expect(paidAtLine('not a time', 'Europe/Moscow')).toBe('not a time');
    expect(paidAtLine('2026-11-23T11:20:00Z', 'No/Such_Zone')).toMatch(/^23\.11\.2026, \d\d:20$/u);
  });

  it('names the ticket the payment is linked to', () => {
    expect(ticketLinkLine('Б-007')).toBe('Оплата привязана к талону Б-007');
  });
});
