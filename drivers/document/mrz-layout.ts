import { FILLER } from './mrz-check-digit';
import type { MrzFieldName, MrzFormat } from './parsed-document';

/** A position in the zone, line and column both from 0. */
export interface MrzPosition {
  line: number;
  column: number;
}

/**
 * A run of characters on one line, `[start, end)`. `numeric` runs hold only digits and fillers, so
 * a letter there can only be a misread digit; `alphanumeric` runs may hold either.
 */
export interface MrzSpan {
  line: number;
  start: number;
  end: number;
  kind: 'numeric' | 'alphanumeric';
}

/** A field protected by its own check digit. */
export interface CheckedField {
  field: MrzFieldName;
  /** The characters the check digit covers, in order. */
  spans: MrzSpan[];
  digit: MrzPosition;
  /** The field may be all fillers, and then its check digit a filler (or 0): ICAO 9303-3 §4.9. */
  fillerAllowed: boolean;
  /**
   * Other characters some issuers compute the same check digit over; the digit may match
   * either. Only the long TD1/TD2 document number has them (see `documentNumberField`).
   */
  issuerSpans?: MrzSpan[];
}

/** Where a layout's check digits are and what each covers. */
export interface CheckLayout {
  fields: CheckedField[];
  /** The composite (final) check digit over the listed runs, check digits included. */
  composite: { spans: MrzSpan[]; digit: MrzPosition };
}

/** The shape of a known layout. */
export interface LayoutShape {
  format: MrzFormat;
  lineCount: number;
  lineLength: number;
}

const SHAPES: readonly LayoutShape[] = [
  { format: 'TD1', lineCount: 3, lineLength: 30 },
  { format: 'TD2', lineCount: 2, lineLength: 36 },
  { format: 'TD3', lineCount: 2, lineLength: 44 },
];

/** What `detectLayout` makes of the lines. */
export type LayoutDetection =
  | { ok: true; shape: LayoutShape }
  | { ok: false; code: 'unrecognised_format' | 'truncated' };

/**
 * Tells the layout from the number and length of the lines and the document code.
 *
 * A zone whose first line has the full length of a layout, with later lines missing or the last
 * one short, is `truncated`: the reader lost the end of the document.
 */
export function detectLayout(lines: readonly string[]): LayoutDetection {
  const first = lines[0];
  if (first === undefined) return { ok: false, code: 'unrecognised_format' };
  const shape = SHAPES.find((s) => s.lineLength === first.length && documentCodeFits(s.format, first));
  if (!shape) return { ok: false, code: 'unrecognised_format' };
  if (lines.length > shape.lineCount) return { ok: false, code: 'unrecognised_format' };
  const last = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    const length = lines[i]?.length ?? 0;
    if (length === shape.lineLength) continue;
    // Only the last line we have may be short, and then the document is cut.
    if (i === last && length < shape.lineLength) return { ok: false, code: 'truncated' };
    return { ok: false, code: 'unrecognised_format' };
  }
  if (lines.length < shape.lineCount) return { ok: false, code: 'truncated' };
  if (shape.format === 'TD3' && first.startsWith('PNRUS')) {
    return { ok: true, shape: { ...shape, format: 'RU_INTERNAL_PASSPORT' } };
  }
  return { ok: true, shape };
}

function documentCodeFits(format: MrzFormat, firstLine: string): boolean {
  const code = firstLine.charAt(0);
  if (format === 'TD3') return code === 'P';
  // ID cards and official travel documents: I, A, C (ICAO 9303-5 §4.2.2, -6 §4.2.2). The old
  // French national ID card is 2×36 too but in a layout of its own, so it is not read as TD2.
  if (format === 'TD2' && firstLine.startsWith('IDFRA')) return false;
  return code === 'I' || code === 'A' || code === 'C';
}

const numeric = (line: number, start: number, end: number): MrzSpan => ({ line, start, end, kind: 'numeric' });
const alnum = (line: number, start: number, end: number): MrzSpan => ({ line, start, end, kind: 'alphanumeric' });
const at = (line: number, column: number): MrzPosition => ({ line, column });

/**
 * The check layout of a detected zone. Positions follow ICAO 9303 parts 4–6 and, for the Russian
 * internal passport, the national rules (see `russian-internal-passport.ts`).
 */
export function checkLayout(format: MrzFormat, lines: readonly string[]): CheckLayout {
  switch (format) {
    case 'TD1':
      return td1Layout(lines);
    case 'TD2':
      return td2Layout(lines);
    case 'TD3':
      return td3Layout(false);
    case 'RU_INTERNAL_PASSPORT':
      return td3Layout(true);
  }
}

function td1Layout(lines: readonly string[]): CheckLayout {
  return {
    fields: [
      documentNumberField(lines, 0, 5, 15, 30),
      { field: 'birthDate', spans: [numeric(1, 0, 6)], digit: at(1, 6), fillerAllowed: false },
      { field: 'expiryDate', spans: [numeric(1, 8, 14)], digit: at(1, 14), fillerAllowed: false },
    ],
    composite: {
      spans: [alnum(0, 5, 30), alnum(1, 0, 7), alnum(1, 8, 15), alnum(1, 18, 29)],
      digit: at(1, 29),
    },
  };
}

function td2Layout(lines: readonly string[]): CheckLayout {
  return {
    fields: [
      documentNumberField(lines, 1, 0, 28, 35),
      { field: 'birthDate', spans: [numeric(1, 13, 19)], digit: at(1, 19), fillerAllowed: false },
      { field: 'expiryDate', spans: [numeric(1, 21, 27)], digit: at(1, 27), fillerAllowed: false },
    ],
    composite: { spans: [alnum(1, 0, 10), alnum(1, 13, 20), alnum(1, 21, 35)], digit: at(1, 35) },
  };
}

function td3Layout(russian: boolean): CheckLayout {
  return {
    fields: [
      {
        field: 'documentNumber',
        // The Russian series and number are digits only.
        spans: [russian ? numeric(1, 0, 9) : alnum(1, 0, 9)],
        digit: at(1, 9),
        fillerAllowed: false,
      },
      { field: 'birthDate', spans: [numeric(1, 13, 19)], digit: at(1, 19), fillerAllowed: false },
      // The Russian internal passport states no expiry: fillers, check digit included.
      { field: 'expiryDate', spans: [numeric(1, 21, 27)], digit: at(1, 27), fillerAllowed: russian },
      {
        field: 'optionalData',
        // Russian: series digit, issue date, department code (13 digits), then a filler.
        spans: russian ? [numeric(1, 28, 41), alnum(1, 41, 42)] : [alnum(1, 28, 42)],
        digit: at(1, 42),
        fillerAllowed: !russian,
      },
    ],
    composite: { spans: [alnum(1, 0, 10), alnum(1, 13, 20), alnum(1, 21, 43)], digit: at(1, 43) },
  };
}

/**
 * The document number of TD1/TD2, including the long-number variant: a filler where the check
 * digit belongs means the number goes on in the optional data, ended by its check digit and a
 * filler (ICAO 9303-5 §4.2.2.2 note j, 9303-6 §4.2.2.2).
 *
 * ICAO computes that check digit over the number's characters alone; some issuers (Belgian
 * identity cards among them) compute it over the number with the filler that marks it long,
 * which weighs the continuation differently. Both are accepted: the composite digit, which
 * covers the whole line either way, still checks the number.
 */
function documentNumberField(
  lines: readonly string[],
  line: number,
  start: number,
  optionalStart: number,
  optionalEnd: number,
): CheckedField {
  const text = lines[line] ?? '';
  const digitColumn = start + 9;
  const short: CheckedField = {
    field: 'documentNumber',
    spans: [alnum(line, start, digitColumn)],
    digit: at(line, digitColumn),
    fillerAllowed: false,
  };
  if (text.charAt(digitColumn) !== FILLER || text.charAt(optionalStart) === FILLER) return short;
  let end = text.indexOf(FILLER, optionalStart);
  if (end < 0 || end > optionalEnd) end = optionalEnd;
  // At least one more character of the number before its check digit.
  if (end - optionalStart < 2) return short;
  return {
    field: 'documentNumber',
    spans: [alnum(line, start, digitColumn), alnum(line, optionalStart, end - 1)],
    digit: at(line, end - 1),
    fillerAllowed: false,
    issuerSpans: [alnum(line, start, end - 1)],
  };
}
