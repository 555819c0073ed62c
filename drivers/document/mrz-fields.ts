import { FILLER } from './mrz-check-digit';
import { type CenturyRule, readMrzDate } from './mrz-dates';
import type { MrzFieldName, MrzSex } from './parsed-document';

/** A field read from the zone, or the name of the field that is wrong. */
export type FieldReading<T> = { ok: true; value: T } | { ok: false; field: MrzFieldName };

/** Drops trailing fillers and turns the remaining ones into spaces (`ZE184226B<<<` → `ZE184226B`). */
export function withoutFillers(text: string): string {
  return text.replace(/<+$/, '').replaceAll(FILLER, ' ');
}

/** A name field split at `<<` into primary and secondary identifiers, each split at `<`. */
export interface SplitName {
  surnameParts: string[];
  givenParts: string[];
  /** The field ends in a character other than a filler: the issuer may have cut it. */
  mayBeTruncated: boolean;
}

/** Options of `splitName`. */
export interface SplitNameOptions {
  /**
   * The primary identifier may be empty: the field starts with `<<` and holds only the
   * secondary identifier (`<<ANNA<MARIA`). ICAO 9303 allows it for people without a surname,
   * and some states print it so (`P<IND<<FIRST<NAME…`); national rules may not.
   */
  primaryMayBeEmpty: boolean;
}

/**
 * Splits an MRZ name field (ICAO 9303-3 §4.6): primary identifier, `<<`, secondary identifier;
 * parts of each separated by one filler. `allowed` is the field's alphabet, fillers excluded.
 * A field with no name at all, or one that starts with a single filler, is invalid.
 */
export function splitName(field: string, allowed: RegExp, options: SplitNameOptions): FieldReading<SplitName> {
  const mayBeTruncated = field.length > 0 && !field.endsWith(FILLER);
  const trimmed = field.replace(/<+$/, '');
  const separator = trimmed.indexOf('<<');
  const primary = separator < 0 ? trimmed : trimmed.slice(0, separator);
  const secondary = separator < 0 ? '' : trimmed.slice(separator + 2);
  const surnameParts = primary.split(FILLER).filter(Boolean);
  const givenParts = secondary.split(FILLER).filter(Boolean);
  const valid = [...surnameParts, ...givenParts].every((part) => allowed.test(part));
  const invalid = { ok: false, field: 'names' } as const;
  if (!valid) return invalid;
  if (primary === '') {
    // Only the secondary identifier: it must follow the `<<` at once (`<<<ANNA` is no name).
    if (!options.primaryMayBeEmpty || separator !== 0 || givenParts.length === 0 || secondary.startsWith(FILLER)) {
      return invalid;
    }
  } else if (primary.startsWith(FILLER)) {
    return invalid;
  }
  return { ok: true, value: { surnameParts, givenParts, mayBeTruncated } };
}

/** Reads the sex field: `M`, `F`, or `<` (ICAO; `X` is accepted as the same). */
export function readSex(char: string): FieldReading<MrzSex> {
  if (char === 'M') return { ok: true, value: 'male' };
  if (char === 'F') return { ok: true, value: 'female' };
  if (char === FILLER || char === 'X') return { ok: true, value: 'unspecified' };
  return { ok: false, field: 'sex' };
}

/** Reads a state code (issuing state, nationality): letters, trailing fillers dropped (`D<<` → `D`). */
export function readStateCode(text: string, field: MrzFieldName): FieldReading<string> {
  if (!/^[A-Z][A-Z<]{2}$/.test(text) || /[A-Z]<+[A-Z]/.test(text)) return { ok: false, field };
  return { ok: true, value: text.replace(/<+$/, '') };
}

/** Reads a date field as ISO 8601 (see `readMrzDate`), blaming `field` when it is no date. */
export function readDate(
  text: string,
  field: MrzFieldName,
  rule: CenturyRule,
  today: Date,
): FieldReading<string | null> {
  const reading = readMrzDate(text, rule, today);
  return reading.ok ? { ok: true, value: reading.iso } : { ok: false, field };
}

/** Reads the two-character document code (`P<` → `P`, `PN`, `ID`). */
export function readDocumentCode(text: string): FieldReading<string> {
  if (!/^[A-Z][A-Z<]$/.test(text)) return { ok: false, field: 'documentCode' };
  return { ok: true, value: text.replace(/<+$/, '') };
}
