import { FILLER, mrzCharValue, mrzCheckDigit } from './mrz-check-digit';
import type { CheckedField, CheckLayout, MrzPosition, MrzSpan } from './mrz-layout';
import type { MrzCorrection, MrzFieldName } from './parsed-document';

/**
 * OCR-B look-alikes a reader confuses, letter → digit. Only these are ever corrected, and only
 * where check digits confirm the fix.
 */
export const OCR_CONFUSIONS: Readonly<Record<string, string>> = { O: '0', I: '1', B: '8' };

const DIGIT_TO_LETTER: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(OCR_CONFUSIONS).map(([letter, digit]) => [digit, letter]),
);

/** Bounds the search across fields, whatever the input. */
const MAX_COMBINATIONS = 4096;

/** What `correctWithCheckDigits` decided. */
export type CorrectionOutcome =
  | { ok: true; lines: string[]; corrections: MrzCorrection[] }
  | { ok: false; field: MrzFieldName };

type Change = MrzCorrection;

/**
 * Checks every check digit of the zone and fixes OCR look-alikes (O/0, I/1, B/8) only where the
 * check digits confirm the fix.
 *
 * A field whose check digit matches as read is never changed. In a failing field:
 * - letters in digits-only positions (dates, check digits, the Russian series and number) can only
 *   be the digits they look like; that one reading is tried, alone. A wrong digit can never pass a
 *   7-3-1 check (the weights are prime to 10), so a letter that stood for another digit is caught.
 * - otherwise, in a field that may hold letters and digits (document number, optional data), one
 *   look-alike is swapped; the field's check digit must accept exactly that swap and no other.
 * Then the composite digit must accept exactly one combination of the fields' readings. When the
 * digits do not single one out, the zone is rejected rather than guessed at. Characters covered
 * only by the composite digit (optional data without a digit of its own) are never corrected.
 *
 * What a check digit cannot do: the composite weighs a TD3 document number (and TD3 optional
 * data, and a TD1 number) exactly as the field's own digit does, so a swap there rests on one
 * mod-10 check. A misreading that is not a look-alike (3 read as 8) may then be "fixed" into a
 * wrong value. `corrections` lists every fix so that the caller can ask the visitor to confirm.
 */
export function correctWithCheckDigits(lines: readonly string[], layout: CheckLayout): CorrectionOutcome {
  const perField = layout.fields.map((field) => fieldCandidates(lines, field));
  const impossible = perField.findIndex((candidates) => candidates.length === 0);
  if (impossible >= 0) return { ok: false, field: fieldName(layout.fields, impossible) };

  const compositeChange = forcedDigit(lines, layout.composite.digit, 'composite');
  if (compositeChange === null) return { ok: false, field: 'composite' };
  const compositeChanges = compositeChange === 'as-read' ? [] : [compositeChange];

  const combinations = perField.reduce((count, candidates) => count * candidates.length, 1);
  const firstAmbiguous = () =>
    fieldName(
      layout.fields,
      perField.findIndex((candidates) => candidates.length > 1),
    );
  if (combinations > MAX_COMBINATIONS) return { ok: false, field: firstAmbiguous() };

  const matches: Change[][] = [];
  forEachCombination(perField, (changes) => {
    const all = [...changes, ...compositeChanges];
    if (compositeMatches(lines, layout.composite, all)) matches.push(all);
  });
  const [only, ...others] = matches;
  if (only && others.length === 0) {
    return { ok: true, lines: applyChanges(lines, only), corrections: only };
  }
  if (matches.length > 1) return { ok: false, field: firstAmbiguous() };
  // Nothing matches: blame the first field that needed a fix, else the composite digit itself.
  const needingFix = perField.findIndex((candidates) => !(candidates.length === 1 && candidates[0]?.length === 0));
  return { ok: false, field: needingFix >= 0 ? fieldName(layout.fields, needingFix) : 'composite' };
}

function fieldName(fields: readonly CheckedField[], index: number): MrzFieldName {
  return fields[index]?.field ?? 'composite';
}

/** The ways one field can read with its check digit matching: `[[]]` when it matches as read. */
function fieldCandidates(lines: readonly string[], field: CheckedField): Change[][] {
  const forced: Change[] = [];
  const optional: Change[] = [];
  let fixable = true;
  const visit = (line: number, column: number, kind: MrzSpan['kind']) => {
    const read = charAt(lines, line, column);
    // Outside the MRZ alphabet a character has no value: no check digit can ever match.
    if (mrzCharValue(read) < 0) {
      fixable = false;
      return;
    }
    const lookAlike = OCR_CONFUSIONS[read] ?? DIGIT_TO_LETTER[read];
    if (!lookAlike) return;
    const change = { field: field.field, line, column, read, corrected: lookAlike };
    // In digits-only places a digit stays and a look-alike letter must be its digit.
    if (kind === 'alphanumeric') optional.push(change);
    else if (!isDigit(read)) forced.push(change);
  };
  for (const span of field.spans) {
    for (let column = span.start; column < span.end; column++) visit(span.line, column, span.kind);
  }
  // The check digit itself is a digit, or a filler for an all-filler field.
  const digitRead = charAt(lines, field.digit.line, field.digit.column);
  if (!(field.fillerAllowed && digitRead === FILLER)) visit(field.digit.line, field.digit.column, 'numeric');
  if (!fixable) return [];
  if (forced.length > 0 && fieldMatches(lines, field, forced)) return [forced];
  // A letter may even check as read (I is 18, like 8): the digit then holds, the field is invalid.
  if (fieldMatches(lines, field, [])) return [[]];
  if (forced.length > 0) return [];
  return optional.filter((change) => fieldMatches(lines, field, [change])).map((change) => [change]);
}

function fieldMatches(lines: readonly string[], field: CheckedField, changes: readonly Change[]): boolean {
  const text = readSpans(lines, field.spans, changes);
  const digit = readChar(lines, field.digit, changes);
  if (field.fillerAllowed && /^<*$/.test(text)) return digit === FILLER || digit === '0';
  if (!isDigit(digit)) return false;
  if (mrzCheckDigit(text) === Number(digit)) return true;
  return (
    field.issuerSpans !== undefined && mrzCheckDigit(readSpans(lines, field.issuerSpans, changes)) === Number(digit)
  );
}

function compositeMatches(lines: readonly string[], composite: CheckLayout['composite'], changes: readonly Change[]) {
  const digit = readChar(lines, composite.digit, changes);
  return isDigit(digit) && mrzCheckDigit(readSpans(lines, composite.spans, changes)) === Number(digit);
}

/** The composite digit as read, its forced fix, or null when it cannot be a digit. */
function forcedDigit(lines: readonly string[], position: MrzPosition, field: MrzFieldName): Change | 'as-read' | null {
  const read = charAt(lines, position.line, position.column);
  if (isDigit(read)) return 'as-read';
  const digit = OCR_CONFUSIONS[read];
  return digit ? { field, line: position.line, column: position.column, read, corrected: digit } : null;
}

function readSpans(lines: readonly string[], spans: readonly MrzSpan[], changes: readonly Change[]): string {
  let text = '';
  for (const span of spans) {
    for (let column = span.start; column < span.end; column++) {
      text += readChar(lines, { line: span.line, column }, changes);
    }
  }
  return text;
}

function readChar(lines: readonly string[], position: MrzPosition, changes: readonly Change[]): string {
  for (const change of changes) {
    if (change.line === position.line && change.column === position.column) return change.corrected;
  }
  return charAt(lines, position.line, position.column);
}

function charAt(lines: readonly string[], line: number, column: number): string {
  return lines[line]?.charAt(column) ?? '';
}

function isDigit(char: string): boolean {
  return char.length === 1 && char >= '0' && char <= '9';
}

function forEachCombination(perField: readonly Change[][][], visit: (changes: Change[]) => void): void {
  const walk = (index: number, acc: Change[]) => {
    const candidates = perField[index];
    if (!candidates) {
      visit(acc);
      return;
    }
    for (const candidate of candidates) walk(index + 1, [...acc, ...candidate]);
  };
  walk(0, []);
}

function applyChanges(lines: readonly string[], changes: readonly Change[]): string[] {
  // UTF-16 units, as `charAt` and the column numbers count them.
  const chars = lines.map((line) => line.split(''));
  for (const change of changes) {
    const line = chars[change.line];
    if (line) line[change.column] = change.corrected;
  }
  return chars.map((line) => line.join(''));
}
