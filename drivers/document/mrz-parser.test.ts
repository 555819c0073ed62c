import { describe, expect, it } from 'vitest';
import { mrzCheckDigit } from './mrz-check-digit';
import { parseMrz } from './mrz-parser';
import {
  BELGIAN_TD1_FILLER_DIGIT_SPECIMEN,
  BELGIAN_TD1_SPECIMEN,
  buildRussianPassport,
  buildTd1,
  buildTd2,
  buildTd3,
  RU_PASSPORT_SPECIMEN,
  RU_PASSPORT_SPECIMEN_2,
  TD1_SINGLE_NAME_SPECIMEN,
  TD1_SPECIMEN,
  TD2_SPECIMEN,
  TD3_SINGLE_NAME_SPECIMEN,
  TD3_SPECIMEN,
} from './mrz-specimens';
import type { MrzParseResult } from './parsed-document';

const today = new Date(2025, 5, 1);
const parse = (input: string | readonly string[]) => parseMrz(input, { today });

/** Replaces one character of a zone. */
function misread(lines: readonly string[], line: number, column: number, char: string): string[] {
  return lines.map((text, i) => (i === line ? `${text.slice(0, column)}${char}${text.slice(column + 1)}` : text));
}

function documentOf(result: MrzParseResult) {
  if (!result.ok) throw new Error(`expected a document, got ${JSON.stringify(result.error)}`);
  return result.document;
}

const ANNA = {
  issuingState: 'UTO',
  nationality: 'UTO',
  surname: 'ERIKSSON',
  givenNames: 'ANNA MARIA',
  nameMayBeTruncated: false,
  sex: 'female',
  birthDate: '1974-08-12',
  expiryDate: '2012-04-15',
} as const;

describe('mrzCheckDigit', () => {
  it('weights 7-3-1 with letters from 10 and the filler as 0 (ICAO 9303-3 §4.9)', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(mrzCheckDigit('<<<<<<')).toBe(0);
    expect(mrzCheckDigit('AB2134<<<')).toBe(5);
  });

  it('has no value for characters outside the MRZ alphabet', () => {
    expect(mrzCheckDigit('74O8a2')).toBeNull();
    expect(mrzCheckDigit('7408 2')).toBeNull();
  });
});

describe('parseMrz: ICAO 9303 specimens', () => {
  it('reads the TD3 passport specimen', () => {
    expect(parse(TD3_SPECIMEN)).toEqual({
      ok: true,
      document: {
        format: 'TD3',
        documentCode: 'P',
        documentNumber: 'L898902C3',
        optionalData: ['ZE184226B'],
        ...ANNA,
      },
      corrections: [],
    });
  });

  it('reads the TD1 ID card specimen', () => {
    expect(parse(TD1_SPECIMEN)).toEqual({
      ok: true,
      document: { format: 'TD1', documentCode: 'I', documentNumber: 'D23145890', optionalData: [], ...ANNA },
      corrections: [],
    });
  });

  it('reads the TD2 specimen', () => {
    expect(parse(TD2_SPECIMEN)).toEqual({
      ok: true,
      document: { format: 'TD2', documentCode: 'I', documentNumber: 'D23145890', optionalData: [], ...ANNA },
      corrections: [],
    });
  });

  it('reads a TD1 document number longer than 9 characters from the optional data', () => {
    // ICAO 9303-5 note j: D23145890734, check digit 9, continued after a filler.
    const line1 = 'I<UTOD23145890<7349<<<<<<<<<<<';
    const head = TD1_SPECIMEN[1].slice(0, 29);
    const composite = mrzCheckDigit(
      `${line1.slice(5, 30)}${head.slice(0, 7)}${head.slice(8, 15)}${head.slice(18, 29)}`,
    );
    const zone = [line1, `${head}${composite}`, TD1_SPECIMEN[2]];
    expect(documentOf(parse(zone))).toMatchObject({ documentNumber: 'D23145890734', optionalData: [] });
    expect(parse(misread(zone, 0, 18, '8'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'documentNumber' },
    });
  });

  it('takes the zone as one string with any line breaks, blanks around lines and lower case', () => {
    const text = `\r\n  ${TD3_SPECIMEN[0].toLowerCase()}  \r\n\n${TD3_SPECIMEN[1]}\r`;
    expect(documentOf(parse(text)).documentNumber).toBe('L898902C3');
    expect(documentOf(parse(TD1_SPECIMEN.join('\r'))).format).toBe('TD1');
  });
});

describe('parseMrz: names without a surname (ICAO 9303 parts 4–5)', () => {
  it('reads a passport whose name field starts with << (only a secondary identifier)', () => {
    expect(parse(TD3_SINGLE_NAME_SPECIMEN)).toEqual({
      ok: true,
      document: {
        format: 'TD3',
        documentCode: 'P',
        issuingState: 'IND',
        documentNumber: 'J8369854',
        nationality: 'IND',
        surname: '',
        givenNames: 'FIRST NAME',
        nameMayBeTruncated: false,
        sex: 'female',
        birthDate: '1974-08-12',
        expiryDate: '2032-04-15',
        optionalData: [],
      },
      corrections: [],
    });
    const built = buildTd3({
      issuingState: 'IND',
      names: '<<FIRST<NAME',
      documentNumber: 'J8369854',
      nationality: 'IND',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '320415',
    });
    expect(built).toEqual([...TD3_SINGLE_NAME_SPECIMEN]);
  });

  it('reads the ICAO TD1 specimen with only a secondary identifier', () => {
    expect(documentOf(parse(TD1_SINGLE_NAME_SPECIMEN))).toMatchObject({
      format: 'TD1',
      documentNumber: 'D23145890',
      surname: '',
      givenNames: 'ANNA MARIA',
    });
  });

  it.each([
    ['no name at all', '<'.repeat(30)],
    ['a single filler before the surname', '<ERIKSSON<<ANNA<<<<<<<<<<<<<<<'],
    ['three fillers before the given names', '<<<ANNA<MARIA<<<<<<<<<<<<<<<<<'],
    ['a digit in the given names', '<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<'],
  ])('still rejects %s', (_, names) => {
    expect(parse([TD1_SPECIMEN[0], TD1_SPECIMEN[1], names])).toEqual({
      ok: false,
      error: { code: 'invalid_field', field: 'names' },
    });
  });

  it('still wants a surname in a Russian internal passport', () => {
    const zone = buildRussianPassport({
      surname: '',
      givenName: 'ИВАН',
      series: '4603',
      number: '000187',
      birthDate: '621102',
      sex: 'M',
      issueDate: '120125',
      departmentCode: '500015',
    });
    expect(zone[0].startsWith('PNRUS<<IVAN<')).toBe(true);
    expect(parse(zone)).toEqual({ ok: false, error: { code: 'invalid_field', field: 'names' } });
  });
});

describe('parseMrz: TD1 document numbers longer than 9 characters (Belgian identity cards)', () => {
  const belgian = {
    format: 'TD1',
    documentCode: 'ID',
    issuingState: 'BEL',
    documentNumber: '000590696101',
    nationality: 'BEL',
    surname: 'SPECIMEN',
    givenNames: 'SPECIMEN',
    sex: 'female',
    birthDate: '1994-01-01',
    expiryDate: '2027-10-01',
    optionalData: ['00010112345'],
  };

  it('reads the Belgian specimen: the number goes on after a filler, the composite covers the filler', () => {
    expect(parse(BELGIAN_TD1_SPECIMEN)).toMatchObject({ ok: true, document: belgian, corrections: [] });
  });

  it('reads a card whose number check digit is computed over the number with its filler', () => {
    expect(parse(BELGIAN_TD1_FILLER_DIGIT_SPECIMEN)).toMatchObject({ ok: true, document: belgian, corrections: [] });
  });

  it('builds both kinds of card as the specimens are printed', () => {
    const fields = {
      documentCode: 'ID',
      issuingState: 'BEL',
      documentNumber: '000590696101',
      birthDate: '940101',
      sex: 'F',
      expiryDate: '271001',
      nationality: 'BEL',
      optionalData2: '00010112345',
      names: 'SPECIMEN<<SPECIMEN',
    };
    expect(buildTd1(fields)).toEqual([...BELGIAN_TD1_SPECIMEN]);
    expect(buildTd1({ ...fields, numberDigitOverFiller: true })).toEqual([...BELGIAN_TD1_FILLER_DIGIT_SPECIMEN]);
  });

  it('still rejects a long number whose digit matches neither way, or whose composite fails', () => {
    // 5 is the ICAO digit, 7 the one over the filler: 6 is neither.
    expect(parse(misread(BELGIAN_TD1_SPECIMEN, 0, 18, '6'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'documentNumber' },
    });
    // The ICAO digit with the composite of the other card.
    expect(parse([BELGIAN_TD1_SPECIMEN[0], BELGIAN_TD1_FILLER_DIGIT_SPECIMEN[1], BELGIAN_TD1_SPECIMEN[2]])).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'composite' },
    });
  });
});

describe('parseMrz: Russian internal passport', () => {
  it('reads series, number, issue date, department code and the Cyrillic name', () => {
    expect(parse(RU_PASSPORT_SPECIMEN)).toEqual({
      ok: true,
      document: {
        format: 'RU_INTERNAL_PASSPORT',
        documentCode: 'PN',
        issuingState: 'RUS',
        documentNumber: '4509123456',
        nationality: 'RUS',
        surname: '3ERNY42VA',
        givenNames: '7LI8 V83ESLAVOVNA',
        nameMayBeTruncated: false,
        sex: 'female',
        birthDate: '1985-03-15',
        expiryDate: null,
        optionalData: [],
        series: '4509',
        number: '123456',
        issueDate: '2015-07-20',
        departmentCode: '770-093',
        cyrillic: { surname: 'ЧЕРНЫШЁВА', givenName: 'ЮЛИЯ', patronymic: 'ВЯЧЕСЛАВОВНА' },
      },
      corrections: [],
    });
  });

  it('keeps leading zeros of the number and reads a man born in the last century', () => {
    expect(documentOf(parse(RU_PASSPORT_SPECIMEN_2))).toMatchObject({
      series: '4603',
      number: '000187',
      birthDate: '1962-11-02',
      sex: 'male',
      issueDate: '2012-01-25',
      departmentCode: '500-015',
      cyrillic: { surname: 'ПЕТРОВ', givenName: 'ИВАН', patronymic: 'СЕРГЕЕВИЧ' },
    });
  });

  it('builds the specimens it reads (the builder and the parser agree on the layout)', () => {
    expect(
      buildRussianPassport({
        surname: 'Чернышёва',
        givenName: 'Юлия',
        patronymic: 'Вячеславовна',
        series: '4509',
        number: '123456',
        birthDate: '850315',
        sex: 'F',
        issueDate: '150720',
        departmentCode: '770093',
      }),
    ).toEqual(RU_PASSPORT_SPECIMEN);
  });

  it('reads a name without patronymic, a double surname, and a name cut at position 44', () => {
    const base = { series: '4509', number: '123456', birthDate: '850315', sex: 'M', issueDate: '150720' } as const;
    const noPatronymic = buildRussianPassport({
      ...base,
      surname: 'Ким',
      givenName: 'Игорь',
      departmentCode: '770093',
    });
    expect(documentOf(parse(noPatronymic))).toMatchObject({
      cyrillic: { surname: 'КИМ', givenName: 'ИГОРЬ', patronymic: null },
      nameMayBeTruncated: false,
    });
    const double = buildRussianPassport({
      ...base,
      surname: 'Петров-Водкин',
      givenName: 'Кузьма',
      patronymic: 'Сергеевич',
      departmentCode: '770093',
    });
    expect(documentOf(parse(double))).toMatchObject({
      cyrillic: { surname: 'ПЕТРОВ-ВОДКИН', givenName: 'КУЗЬМА', patronymic: 'СЕРГЕЕВИЧ' },
    });
    const long = buildRussianPassport({
      ...base,
      surname: 'Константинопольская',
      givenName: 'Александра',
      patronymic: 'Вячеславовна',
      departmentCode: '770093',
    });
    expect(documentOf(parse(long))).toMatchObject({
      cyrillic: { givenName: 'АЛЕКСАНДРА', patronymic: 'ВЯЧЕСЛА' },
      nameMayBeTruncated: true,
    });
  });

  it('rejects a name holding a character the national table does not use', () => {
    const zone = misread(RU_PASSPORT_SPECIMEN, 0, 6, '0');
    expect(parse(zone)).toEqual({ ok: false, error: { code: 'invalid_field', field: 'names' } });
  });

  it('rejects an impossible issue date even with matching check digits', () => {
    const zone = buildRussianPassport({
      surname: 'Ким',
      givenName: 'Игорь',
      series: '4509',
      number: '123456',
      birthDate: '850315',
      sex: 'M',
      issueDate: '151320',
      departmentCode: '770093',
    });
    expect(parse(zone)).toEqual({ ok: false, error: { code: 'invalid_field', field: 'issueDate' } });
  });
});

describe('parseMrz: OCR misreadings', () => {
  it('fixes a letter O in a date, confirmed by its check digit and the composite', () => {
    const zone = misread(TD3_SPECIMEN, 1, 15, 'O');
    expect(parse(zone)).toEqual({
      ok: true,
      document: documentOf(parse(TD3_SPECIMEN)),
      corrections: [{ field: 'birthDate', line: 1, column: 15, read: 'O', corrected: '0' }],
    });
  });

  it('fixes a composite digit read as a letter, but not a look-alike the check digit denies', () => {
    expect(parse(misread(TD3_SPECIMEN, 1, 43, 'O'))).toMatchObject({
      ok: true,
      corrections: [{ field: 'composite', line: 1, column: 43, read: 'O', corrected: '0' }],
    });
    // The document number's check digit is 6: an I there would be a 1, which does not check.
    expect(parse(misread(TD3_SPECIMEN, 1, 9, 'I'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'documentNumber' },
    });
  });

  it('fixes B/8 and O/0 both ways in an alphanumeric field when exactly one reading checks', () => {
    expect(parse(misread(TD3_SPECIMEN, 1, 31, 'B'))).toMatchObject({
      ok: true,
      document: { optionalData: ['ZE184226B'] },
      corrections: [{ field: 'optionalData', line: 1, column: 31, read: 'B', corrected: '8' }],
    });
    expect(parse(misread(TD3_SPECIMEN, 1, 5, 'O'))).toMatchObject({
      ok: true,
      document: { documentNumber: 'L898902C3' },
      corrections: [{ field: 'documentNumber', column: 5, read: 'O', corrected: '0' }],
    });
  });

  it('fixes a misread series digit of a Russian passport', () => {
    expect(parse(misread(RU_PASSPORT_SPECIMEN_2, 1, 3, 'O'))).toMatchObject({
      ok: true,
      document: { series: '4603', number: '000187' },
      corrections: [{ field: 'documentNumber', line: 1, column: 3, read: 'O', corrected: '0' }],
    });
    expect(parse(misread(RU_PASSPORT_SPECIMEN, 1, 36, 'I'))).toMatchObject({
      ok: false,
      error: { code: 'check_digit_failed', field: 'optionalData' },
    });
  });

  it('rejects a zone where the check digits cannot single out one fix', () => {
    // The number holds a letter O and a digit 0 at columns of the same weight: with the 0 read as
    // O, turning either O into 0 satisfies both check digits, so neither is chosen.
    const zone = buildTd3({
      issuingState: 'UTO',
      names: 'ERIKSSON<<ANNA',
      documentNumber: 'AO1204567',
      nationality: 'UTO',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '320415',
    });
    expect(documentOf(parse(zone)).documentNumber).toBe('AO1204567');
    expect(parse(misread(zone, 1, 4, 'O'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'documentNumber' },
    });
  });

  it('never corrects characters that only the composite digit covers', () => {
    const zone = buildTd1({
      issuingState: 'UTO',
      documentNumber: 'D23145890',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
      nationality: 'UTO',
      optionalData2: 'A1B2',
      names: 'ERIKSSON<<ANNA',
    });
    expect(documentOf(parse(zone)).optionalData).toEqual(['A1B2']);
    expect(parse(misread(zone, 1, 19, 'I'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'composite' },
    });
  });

  it('does not change a field whose check digit matches as read', () => {
    // An O in the document number that checks as read stays an O.
    const zone = buildTd3({
      issuingState: 'UTO',
      names: 'ERIKSSON<<ANNA',
      documentNumber: 'AO1234567',
      nationality: 'UTO',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '320415',
    });
    expect(parse(zone)).toMatchObject({ ok: true, document: { documentNumber: 'AO1234567' }, corrections: [] });
  });
});

describe('parseMrz: rejected zones', () => {
  it.each([
    ['nothing', ''],
    ['a blank line', ' \r\n '],
    ['prose', 'Заявление № 2024-000123'],
    ['lines of an unknown length', ['P<UTO'.padEnd(40, '<'), 'L898902C3'.padEnd(40, '<')]],
    ['too many lines', [...TD3_SPECIMEN, TD3_SPECIMEN[1]]],
    ['lines of different layouts', [TD2_SPECIMEN[0], TD3_SPECIMEN[1]]],
    ['a visa (document code V)', misread(TD3_SPECIMEN, 0, 0, 'V')],
    ['an old French ID card', ['IDFRA'.padEnd(36, '<'), TD2_SPECIMEN[1]]],
    ['input far too long', 'P'.repeat(10_000)],
  ])('calls %s an unrecognised format', (_, input) => {
    expect(parse(input)).toEqual({ ok: false, error: { code: 'unrecognised_format' } });
  });

  it.each([
    ['the first line of a TD3', [TD3_SPECIMEN[0]]],
    ['a TD3 cut in its second line', [TD3_SPECIMEN[0], TD3_SPECIMEN[1].slice(0, 20)]],
    ['two lines of a TD1', TD1_SPECIMEN.slice(0, 2)],
  ])('calls %s truncated', (_, input) => {
    expect(parse(input)).toEqual({ ok: false, error: { code: 'truncated' } });
  });

  it('names the field whose check digit fails, and never its value', () => {
    expect(parse(misread(TD3_SPECIMEN, 1, 9, '5'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'documentNumber' },
    });
    expect(parse(misread(TD3_SPECIMEN, 1, 22, '3'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'expiryDate' },
    });
    expect(parse(misread(TD3_SPECIMEN, 1, 43, '9'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'composite' },
    });
    expect(parse(misread(TD3_SPECIMEN, 1, 16, '?'))).toEqual({
      ok: false,
      error: { code: 'check_digit_failed', field: 'birthDate' },
    });
  });

  it('rejects fields the layout does not allow, even with matching check digits', () => {
    const fields = {
      issuingState: 'UTO',
      names: 'ERIKSSON<<ANNA',
      documentNumber: 'L898902C3',
      nationality: 'UTO',
      birthDate: '740812',
      sex: 'F',
      expiryDate: '120415',
    };
    const error = (zone: readonly string[]) => (parse(zone) as { error?: unknown }).error;
    expect(error(buildTd3({ ...fields, birthDate: '741312' }))).toEqual({ code: 'invalid_field', field: 'birthDate' });
    expect(error(buildTd3({ ...fields, birthDate: '230229' }))).toEqual({ code: 'invalid_field', field: 'birthDate' });
    expect(error(buildTd3({ ...fields, sex: 'Z' }))).toEqual({ code: 'invalid_field', field: 'sex' });
    expect(error(buildTd3({ ...fields, names: 'ERIKSS0N<<ANNA' }))).toEqual({ code: 'invalid_field', field: 'names' });
    expect(error(buildTd3({ ...fields, nationality: 'U1O' }))).toEqual({ code: 'invalid_field', field: 'nationality' });
    expect(error(buildTd2({ ...fields, issuingState: '<<<' }))).toEqual({
      code: 'invalid_field',
      field: 'issuingState',
    });
  });
});

describe('parseMrz: dates', () => {
  const td3 = (birthDate: string, expiryDate: string) =>
    documentOf(
      parse(
        buildTd3({
          issuingState: 'UTO',
          names: 'ERIKSSON<<ANNA',
          documentNumber: 'L898902C3',
          nationality: 'UTO',
          birthDate,
          sex: 'F',
          expiryDate,
        }),
      ),
    );

  it('puts birth dates in the past and expiry dates within 50 years ahead', () => {
    expect(td3('000101', '300101')).toMatchObject({ birthDate: '2000-01-01', expiryDate: '2030-01-01' });
    expect(td3('250601', '250601')).toMatchObject({ birthDate: '2025-06-01', expiryDate: '2025-06-01' });
    expect(td3('250602', '750101')).toMatchObject({ birthDate: '1925-06-02', expiryDate: '2075-01-01' });
    expect(td3('300101', '800101')).toMatchObject({ birthDate: '1930-01-01', expiryDate: '1980-01-01' });
  });

  it('reads an unknown birth day or month as a reduced-precision ISO date', () => {
    expect(td3('7408<<', '300101').birthDate).toBe('1974-08');
    expect(td3('74<<<<', '300101').birthDate).toBe('1974');
  });

  it('reads 29 February in a leap year only', () => {
    expect(td3('000229', '280229')).toMatchObject({ birthDate: '2000-02-29', expiryDate: '2028-02-29' });
  });
});
