import { correctWithCheckDigits } from './mrz-correction';
import {
  type FieldReading,
  readDate,
  readDocumentCode,
  readSex,
  readStateCode,
  splitName,
  withoutFillers,
} from './mrz-fields';
import { type CheckedField, checkLayout, detectLayout } from './mrz-layout';
import type {
  IcaoDocumentFields,
  MrzParseResult,
  ParsedDocument,
  RussianInternalPassportFields,
} from './parsed-document';
import { readRussianInternalPassport } from './russian-internal-passport';

/** Options of `parseMrz`. */
export interface ParseMrzOptions {
  /** "Today" for the century of two-digit years (default: now). */
  today?: Date;
}

/** More than any zone holds (3×30, 2×36, 2×44 plus line breaks): longer input is not an MRZ. */
export const MAX_MRZ_INPUT_CHARS = 256;

/**
 * Parses a machine-readable zone: ICAO 9303 TD1 (ID cards, 3×30), TD2 (2×36), TD3 (passports,
 * 2×44) and the Russian internal passport (TD3 positions, `PNRUS…`).
 *
 * Never throws on any input: a zone it cannot read is `{ ok: false, error: { code, field? } }`.
 * Every check digit is verified; OCR look-alikes (O/0, I/1, B/8) are corrected only where check
 * digits confirm the fix (see `correctWithCheckDigits`), and each fix is listed in `corrections`.
 * Dates come back as ISO 8601 with the century inferred (birth and issue dates in the past, expiry
 * dates within `EXPIRY_WINDOW_YEARS` ahead).
 *
 * The result is the visitor's personal data: keep it for their session only, and never log it.
 * Errors and corrections name fields, so they may be logged; their values may not.
 *
 * @param input the zone as one string (lines separated by CR, LF or CRLF) or as lines
 */
export function parseMrz(input: string | readonly string[], options: ParseMrzOptions = {}): MrzParseResult {
  const lines = normaliseLines(input);
  if (!lines) return { ok: false, error: { code: 'unrecognised_format' } };
  const detected = detectLayout(lines);
  if (!detected.ok) return { ok: false, error: { code: detected.code } };
  const format = detected.shape.format;

  const layout = checkLayout(format, lines);
  const checked = correctWithCheckDigits(lines, layout);
  if (!checked.ok) return { ok: false, error: { code: 'check_digit_failed', field: checked.field } };

  const today = options.today ?? new Date();
  const fields =
    format === 'RU_INTERNAL_PASSPORT'
      ? readRussianInternalPassport(checked.lines, today)
      : readIcaoDocument(format, checked.lines, layout.fields, today);
  if (!fields.ok) return { ok: false, error: { code: 'invalid_field', field: fields.field } };
  return { ok: true, document: asSessionOnly(fields.value), corrections: checked.corrections };
}

/** The one place a document gets its personal-data brand. */
function asSessionOnly(fields: IcaoDocumentFields | RussianInternalPassportFields): ParsedDocument {
  return fields as ParsedDocument;
}

/**
 * Lines as the layouts count them: split at line breaks, surrounding blanks trimmed, empty lines
 * dropped, ASCII letters upper-cased (only ASCII, so no character changes the length of a line).
 */
function normaliseLines(input: unknown): string[] | null {
  let raw: unknown[];
  if (typeof input === 'string') {
    if (input.length > MAX_MRZ_INPUT_CHARS) return null;
    raw = input.split(/\r\n|\r|\n/);
  } else if (Array.isArray(input)) {
    raw = input;
  } else {
    return null;
  }
  const lines: string[] = [];
  let total = 0;
  for (const line of raw) {
    if (typeof line !== 'string') return null;
    total += line.length;
    if (total > MAX_MRZ_INPUT_CHARS) return null;
    const trimmed = line.replace(/^[ \t]+|[ \t]+$/g, '').replace(/[a-z]/g, (c) => c.toUpperCase());
    if (trimmed.length > 0) lines.push(trimmed);
  }
  return lines;
}

const ICAO_NAME_PART = /^[A-Z]+$/;

/** Where the ICAO layouts keep each field (columns from 0, end exclusive). */
const ICAO_POSITIONS = {
  TD1: {
    names: [2, 0, 30],
    nationality: [1, 15, 18],
    birthDate: [1, 0, 6],
    sex: [1, 7, 8],
    expiryDate: [1, 8, 14],
    optional: [
      [0, 15, 30],
      [1, 18, 29],
    ],
  },
  TD2: {
    names: [0, 5, 36],
    nationality: [1, 10, 13],
    birthDate: [1, 13, 19],
    sex: [1, 20, 21],
    expiryDate: [1, 21, 27],
    optional: [[1, 28, 35]],
  },
  TD3: {
    names: [0, 5, 44],
    nationality: [1, 10, 13],
    birthDate: [1, 13, 19],
    sex: [1, 20, 21],
    expiryDate: [1, 21, 27],
    optional: [[1, 28, 42]],
  },
} as const satisfies Record<IcaoDocumentFields['format'], unknown>;

function readIcaoDocument(
  format: IcaoDocumentFields['format'],
  lines: readonly string[],
  checkedFields: readonly CheckedField[],
  today: Date,
): FieldReading<IcaoDocumentFields> {
  const at = ([line, start, end]: readonly [number, number, number]) => (lines[line] ?? '').slice(start, end);
  const positions = ICAO_POSITIONS[format];
  const numberField = checkedFields.find((field) => field.field === 'documentNumber');

  const documentCode = readDocumentCode((lines[0] ?? '').slice(0, 2));
  if (!documentCode.ok) return documentCode;
  const issuingState = readStateCode((lines[0] ?? '').slice(2, 5), 'issuingState');
  if (!issuingState.ok) return issuingState;
  // The number's runs come from the check layout, which knows the long-number variant.
  const documentNumber = withoutFillers(
    numberField?.spans.map((span) => at([span.line, span.start, span.end])).join('') ?? '',
  );
  if (!/^[A-Z0-9]+$/.test(documentNumber)) return { ok: false, field: 'documentNumber' };
  const nationality = readStateCode(at(positions.nationality), 'nationality');
  if (!nationality.ok) return nationality;
  const name = splitName(at(positions.names), ICAO_NAME_PART, { primaryMayBeEmpty: true });
  if (!name.ok) return name;
  const birthDate = readDate(at(positions.birthDate), 'birthDate', 'past', today);
  if (!birthDate.ok) return birthDate;
  const sex = readSex(at(positions.sex));
  if (!sex.ok) return sex;
  const expiryDate = readDate(at(positions.expiryDate), 'expiryDate', 'expiry', today);
  if (!expiryDate.ok) return expiryDate;

  const optionalData: string[] = [];
  for (const [line, start, end] of positions.optional) {
    // A long document number takes the head of the optional data, up to its check digit.
    const digit = numberField?.digit;
    const from = digit && digit.line === line && digit.column >= start && digit.column < end ? digit.column + 1 : start;
    const text = at([line, from, end]);
    if (!/^[A-Z0-9<]*$/.test(text)) return { ok: false, field: 'optionalData' };
    const value = withoutFillers(text).trim();
    if (value) optionalData.push(value);
  }

  return {
    ok: true,
    value: {
      format,
      documentCode: documentCode.value,
      issuingState: issuingState.value,
      documentNumber,
      nationality: nationality.value,
      surname: name.value.surnameParts.join(' '),
      givenNames: name.value.givenParts.join(' '),
      nameMayBeTruncated: name.value.mayBeTruncated,
      sex: sex.value,
      birthDate: birthDate.value,
      expiryDate: expiryDate.value,
      optionalData,
    },
  };
}
