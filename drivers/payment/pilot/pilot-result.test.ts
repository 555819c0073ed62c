import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import fakePilotJson from '../../../kiosk-config/payment-profiles/fake-pilot.json';
import sbPilotJson from '../../../kiosk-config/payment-profiles/sb-pilot.json';
import { PilotPaymentProfile, type PilotTextEncoding } from '../../../kiosk-config/src/config/payment-profile';
import { sbPilotResultLines } from '../../../test/support/sb-pilot-result';
import {
  actionOutcomeFromResult,
  authoriseOutcomeFromResult,
  decodePilotText,
  endOfDayFromResult,
  lastTransactionFromResult,
  maskPan,
  normaliseCode,
  parseAmountMinor,
  parsePilotDateTime,
  parsePilotResult,
  parseProgress,
  parseSlip,
  statusFromResult,
} from './pilot-result';

const sbPilot = PilotPaymentProfile.parse(sbPilotJson);
const fakePilot = PilotPaymentProfile.parse(fakePilotJson);
const context = { amountMinor: 35000, slip: ['ОДОБРЕНО'], now: '2026-03-14T07:00:00.000Z' };

/** Text to bytes in a single-byte code page, by inverting the platform's decoder. */
function encode(text: string, encoding: PilotTextEncoding): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  const decoder = new TextDecoder(encoding === 'cp866' ? 'ibm866' : encoding);
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Uint8Array.from(
    [...text].map((char) => (char.charCodeAt(0) < 0x80 ? char.charCodeAt(0) : (table.get(char) ?? 0x3f))),
  );
}

/** An `e` file as sb_pilot lays it out (lines 0-13), with its final line break. */
function sbResult(code: string, message: string, overrides: Record<number, string> = {}): string {
  return `${sbPilotResultLines(code, message, overrides).join('\n')}\n`;
}

describe('decoding', () => {
  it('decodes CP866 and KOI8-R Cyrillic', () => {
    expect(decodePilotText(Uint8Array.of(0x80, 0xa0, 0xe0, 0xef, 0xf0, 0xf1), 'cp866')).toBe('АаряЁё');
    expect(decodePilotText(Uint8Array.of(0xe1, 0xc1, 0xf2, 0xd2), 'koi8-r')).toBe('АаРр');
    expect(decodePilotText(encode('ОДОБРЕНО', 'cp866'), 'cp866')).toBe('ОДОБРЕНО');
  });

  it('reads the slip line by line, without controls or blank ends, CRLF or LF', () => {
    const bytes = encode('\r\n  ПАО СБЕРБАНК\r\nСумма:\t350.00  \r\n\x01\r\n', 'cp866');
    expect(parseSlip(bytes, 'cp866')).toEqual(['  ПАО СБЕРБАНК', 'Сумма:\t350.00']);
    expect(parseProgress(encode('Приложите карту\nВведите ПИН\n\n', 'cp866'), 'cp866')).toBe('Введите ПИН');
  });
});

describe('parsePilotResult', () => {
  it('reads the code, message and fields of an sb_pilot result in KOI8-R', () => {
    const result = parsePilotResult(encode(sbResult('0', 'ОДОБРЕНО'), 'koi8-r'), sbPilot.result);
    expect(result).toEqual({
      kind: 'result',
      code: '0',
      message: 'ОДОБРЕНО',
      status: 'success',
      fields: {
        maskedPan: '427638******1234',
        expiry: '12/29',
        authCode: '200007',
        receiptNo: '0007',
        cardType: 'VISA',
        terminalId: '00012345',
        dateTime: '20260314102205',
        rrn: '612345000007',
        merchantId: '123456789012',
      },
    });
  });

  it('classifies codes by the profile, leading zeros ignored', () => {
    const status = (first: string) => {
      const result = parsePilotResult(encode(`${first}\r\n`, 'cp866'), fakePilot.result);
      return result.kind === 'result' ? result.status : result.kind;
    };
    expect(status('00,ОДОБРЕНО')).toBe('success');
    expect(status('2000,Операция прервана')).toBe('cancelled');
    expect(status('4451,Недостаточно средств')).toBe('failure');
    expect(status('0')).toBe('success');
    expect(normaliseCode('000')).toBe('0');
    expect(normaliseCode('-0042')).toBe('-42');
  });

  it('calls garbage malformed, with a reason', () => {
    const malformed = (bytes: Uint8Array) => parsePilotResult(bytes, sbPilot.result);
    expect(malformed(new Uint8Array())).toEqual({ kind: 'malformed', reason: 'the result file is empty' });
    expect(malformed(Uint8Array.of(0x30, 0x2c, 0x00, 0xff))).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/NUL/),
    });
    expect(malformed(encode('ОДОБРЕНО,0\n', 'koi8-r'))).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/numeric code/),
    });
    expect(malformed(new Uint8Array(70_000).fill(0x31))).toMatchObject({ kind: 'malformed' });
  });
});

describe('authoriseOutcomeFromResult', () => {
  const outcome = (text: string) =>
    authoriseOutcomeFromResult(parsePilotResult(encode(text, 'koi8-r'), sbPilot.result), context);

  it('makes an approval with the RRN as trace and the card masked to its last four digits', () => {
    expect(outcome(sbResult('0', 'ОДОБРЕНО'))).toEqual({
      outcome: 'approved',
      transaction: {
        reference: { receiptNo: '0007', trace: '612345000007', amountMinor: 35000 },
        rrn: '612345000007',
        authCode: '200007',
        maskedPan: '**** **** **** 1234',
        at: '2026-03-14T10:22:05',
        terminalId: '00012345',
        slip: ['ОДОБРЕНО'],
      },
    });
  });

  it('takes the kiosk’s clock when the pilot’s date is unreadable', () => {
    const result = outcome(sbResult('0', 'ОДОБРЕНО', { 8: '20261399999999' }));
    expect(result.outcome === 'approved' && result.transaction.at).toBe(context.now);
  });

  it('declines with the code and message; 2000 is the visitor’s cancel', () => {
    expect(outcome(sbResult('4451', 'Недостаточно средств'))).toEqual({
      outcome: 'declined',
      code: '4451',
      message: 'Недостаточно средств',
    });
    expect(outcome('2000,Операция прервана\n')).toEqual({ outcome: 'cancelled' });
  });

  it('calls an approval without a readable RRN, check number or auth code unknown, never declined', () => {
    for (const missing of [{ 9: '' }, { 9: 'RRN WITH SPACES' }, { 4: '' }, { 3: '' }, { 1: '' }]) {
      expect(outcome(sbResult('0', 'ОДОБРЕНО', missing))).toEqual({ outcome: 'unknown', reason: 'malformed_reply' });
    }
  });

  it('calls an approval of another amount unknown', () => {
    const text = `${sbResult('0', 'ОДОБРЕНО')}1\n99999\n`;
    expect(authoriseOutcomeFromResult(parsePilotResult(encode(text, 'cp866'), fakePilot.result), context)).toEqual({
      outcome: 'unknown',
      reason: 'malformed_reply',
    });
  });
});

describe('helpers', () => {
  it('masks any card number to at most its last four digits', () => {
    expect(maskPan('427638******1234')).toBe('**** **** **** 1234');
    expect(maskPan('4276 3800 1234 5678')).toBe('**** **** **** 5678');
    expect(maskPan('************')).toBe('**** **** **** ****');
    expect(maskPan('**12')).toBe('**** **** **** **12');
  });

  it('reads the terminal’s dates and refuses impossible ones', () => {
    expect(parsePilotDateTime('20260314102205')).toBe('2026-03-14T10:22:05');
    expect(parsePilotDateTime('14.03.2026 10:22:05')).toBe('2026-03-14T10:22:05');
    expect(parsePilotDateTime('20260230102205')).toBeUndefined();
    expect(parsePilotDateTime('00990101000000')).toBeUndefined();
    expect(parsePilotDateTime('yesterday')).toBeUndefined();
  });

  it('reads amounts in roubles or kopecks', () => {
    expect(parseAmountMinor('1 050,00', 'roubles')).toBe(105000);
    expect(parseAmountMinor('350.00', 'roubles')).toBe(35000);
    expect(parseAmountMinor('1050', 'roubles')).toBe(105000);
    expect(parseAmountMinor('10.5', 'roubles')).toBeUndefined();
    expect(parseAmountMinor('35000', 'kopecks')).toBe(35000);
    expect(parseAmountMinor('350.00', 'kopecks')).toBeUndefined();
  });
});

describe('the other operations', () => {
  const parse = (text: string) => parsePilotResult(encode(text, 'cp866'), fakePilot.result);

  it('commit, reverse, refund: done, refused only for the profile’s codes, else unknown', () => {
    const refused = fakePilot.result.actionRefusedCodes;
    expect(actionOutcomeFromResult(parse('0,ОДОБРЕНО\n'), refused)).toEqual({ outcome: 'done' });
    expect(actionOutcomeFromResult(parse('9001,Операция не найдена\n'), refused)).toEqual({
      outcome: 'refused',
      code: '9001',
      message: 'Операция не найдена',
    });
    expect(actionOutcomeFromResult(parse('4119,Нет связи с банком\n'), refused)).toEqual({
      outcome: 'unknown',
      reason: 'not done by the terminal: 4119 Нет связи с банком',
    });
    expect(actionOutcomeFromResult(parse('x'), refused)).toMatchObject({ outcome: 'unknown' });
  });

  it('end of day: totals from the slip’s total line; a closed day without one is failed, saying so', () => {
    const totals = fakePilot.operations.endOfDay.totals;
    const slip = ['СВЕРКА ИТОГОВ', 'ОПЛАТА       3       1 400.00', 'ИТОГО        2       1 050.00', 'Итоги совпали'];
    expect(endOfDayFromResult(parse('0,Сверка итогов выполнена\n'), slip, totals)).toEqual({
      outcome: 'done',
      totals: { count: 2, totalMinor: 105000, slip },
    });
    expect(endOfDayFromResult(parse('0,Сверка итогов выполнена\n'), ['Итоги совпали'], totals)).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/closed the day .* no line of its slip gave the totals/),
    });
    expect(endOfDayFromResult(parse('4119,Нет связи с банком\n'), slip, totals)).toEqual({
      outcome: 'failed',
      reason: '4119 Нет связи с банком',
    });
    // sb-pilot's guessed pattern reads the same kind of line.
    expect(endOfDayFromResult(parse('0,OK\n'), slip, sbPilot.operations.endOfDay.totals)).toMatchObject({
      outcome: 'done',
      totals: { count: 2, totalMinor: 105000 },
    });
  });

  it('last transaction: none, an approved sale with its transaction, a reversal, an unknown operation', () => {
    const layout = fakePilot.operations.lastTransaction;
    if (!layout) throw new Error('the fake pilot profile has a last-transaction command');
    const now = context.now;
    expect(lastTransactionFromResult(parse('9404,Нет операций\n'), layout, { slip: [], now })).toEqual({
      outcome: 'none',
    });
    const sale = lastTransactionFromResult(parse(`${sbResult('0', 'ОДОБРЕНО')}1\n35000\n`), layout, { slip: [], now });
    expect(sale).toMatchObject({
      outcome: 'found',
      kind: 'authorisation',
      approved: true,
      reference: { receiptNo: '0007', trace: '612345000007', amountMinor: 35000 },
      transaction: { rrn: '612345000007', maskedPan: '**** **** **** 1234' },
    });
    const reversal = lastTransactionFromResult(parse(`${sbResult('0', 'ОДОБРЕНО')}8\n35000\n`), layout, {
      slip: [],
      now,
    });
    expect(reversal).toEqual({
      outcome: 'found',
      kind: 'reversal',
      approved: true,
      reference: { receiptNo: '0007', trace: '612345000007', amountMinor: 35000 },
    });
    expect(lastTransactionFromResult(parse(`${sbResult('0', 'ОК')}77\n35000\n`), layout, { slip: [], now })).toEqual({
      outcome: 'unknown',
      reason: 'unknown last operation "77"',
    });
  });

  it('status: ready with the terminal id, or why not', () => {
    expect(statusFromResult(parse('0,Связь есть\n\n\n\n\n\n\n00012345\n'))).toEqual({
      ready: true,
      terminalId: '00012345',
    });
    expect(statusFromResult(parse('99,Нет связи с пинпадом\n'))).toEqual({
      ready: false,
      reason: '99 Нет связи с пинпадом',
    });
  });
});

describe('fuzzing (fast-check)', () => {
  const layouts = [sbPilot.result, fakePilot.result];
  const encodings: PilotTextEncoding[] = ['cp866', 'koi8-r', 'windows-1251', 'utf-8'];

  it('never throws on any bytes, and never approves with more than four digits of the card', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(...layouts),
        fc.constantFrom(...encodings),
        (bytes, layout, encoding) => {
          const result = parsePilotResult(bytes, { ...layout, encoding });
          const outcome = authoriseOutcomeFromResult(result, context);
          if (outcome.outcome === 'approved')
            expect(outcome.transaction.maskedPan.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
          actionOutcomeFromResult(result, ['9001']);
          statusFromResult(result);
          endOfDayFromResult(result, parseSlip(bytes, encoding), fakePilot.operations.endOfDay.totals);
          const last = fakePilot.operations.lastTransaction;
          if (last) lastTransactionFromResult(result, last, { slip: [], now: context.now });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('mangled results stay malformed, unknown or declined: an approval needs every field', () => {
    const valid = encode(sbResult('0', 'ОДОБРЕНО'), 'koi8-r');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (edits) => {
          const bytes = valid.slice();
          for (const [at, value] of edits) bytes[Math.min(at, bytes.length - 1)] = value;
          const outcome = authoriseOutcomeFromResult(parsePilotResult(bytes, sbPilot.result), context);
          if (outcome.outcome === 'approved') {
            expect(outcome.transaction.rrn).toMatch(/^[0-9A-Za-z]{1,32}$/);
            expect(outcome.transaction.maskedPan).toMatch(/^\*{4} \*{4} \*{4} [0-9*]{4}$/);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back any well-formed result it is given', () => {
    const field = fc.stringMatching(/^[0-9A-Z]{1,12}$/);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99999 }),
        field,
        field,
        fc.constantFrom(...encodings),
        (code, rrn, authCode, encoding) => {
          const text = sbResult(String(code), 'Сообщение', { 9: rrn, 3: authCode });
          const result = parsePilotResult(encode(text, encoding), { ...sbPilot.result, encoding });
          expect(result).toMatchObject({
            kind: 'result',
            code: String(code),
            message: 'Сообщение',
            fields: { rrn, authCode },
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
