import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GS, GS1_AIS, hasValidCheckDigit, parseGs1 } from './gs1';

const MARKING = `0104600439931256215!&QdZxT3kP+X${GS}91EE06${GS}92dGVzdGNyeXB0b3RhaWxmb3Jva25vZml4dHVyZXMwMDA=`;
const opts = { referenceYear: 2026 };

describe('parseGs1', () => {
  it('splits a "Честный знак" marking code: GTIN, serial, verification key and code', () => {
    const parsed = parseGs1(MARKING, opts);
    expect(parsed.ok && parsed.value.elements.map((e) => [e.ai, e.value])).toEqual([
      ['01', '04600439931256'],
      ['21', '5!&QdZxT3kP+X'],
      ['91', 'EE06'],
      ['92', 'dGVzdGNyeXB0b3RhaWxmb3Jva25vZml4dHVyZXMwMDA='],
    ]);
    expect(parsed.ok && parsed.value).toMatchObject({ gtin: '04600439931256', serial: '5!&QdZxT3kP+X' });
  });

  it('accepts the GS1 AIM identifiers and a leading FNC1 in front of the data', () => {
    for (const prefix of [']d2', ']C1', ']e0', ']Q3', ']J1', GS, `]d2${GS}`]) {
      const parsed = parseGs1(`${prefix}${MARKING}`, opts);
      expect(parsed.ok && parsed.value.gtin, prefix).toBe('04600439931256');
    }
  });

  it('reads dates with the sliding century and day 00 as the end of the month', () => {
    const parsed = parseGs1(`010460043993125617270200${GS}10LOT-7${GS}11991231`, opts);
    expect(parsed.ok && parsed.value).toMatchObject({ expiry: '2027-02-28', batch: 'LOT-7' });
    expect(parsed.ok && parsed.value.elements.find((e) => e.ai === '11')?.date).toBe('1999-12-31');
    expect(parseGs1('010460043993125617270230', opts)).toEqual({ ok: false, error: { code: 'bad_date', ai: '17' } });
    expect(parseGs1('01046004399312561713130110', opts)).toEqual({ ok: false, error: { code: 'bad_date', ai: '17' } });
  });

  it('places the decimal point of measures, and the currency of amounts', () => {
    const parsed = parseGs1(`01046004399312563103001250${GS}3922199${GS}39316431500`, opts);
    const byAi = new Map(parsed.ok ? parsed.value.elements.map((e) => [e.ai, e]) : []);
    expect(byAi.get('3103')?.decimal).toBe(1.25);
    expect(byAi.get('3922')?.decimal).toBe(1.99);
    expect(byAi.get('3931')).toMatchObject({ currency: '643', decimal: 150 });
  });

  it('tolerates a GS after a fixed-length value', () => {
    const parsed = parseGs1(`0104600439931256${GS}21ABC`, opts);
    expect(parsed.ok && parsed.value.serial).toBe('ABC');
  });

  it('reads the bracketed human-readable form', () => {
    const parsed = parseGs1('(01)04600439931256(17)270228(10)A(1)', opts);
    expect(parsed.ok && parsed.value).toMatchObject({ gtin: '04600439931256', expiry: '2027-02-28', batch: 'A(1)' });
  });

  it('checks the GTIN check digit, the lengths, the characters and the AIs', () => {
    expect(parseGs1('0104600439931257', opts)).toEqual({ ok: false, error: { code: 'bad_check_digit', ai: '01' } });
    expect(parseGs1('01046004399312', opts)).toEqual({ ok: false, error: { code: 'too_short', ai: '01', at: 2 } });
    expect(parseGs1(`0104600439931256${'21'}${'x'.repeat(21)}`, opts)).toEqual({
      ok: false,
      error: { code: 'too_long', ai: '21', maxLength: 20 },
    });
    expect(parseGs1('010460043993125621ab#', opts)).toEqual({ ok: false, error: { code: 'bad_characters', ai: '21' } });
    expect(parseGs1('0104600439931256' + '991', opts).ok).toBe(true);
    expect(parseGs1('0104600439931256' + '05x', opts)).toEqual({ ok: false, error: { code: 'unknown_ai', at: 16 } });
    expect(parseGs1('https://example.ru', opts)).toEqual({ ok: false, error: { code: 'not_gs1' } });
    expect(parseGs1(']d2', opts)).toEqual({ ok: false, error: { code: 'not_gs1' } });
  });

  it('has a prefix-free table of AIs, as GS1 defines them', () => {
    const ais = [...GS1_AIS.keys()];
    const clashes = ais.flatMap((ai) =>
      ais.filter((other) => other !== ai && other.startsWith(ai)).map((o) => `${ai}/${o}`),
    );
    expect(clashes).toEqual([]);
  });

  it('never throws on arbitrary text, and the elements it returns cover the input', () => {
    const alphabet = fc.constantFrom(...'0123456789', GS, '(', ')', 'A', '!', '#', ']', 'd', 'x');
    const nearGs1 = fc.array(alphabet, { maxLength: 80 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 120 }), nearGs1),
        fc.integer({ min: 1900, max: 2200 }),
        (text, year) => {
          const parsed = parseGs1(text, { referenceYear: year });
          if (parsed.ok && !text.includes('(')) {
            const joined = parsed.value.elements.map((e) => e.ai + e.value).join('');
            expect(joined.length).toBeLessThanOrEqual(text.length);
            expect(parsed.value.elements.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back any element string built from GTIN, lot, expiry and serial', () => {
    const x = fc.string({ unit: fc.constantFrom(...'ABCXYZabc0123456789-./+'), minLength: 1, maxLength: 20 });
    const gtin = fc.stringMatching(/^\d{13}$/).map((d) => d + checkDigit(d));
    const date = fc.record({
      y: fc.integer({ min: 0, max: 99 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    });
    fc.assert(
      fc.property(gtin, x, date, x, (g, lot, { y, m, d }, serial) => {
        const yymmdd = [y, m, d].map((v) => String(v).padStart(2, '0')).join('');
        const parsed = parseGs1(`]d2${GS}01${g}10${lot}${GS}17${yymmdd}21${serial}`, opts);
        expect(parsed.ok && [parsed.value.gtin, parsed.value.batch, parsed.value.serial]).toEqual([g, lot, serial]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hasValidCheckDigit', () => {
  it('checks GTIN-8/12/13/14 and SSCC check digits', () => {
    expect(hasValidCheckDigit('96385074')).toBe(true);
    expect(hasValidCheckDigit('4607001234562')).toBe(true);
    expect(hasValidCheckDigit('4607001234567')).toBe(false);
    expect(hasValidCheckDigit('04600439931256')).toBe(true);
    expect(hasValidCheckDigit('106141411234567897')).toBe(true);
    expect(hasValidCheckDigit('12a4')).toBe(false);
  });
});

function checkDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}
