import { describe, expect, it } from 'vitest';
import { RegionalLanguage } from '../config/accessibility-config';
import { kioskCalls } from './kiosk-api';
import { KioskInfo } from './kiosk-info';
import { PaymentEnd } from './payments';
import { ScreenLanguage } from './screen-language';

const PAY = { subject: { kind: 'fee', serviceId: 'passport' }, amountMinor: 150_000 };

describe("the visitor's language, one list for every call that takes it", () => {
  it('goes with every print call, optional (Russian then), and anything else is refused', () => {
    const inputs = [
      [kioskCalls['tickets.issue'].input, { serviceId: 'passport' }],
      [kioskCalls['tickets.checkIn'].input, { code: '123' }],
      [kioskCalls['status.printSlip'].input, {}],
      [kioskCalls['payments.start'].input, PAY],
    ] as const;
    for (const [input, base] of inputs) {
      expect(input.safeParse(base).success).toBe(true);
      for (const language of ScreenLanguage.options) expect(input.safeParse({ ...base, language }).success).toBe(true);
      for (const language of ['de', 'RU', '', 7, null, 'kk']) {
        expect(input.safeParse({ ...base, language }).success, JSON.stringify(language)).toBe(false);
      }
    }
  });

  it('is what speech is asked in, what the access bar offers and what a region may add', () => {
    const say = kioskCalls['speech.say'].input;
    const parts = [{ text: 'Здравствуйте', private: false }];
    expect(say.safeParse({ parts, language: 'tt', privateAgreed: false, what: 'screen' }).success).toBe(true);
    expect(say.safeParse({ parts, language: 'de', privateAgreed: false, what: 'screen' }).success).toBe(false);
    expect(KioskInfo.shape.accessibility.shape.languages.safeParse(['ru', 'en', 'tt']).success).toBe(true);
    expect(RegionalLanguage.options).toEqual(ScreenLanguage.options.filter((l) => l !== 'ru' && l !== 'en'));
  });

  it("comes back with the slip's and the receipt's printed language", () => {
    const slip = kioskCalls['status.printSlip'].output;
    expect(slip.safeParse({ printed: true, printedLanguage: 'ru' }).success).toBe(true);
    expect(slip.safeParse({ printed: true }).success).toBe(true);
    expect(slip.safeParse({ printed: true, printedLanguage: 'kk' }).success).toBe(false);
    const receipt = {
      printed: true,
      amountMinor: 150_000,
      purpose: 'Госпошлина',
      rrn: '632700000101',
      authCode: '123456',
      maskedPan: '**** 1234',
      paidAt: '23.11.2026 10:52',
      reference: '3F9A0C21',
    };
    expect(PaymentEnd.safeParse({ outcome: 'approved', receipt: { ...receipt, printedLanguage: 'ru' } }).success).toBe(
      true,
    );
    expect(PaymentEnd.safeParse({ outcome: 'approved', receipt }).success).toBe(true);
    expect(PaymentEnd.safeParse({ outcome: 'approved', receipt: { ...receipt, printedLanguage: 'xx' } }).success).toBe(
      false,
    );
  });
});
