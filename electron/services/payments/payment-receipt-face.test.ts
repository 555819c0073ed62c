import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../drivers/escpos/escpos-encoder';
import { listPrinterProfiles, loadPrinterProfile } from '../../../drivers/printer/load-printer-profile';
import { formatRoubles } from '../../../kiosk-config/src/hub/payments-api';
import { withUinCheckDigit } from '../../../kiosk-config/src/hub/uin';
import { paymentReceipt } from '../../../kiosk-config/src/receipt/payment-receipt';
import { printableSlipLine, receiptFaceFor } from './payment-receipt-face';
import { maskPan, scrubCardNumbers } from './payment-steps';
import { handMadeRecord } from './payment-test-support';

const place = {
  officeName: 'МФЦ «Мои Документы», с. Берёзовка',
  kioskId: 'kiosk-berezovka-01',
  timeZone: 'Europe/Moscow',
};
const uin = withUinCheckDigit('032212000000000012345678');
const payment = handMadeRecord('committed', {
  ticketNumber: 'Б-017',
  charge: {
    ...handMadeRecord('committed').charge,
    uin,
    kbk: '18810806000018003110',
    oktmo: '28701000',
  },
  transaction: {
    reference: { receiptNo: '000123', trace: '456', amountMinor: 150_000 },
    rrn: '632712345678',
    authCode: '123456',
    maskedPan: '**** 1234',
    at: '2026-11-23T07:52:00.000Z',
    terminalId: 'T0000001',
    slip: ['ПАО ДЕМОБАНК', '╔═══ ОДОБРЕНО ═══╗', 'ИТОГ   1500.00 RUB', 'Подпись не требуется'],
  },
});

const profiles = await Promise.all((await listPrinterProfiles()).map((id) => loadPrinterProfile(id)));

describe('the payment receipt', () => {
  it('says everything the payment is: fee, УИН, payee, amount, card, RRN, kiosk, office time, slip', () => {
    const face = receiptFaceFor(payment, place);
    expect(face).toMatchObject({
      total: '1 500,00 руб.',
      card: '**** 1234',
      rrn: '632712345678',
      authCode: '123456',
      uin,
      paidAt: '23.11.2026 10:52',
      kioskId: 'kiosk-berezovka-01',
      reference: '5D0C8F52',
      receiptNo: '000123',
      terminalId: 'T0000001',
      ticketNumber: 'Б-017',
      kbk: '18810806000018003110',
    });
    expect(face.copy).toBeUndefined();
    expect(face.slip).toEqual(['ПАО ДЕМОБАНК', '     ОДОБРЕНО', 'ИТОГ   1500.00 RUB', 'Подпись не требуется']);
    expect(receiptFaceFor(payment, place, true).copy).toBe(true);
    expect(() => receiptFaceFor(handMadeRecord('declined'), place)).toThrow(/no approved transaction/);
  });

  it.each(profiles.map((p) => [p.id, p] as const))(
    'encodes for %s (every character printable), copy included',
    (_id, profile) => {
      for (const copy of [false, true]) {
        const result = encodeReceipt(paymentReceipt(receiptFaceFor(payment, place, copy)), profile);
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        expect(result.bytes.length).toBeGreaterThan(500);
      }
    },
  );

  it('prints the old receipt byte for byte when none of the new parts are given', async () => {
    const profile = await loadPrinterProfile('generic-80mm');
    const result = encodeReceipt(
      paymentReceipt({
        officeName: 'МФЦ «Мои Документы», с. Берёзовка',
        items: [{ name: 'Госпошлина за выдачу паспорта гражданина РФ взамен утраченного', amount: '1 500,00 руб.' }],
        total: '1 500,00 руб.',
        card: '**** 1234',
        authCode: '123456',
        rrn: '632712345678',
        uin: '18810177260000123456',
        paidAt: '23.11.2026 10:52',
        checkUrl: 'https://okno.example/check/632712345678',
      }),
      profile,
    );
    if (!result.ok) throw new Error('does not encode');
    const fixture = await readFile(
      new URL('../../../test/fixtures/receipts/payment-receipt.generic-80mm.txt', import.meta.url),
      'utf8',
    );
    const hex = fixture
      .split('-- bytes --')[1]
      ?.trim()
      .split('\n')
      .flatMap((line) => line.slice(6).trim().split(' '))
      .join('');
    expect(Buffer.from(result.bytes).toString('hex')).toBe(hex);
  });

  it('keeps a card number off paper and disk, whatever the terminal sent', () => {
    expect(maskPan('427612******1234')).toBe('**** 1234');
    expect(maskPan('4276123456781234')).toBe('**** 1234');
    expect(maskPan('')).toBe('****');
    expect(scrubCardNumbers('КАРТА 4276 1234 5678 1234 VISA')).toBe('КАРТА **** 1234 VISA');
    expect(scrubCardNumbers('RRN 632712345678')).toBe('RRN 632712345678');
    expect(printableSlipLine('Сумма: 1 500,00 ₽ ✓')).toBe('Сумма: 1 500,00');
  });

  it('formats kopecks as roubles', () => {
    expect(formatRoubles(150_000)).toBe('1 500,00 руб.');
    expect(formatRoubles(5)).toBe('0,05 руб.');
    expect(formatRoubles(123_456_789)).toBe('1 234 567,89 руб.');
  });
});
