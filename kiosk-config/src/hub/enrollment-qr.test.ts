import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEnrollmentQr, parseEnrollmentQr } from './enrollment-qr';

describe('the enrollment QR', () => {
  it('carries the code, the kiosk, the office and its name in ASCII', () => {
    const text = formatEnrollmentQr({
      code: 'ABCD-EFGH-JKMN',
      kioskId: 'kiosk-berezovka-1',
      officeId: 'mfc-berezovka',
      officeName: 'МФЦ с. Берёзовка',
      expiresAt: '2026-12-10T08:00:00.000Z',
    });
    expect(text).toMatch(/^OKNO-E1\?c=ABCD-EFGH-JKMN&k=kiosk-berezovka-1&o=mfc-berezovka&n=%D0%9C/);
    expect(text).toMatch(/^[\x21-\x7e]+$/);
    expect(parseEnrollmentQr(`  ${text}\r\n`)).toEqual({
      code: 'ABCD-EFGH-JKMN',
      kioskId: 'kiosk-berezovka-1',
      officeId: 'mfc-berezovka',
      officeName: 'МФЦ с. Берёзовка',
      expiresAt: '2026-12-10T08:00:00.000Z',
    });
  });

  it('refuses other codes, unknown or repeated fields, broken escapes', () => {
    for (const text of [
      'ABCD-EFGH-JKMN',
      'OKNO-E2?c=ABCD-EFGH-JKMN&k=k&o=o',
      'OKNO-E1?c=ABCD-EFGH-JKMN&k=k',
      'OKNO-E1?c=ABCD-EFGH-JKMN&k=k&o=o&z=1',
      'OKNO-E1?c=ABCD-EFGH-JKMN&k=k&o=o&o=p',
      'OKNO-E1?c=ABCD-EFGH-JKMN&k=k&o=%E0%A4%A',
      'OKNO-E1?c=AB&k=k&o=o',
      'OKNO-E1?c=ABCD-EFGH-JKMN&k=k&o=o&__proto__=x',
    ]) {
      expect(parseEnrollmentQr(text)).toBeUndefined();
    }
  });

  it('fuzz: whatever it formats it reads back; nothing it is given makes it throw', () => {
    const id = fc.string({ minLength: 1, maxLength: 64 });
    fc.assert(
      fc.property(
        fc.record({
          code: fc.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
          kioskId: id,
          officeId: id,
          officeName: fc.option(fc.string({ minLength: 1, maxLength: 200 }), { nil: undefined }),
        }),
        (qr) => {
          const { officeName, ...rest } = qr;
          const parsed = parseEnrollmentQr(formatEnrollmentQr(qr));
          // Surrounding white space is trimmed off the whole text only, never off a value.
          expect(parsed).toEqual(officeName === undefined ? rest : qr);
        },
      ),
    );
    fc.assert(fc.property(fc.string(), (text) => void parseEnrollmentQr(`OKNO-E1?${text}`)));
  });
});
