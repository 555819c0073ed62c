import { describe, expect, it } from 'vitest';
import { DEMO_UIN_PASSPORT, DEMO_UIN_PROPERTY } from '../../../hub/db/payments-demo-seed';
import { uinFromText } from './uin-from-text';

const PAYEE =
  'Name=УФК по Демо-области (Управление Росреестра по Демо-области)|PersonalAcc=03100643000000017300|' +
  'BankName=ОТДЕЛЕНИЕ ДЕМО БАНКА РОССИИ|BIC=004525000|CorrespAcc=0';

describe('uinFromText', () => {
  it('takes 20 or 25 typed digits, with spaces or dashes between groups', () => {
    expect(uinFromText(DEMO_UIN_PASSPORT)).toBe(DEMO_UIN_PASSPORT);
    expect(uinFromText(' 1881 0177 2600 0054 3210 ')).toBe(DEMO_UIN_PASSPORT);
    expect(uinFromText('03221-20000-00000-00123-45673')).toBe(DEMO_UIN_PROPERTY);
  });

  it('refuses a wrong check digit, a wrong length, letters and zeros', () => {
    expect(uinFromText('18810177260000543211')).toBeUndefined();
    expect(uinFromText('1881017726000054321')).toBeUndefined();
    expect(uinFromText('1881017726000054321A')).toBeUndefined();
    expect(uinFromText('0'.repeat(20))).toBeUndefined();
    expect(uinFromText('')).toBeUndefined();
  });

  it('reads the УИН field of a bill’s payment QR (GOST R 56042)', () => {
    expect(uinFromText(`ST00012|${PAYEE}|Sum=400000|UIN=${DEMO_UIN_PROPERTY}|LastName=Иванова\r`)).toBe(
      DEMO_UIN_PROPERTY,
    );
    // A payee name over the standard's 160 characters: the QR does not parse, its УИН is still read.
    expect(uinFromText(`ST00012|Name=${'Я'.repeat(200)}|UIN=${DEMO_UIN_PASSPORT}`)).toBe(DEMO_UIN_PASSPORT);
  });

  it('finds nothing in a QR without a УИН, with «0», or with a wrong one', () => {
    expect(uinFromText(`ST00012|${PAYEE}|Sum=400000`)).toBeUndefined();
    expect(uinFromText(`ST00012|${PAYEE}|UIN=0`)).toBeUndefined();
    expect(uinFromText(`ST00012|${PAYEE}|UIN=18810177260000543211`)).toBeUndefined();
    // A QR is not typed digits: its other numbers are never taken for a УИН.
    expect(uinFromText(`ST00012|PersonalAcc=${DEMO_UIN_PASSPORT}`)).toBeUndefined();
  });
});
