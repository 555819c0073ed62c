import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeText } from '../escpos/codepages';
import { looksLikePaymentQr, parsePaymentQr } from './payment-qr';

const PAYEE =
  'Name=УФК по Тамбовской области (МФЦ)|PersonalAcc=03100643000000016400|BankName=ОТДЕЛЕНИЕ ТАМБОВ|BIC=016850200|CorrespAcc=40102810645370000057';
const FEE = `ST00012|${PAYEE}|Sum=350000|Purpose=Госпошлина за паспорт|PayeeINN=6829012345|KPP=682901001|CBC=18810806000018003110|OKTMO=68701000|UIN=18810168230000012345|LastName=Иванова`;

/** KOI8-R bytes of a text (the encoder the kiosk does not otherwise need). */
function koi8r(text: string): Uint8Array {
  const decoder = new TextDecoder('koi8-r');
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Uint8Array.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : (table.get(c) ?? 0x3f))));
}

function cp1251(text: string): Uint8Array {
  const encoded = encodeText(text, 'windows-1251');
  if (!encoded.ok) throw new Error('not encodable');
  return encoded.bytes;
}

describe('parsePaymentQr', () => {
  it('reads a state-fee QR: the payee, the sum in kopecks, the budget details', () => {
    const parsed = parsePaymentQr(FEE);
    expect(parsed).toEqual({
      ok: true,
      value: {
        charset: 'utf-8',
        name: 'УФК по Тамбовской области (МФЦ)',
        personalAcc: '03100643000000016400',
        bankName: 'ОТДЕЛЕНИЕ ТАМБОВ',
        bic: '016850200',
        correspAcc: '40102810645370000057',
        sumKopecks: 350000,
        purpose: 'Госпошлина за паспорт',
        payeeInn: '6829012345',
        kpp: '682901001',
        cbc: '18810806000018003110',
        oktmo: '68701000',
        uin: '18810168230000012345',
        fields: expect.objectContaining({ LastName: 'Иванова', Sum: '350000' }),
      },
    });
  });

  it('applies the charset the QR declares to its bytes: 1 Windows-1251, 2 UTF-8, 3 KOI8-R', () => {
    const expected = parsePaymentQr(FEE);
    const body = FEE.slice(7);
    const as1251 = parsePaymentQr(cp1251(`ST00011${body}`));
    const asUtf8 = parsePaymentQr(new TextEncoder().encode(FEE));
    const asKoi8 = parsePaymentQr(koi8r(`ST00013${body}`));
    expect(as1251.ok && as1251.value.charset).toBe('windows-1251');
    expect(asKoi8.ok && asKoi8.value.charset).toBe('koi8-r');
    for (const parsed of [as1251, asUtf8, asKoi8]) {
      expect(parsed.ok && parsed.value.name).toBe(expected.ok && expected.value.name);
      expect(parsed.ok && parsed.value.fields).toEqual(expected.ok && expected.value.fields);
    }
  });

  it('takes the separator from the character after the service block', () => {
    const parsed = parsePaymentQr(`ST00012#${PAYEE.replaceAll('|', '#')}#Sum=100`);
    expect(parsed.ok && parsed.value.sumKopecks).toBe(100);
  });

  it('forgives a trailing separator, empty optional fields and a key in another case', () => {
    const parsed = parsePaymentQr(`ST00012|${PAYEE.replace('PersonalAcc', 'personalAcc')}|KPP=|Sum=5000|\r\n`);
    expect(parsed.ok && parsed.value).toMatchObject({ personalAcc: '03100643000000016400', sumKopecks: 5000 });
    expect(parsed.ok && parsed.value.kpp).toBeUndefined();
  });

  it('names each missing or malformed field', () => {
    const parsed = parsePaymentQr('ST00012|Name=МФЦ|PersonalAcc=123|BIC=01685020X|CorrespAcc=0|Sum=12.50');
    expect(parsed.ok).toBe(false);
    if (parsed.ok || parsed.error.code !== 'invalid_fields') throw new Error('expected invalid_fields');
    expect(parsed.error.issues.map((i) => i.field).sort()).toEqual(['BIC', 'BankName', 'PersonalAcc', 'Sum']);
  });

  it('refuses what is not a payment QR, an unknown charset, duplicates and oversized input', () => {
    expect(parsePaymentQr('https://example.ru')).toEqual({ ok: false, error: { code: 'not_payment_qr' } });
    expect(parsePaymentQr(`ST00019|${PAYEE}`)).toEqual({ ok: false, error: { code: 'unknown_charset', digit: '9' } });
    expect(parsePaymentQr(`ST00012|${PAYEE}|Sum=1|Sum=2`)).toEqual({
      ok: false,
      error: { code: 'duplicate_field', field: 'Sum' },
    });
    expect(parsePaymentQr(`ST00012|${'x'.repeat(5000)}`)).toEqual({
      ok: false,
      error: { code: 'too_long', maxLength: 4096 },
    });
    expect(parsePaymentQr(`ST00012Name=МФЦ`).ok).toBe(false);
  });

  it('keeps a field named __proto__ a field', () => {
    const parsed = parsePaymentQr(`ST00012|${PAYEE}|__proto__=x`);
    expect(parsed.ok && Object.getPrototypeOf(parsed.value.fields)).toBe(Object.prototype);
    expect(parsed.ok && Object.hasOwn(parsed.value.fields, '__proto__')).toBe(true);
  });

  it('never throws on arbitrary text or bytes, and what it accepts has every mandatory field', () => {
    const field = fc.tuple(
      fc.constantFrom('Name', 'PersonalAcc', 'BankName', 'BIC', 'CorrespAcc', 'Sum', 'KPP', 'x', ''),
      fc.string({ maxLength: 30 }),
    );
    const fuzzed = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }),
      fc
        .tuple(
          fc.constantFrom('1', '2', '3', '9'),
          fc.constantFrom('|', '#', '=', 'A'),
          fc.array(field, { maxLength: 10 }),
        )
        .map(([digit, sep, fields]) => `ST0001${digit}${sep}${fields.map(([k, v]) => `${k}=${v}`).join(sep)}`),
      fc
        .uint8Array({ maxLength: 200 })
        .map((bytes) => Uint8Array.from([...new TextEncoder().encode('ST00011|'), ...bytes])),
    );
    fc.assert(
      fc.property(fuzzed, (input) => {
        const parsed = parsePaymentQr(input);
        if (parsed.ok) {
          expect(parsed.value.name.length).toBeGreaterThan(0);
          expect(parsed.value.personalAcc).toMatch(/^\d{20}$/);
          expect(parsed.value.bic).toMatch(/^\d{9}$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back any valid payment it is given', () => {
    const value = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('|') && s.trim() === s);
    fc.assert(
      fc.property(value, value, fc.nat({ max: 10 ** 12 }), (name, bankName, sum) => {
        const text = `ST00012|Name=${name}|PersonalAcc=03100643000000016400|BankName=${bankName}|BIC=016850200|CorrespAcc=0|Sum=${sum}`;
        const parsed = parsePaymentQr(new TextEncoder().encode(text));
        expect(parsed.ok && [parsed.value.name, parsed.value.bankName, parsed.value.sumKopecks]).toEqual(
          name.length <= 160 && bankName.length <= 45 ? [name, bankName, sum] : false,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('looksLikePaymentQr', () => {
  it('tells the service block', () => {
    expect(looksLikePaymentQr(FEE)).toBe(true);
    expect(looksLikePaymentQr('ST0002')).toBe(false);
  });
});
