/**
 * Specimen zones and zone builders, for tests and the document reader simulator.
 *
 * The ICAO specimens are those of ICAO Doc 9303 (the fictional state Utopia, `UTO`). The Russian
 * ones are made up, built to the national layout (`russian-internal-passport.ts`); their check
 * digits were also verified with the independent `mrz` package. No real person's data is here.
 */
import { FILLER, mrzCheckDigit } from './mrz-check-digit';
import { transliterateToMrz } from './russian-internal-passport';

/** ICAO 9303 part 4 (TD3, passport) specimen. */
export const TD3_SPECIMEN = [
  'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
  'L898902C36UTO7408122F1204159ZE184226B<<<<<10',
] as const;

/** ICAO 9303 part 5 (TD1, ID card) specimen. */
export const TD1_SPECIMEN = [
  'I<UTOD231458907<<<<<<<<<<<<<<<',
  '7408122F1204159UTO<<<<<<<<<<<6',
  'ERIKSSON<<ANNA<MARIA<<<<<<<<<<',
] as const;

/**
 * A TD3 passport (ICAO 9303 part 4 layout) of a holder with one name only: the primary
 * identifier is empty and the name field starts with `<<`, as some states print it
 * (`P<IND<<FIRST<NAME…`). Made up; check digits computed.
 */
export const TD3_SINGLE_NAME_SPECIMEN = [
  'P<IND<<FIRST<NAME<<<<<<<<<<<<<<<<<<<<<<<<<<<',
  'J8369854<4IND7408122F3204153<<<<<<<<<<<<<<08',
] as const;

/** The ICAO 9303 part 5 TD1 specimen with only a secondary identifier (`<<ANNA<MARIA`). */
export const TD1_SINGLE_NAME_SPECIMEN = [TD1_SPECIMEN[0], TD1_SPECIMEN[1], '<<ANNA<MARIA<<<<<<<<<<<<<<<<<<'] as const;

/**
 * The Belgian identity card specimen (2020): a 12-digit number `000590696101`, its first nine
 * digits, a filler, then `101` and the check digit 5 in the optional data; the national register
 * number fills the second optional field and the composite covers the filler as 0.
 */
export const BELGIAN_TD1_SPECIMEN = [
  'IDBEL000590696<1015<<<<<<<<<<<',
  '9401013F2710017BEL000101123453',
  'SPECIMEN<<SPECIMEN<<<<<<<<<<<<',
] as const;

/**
 * The same card as issuers print it who compute the long number's check digit over the number
 * with the filler that marks it long (`000590696<101` → 7, not 5); composite recomputed.
 */
export const BELGIAN_TD1_FILLER_DIGIT_SPECIMEN = [
  'IDBEL000590696<1017<<<<<<<<<<<',
  '9401013F2710017BEL000101123459',
  'SPECIMEN<<SPECIMEN<<<<<<<<<<<<',
] as const;

/** ICAO 9303 part 6 (TD2) specimen. */
export const TD2_SPECIMEN = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'] as const;

/**
 * A Russian internal passport: ЧЕРНЫШЁВА ЮЛИЯ ВЯЧЕСЛАВОВНА, series 4509 number 123456, born
 * 15.03.1985, issued 20.07.2015 by department 770-093. Its name uses the table's digits (Ч, Ш, Ё, Ю, Я).
 */
export const RU_PASSPORT_SPECIMEN = [
  'PNRUS3ERNY42VA<<7LI8<V83ESLAVOVNA<<<<<<<<<<<',
  '4501234568RUS8503150F<<<<<<<9150720770093<22',
] as const;

/** A Russian internal passport: ПЕТРОВ ИВАН СЕРГЕЕВИЧ, 4603 000187, born 02.11.1962, issued 25.01.2012, 500-015. */
export const RU_PASSPORT_SPECIMEN_2 = [
  'PNRUSPETROV<<IVAN<SERGEEVI3<<<<<<<<<<<<<<<<<',
  '4600001874RUS6211028M<<<<<<<3120125500015<74',
] as const;

/** Fields of a TD3 zone to build; dates as YYMMDD, fillers where the layout wants them. */
export interface Td3Fields {
  documentCode?: string;
  issuingState: string;
  names: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  sex: string;
  expiryDate: string;
  optionalData?: string;
}

/** Builds a TD3 zone with correct check digits. */
export function buildTd3(fields: Td3Fields): [string, string] {
  const line1 = padTo(`${padTo(fields.documentCode ?? 'P', 2)}${padTo(fields.issuingState, 3)}${fields.names}`, 44);
  const number = withDigit(padTo(fields.documentNumber, 9));
  const birth = withDigit(padTo(fields.birthDate, 6));
  const expiry = withDigit(padTo(fields.expiryDate, 6));
  const optionalText = padTo(fields.optionalData ?? '', 14);
  // An empty personal number may carry a filler as its check digit; ICAO specimens use 0 or <.
  const optional = withDigit(optionalText);
  const body = `${number}${padTo(fields.nationality, 3)}${birth}${padTo(fields.sex, 1)}${expiry}${optional}`;
  const composite = digit(`${body.slice(0, 10)}${body.slice(13, 20)}${body.slice(21, 43)}`);
  return [line1, `${body}${composite}`];
}

/** Fields of a TD1 zone to build. */
export interface Td1Fields {
  documentCode?: string;
  issuingState: string;
  documentNumber: string;
  optionalData1?: string;
  birthDate: string;
  sex: string;
  expiryDate: string;
  nationality: string;
  optionalData2?: string;
  names: string;
  /**
   * For a number longer than 9 characters: compute its check digit over the number with the
   * filler that marks it long, as some issuers do, rather than over the number alone (ICAO).
   */
  numberDigitOverFiller?: boolean;
}

/**
 * Builds a TD1 zone with correct check digits. A number longer than 9 characters goes on in the
 * optional data after a filler, followed by its check digit and a filler (ICAO 9303-5 note j).
 */
export function buildTd1(fields: Td1Fields): [string, string, string] {
  const line1 = padTo(
    `${padTo(fields.documentCode ?? 'I', 2)}${padTo(fields.issuingState, 3)}${td1NumberAndOptionalData(fields)}`,
    30,
  );
  const head = `${withDigit(padTo(fields.birthDate, 6))}${padTo(fields.sex, 1)}${withDigit(padTo(fields.expiryDate, 6))}`;
  const body = `${head}${padTo(fields.nationality, 3)}${padTo(fields.optionalData2 ?? '', 11)}`;
  const composite = digit(`${line1.slice(5, 30)}${body.slice(0, 7)}${body.slice(8, 15)}${body.slice(18, 29)}`);
  return [line1, `${body}${composite}`, padTo(fields.names, 30)];
}

/** Upper line positions 6–30 of a TD1: the document number, its check digit, the optional data. */
function td1NumberAndOptionalData(fields: Td1Fields): string {
  const number = fields.documentNumber;
  const optional = fields.optionalData1 ?? '';
  if (number.length <= 9) return `${withDigit(padTo(number, 9))}${padTo(optional, 15)}`;
  const marked = `${number.slice(0, 9)}${FILLER}${number.slice(9)}`;
  const check = digit(fields.numberDigitOverFiller ? marked : number);
  return `${marked}${check}${optional ? `${FILLER}${optional}` : ''}`;
}

/** Fields of a TD2 zone to build. */
export interface Td2Fields {
  documentCode?: string;
  issuingState: string;
  names: string;
  documentNumber: string;
  nationality: string;
  birthDate: string;
  sex: string;
  expiryDate: string;
  optionalData?: string;
}

/** Builds a TD2 zone with correct check digits (document numbers of up to 9 characters). */
export function buildTd2(fields: Td2Fields): [string, string] {
  const line1 = padTo(`${padTo(fields.documentCode ?? 'I', 2)}${padTo(fields.issuingState, 3)}${fields.names}`, 36);
  const body = `${withDigit(padTo(fields.documentNumber, 9))}${padTo(fields.nationality, 3)}${withDigit(padTo(fields.birthDate, 6))}${padTo(fields.sex, 1)}${withDigit(padTo(fields.expiryDate, 6))}${padTo(fields.optionalData ?? '', 7)}`;
  const composite = digit(`${body.slice(0, 10)}${body.slice(13, 20)}${body.slice(21, 35)}`);
  return [line1, `${body}${composite}`];
}

/** A Russian internal passport to build, in Cyrillic; dates as YYMMDD. */
export interface RussianPassportFields {
  surname: string;
  givenName: string;
  patronymic?: string;
  /** 4 digits. */
  series: string;
  /** 6 digits. */
  number: string;
  birthDate: string;
  sex: 'M' | 'F';
  issueDate: string;
  /** 6 digits, no hyphen. */
  departmentCode: string;
}

/**
 * Builds a Russian internal passport zone with correct check digits, names through the national
 * table (cut at position 44, as the rules cut the patronymic). Throws on a name outside the table:
 * a bug in the test or simulator script that calls it.
 */
export function buildRussianPassport(fields: RussianPassportFields): [string, string] {
  const name = [fields.surname, '', fields.givenName, ...(fields.patronymic ? [fields.patronymic] : [])]
    .map((part) => {
      const mrz = transliterateToMrz(part);
      if (mrz === null) throw new Error('a name outside the Russian MRZ table');
      return mrz;
    })
    .join(FILLER);
  const line1 = padTo(`PNRUS${name}`, 44);
  const number = withDigit(`${fields.series.slice(0, 3)}${fields.number}`);
  const optional = withDigit(`${fields.series.slice(3, 4)}${fields.issueDate}${fields.departmentCode}${FILLER}`);
  const body = `${number}RUS${withDigit(fields.birthDate)}${fields.sex}${FILLER.repeat(7)}${optional}`;
  const composite = digit(`${body.slice(0, 10)}${body.slice(13, 20)}${body.slice(21, 43)}`);
  return [line1, `${body}${composite}`];
}

/** Pads with fillers, or cuts, to `length`. */
function padTo(text: string, length: number): string {
  return text.padEnd(length, FILLER).slice(0, length);
}

function withDigit(text: string): string {
  return `${text}${digit(text)}`;
}

function digit(text: string): string {
  const value = mrzCheckDigit(text);
  // Builders are given MRZ characters only; anything else is a bug in the caller.
  if (value === null) throw new Error('not an MRZ character');
  return String(value);
}
