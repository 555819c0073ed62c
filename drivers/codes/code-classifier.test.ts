import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeText } from '../escpos/codepages';
import { classifyCode } from './code-classifier';
import { GS } from './gs1';

const PAYMENT =
  'ST00012|Name=УФК по Тамбовской области|PersonalAcc=03100643000000016400|BankName=ОТДЕЛЕНИЕ ТАМБОВ|BIC=016850200|CorrespAcc=40102810645370000057|Sum=350000';
const MARKING = `0104600439931256215!&QdZxT3kP+X${GS}91EE06${GS}92dGVzdGNyeXB0b3RhaWxmb3Jva25vZml4dHVyZXMwMDA=`;

describe('classifyCode', () => {
  it('recognises a payment QR and parses it', () => {
    const classified = classifyCode({ text: PAYMENT, symbology: ']Q1' });
    expect(classified.kind).toBe('payment_qr');
    expect(classified.kind === 'payment_qr' && classified.parsed.sumKopecks).toBe(350000);
  });

  it("reads a Windows-1251 payment QR from the scan's bytes, whatever its text became", () => {
    const encoded = encodeText(PAYMENT.replace('ST00012', 'ST00011'), 'windows-1251');
    if (!encoded.ok) throw new Error('not encodable');
    const garbled = new TextDecoder('utf-8').decode(encoded.bytes);
    const classified = classifyCode({ text: garbled, bytes: encoded.bytes });
    expect(classified.kind === 'payment_qr' && classified.parsed.name).toBe('УФК по Тамбовской области');
  });

  it('recognises GS1 data by its AIM identifier, a leading FNC1, or the shape of a marking code', () => {
    for (const code of [
      { text: MARKING, symbology: ']d2' },
      { text: `${GS}${MARKING}` },
      { text: MARKING },
      { text: '(01)04600439931256(21)ABC' },
      { text: '010460043993125621ABC' },
    ]) {
      const classified = classifyCode(code, { referenceYear: 2026 });
      expect(classified.kind, code.text).toBe('gs1');
      expect(classified.kind === 'gs1' && classified.parsed.gtin).toBe('04600439931256');
    }
  });

  it('leaves other codes as text, saying why a would-be payment or GS1 code was not one', () => {
    expect(classifyCode({ text: '4607001234562', symbology: ']E0' })).toEqual({
      kind: 'text',
      parsed: { text: '4607001234562' },
    });
    expect(classifyCode({ text: 'https://okno.example/status?n=1', symbology: ']Q1' }).kind).toBe('text');
    expect(classifyCode({ text: 'ST00012|Name=МФЦ' })).toMatchObject({
      kind: 'text',
      rejected: { as: 'payment_qr', error: { code: 'invalid_fields' } },
    });
    expect(classifyCode({ text: '0104600439931257', symbology: ']C1' })).toMatchObject({
      kind: 'text',
      rejected: { as: 'gs1', error: { code: 'bad_check_digit' } },
    });
    // Shaped like a marking code but not one: plain text, with nothing to say.
    expect(classifyCode({ text: '010460043993125721ABC' })).toEqual({
      kind: 'text',
      parsed: { text: '010460043993125721ABC' },
    });
  });

  it('never throws on arbitrary codes', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ maxLength: 100 }).map((t) => `ST0001${t}`),
      fc.string({ maxLength: 100 }).map((t) => `01046004399312562${t}`),
    );
    fc.assert(
      fc.property(
        text,
        fc.option(fc.constantFrom(']Q1', ']d2', ']C1', ']E0', ']Q3')),
        fc.option(fc.uint8Array({ maxLength: 200 })),
        (t, symbology, bytes) => {
          const code = { text: t, ...(symbology === null ? {} : { symbology }), ...(bytes === null ? {} : { bytes }) };
          expect(['payment_qr', 'gs1', 'text']).toContain(classifyCode(code).kind);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
