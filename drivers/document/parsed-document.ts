/**
 * What the MRZ parser returns. Everything here that describes a person is personal data under
 * 152-ФЗ: see `VisitorSessionOnly`.
 */

declare const visitorSessionOnly: unique symbol;

/**
 * Personal data that must not outlive the visitor's session (152-ФЗ).
 *
 * The brand exists only in the type system: it makes every signature that carries a document say
 * so. Keep such values in the session's memory, never in logs, telemetry, journals, caches or
 * files, and drop them at the idle reset. Log codes and field names (`check_digit_failed`,
 * `birthDate`), never values.
 */
export type VisitorSessionOnly<T> = T & { readonly [visitorSessionOnly]: 'personal data: visitor session only' };

/** The zone layouts the parser knows: ICAO 9303 TD1/TD2/TD3 and the Russian internal passport. */
export type MrzFormat = 'TD1' | 'TD2' | 'TD3' | 'RU_INTERNAL_PASSPORT';

/** Sex as the MRZ states it (`M`, `F`, `<`/`X`). */
export type MrzSex = 'male' | 'female' | 'unspecified';

/**
 * Fields the parser names in errors and corrections. Names only, never values, so they are safe
 * to log.
 */
export type MrzFieldName =
  | 'documentCode'
  | 'issuingState'
  | 'documentNumber'
  | 'nationality'
  | 'names'
  | 'birthDate'
  | 'sex'
  | 'expiryDate'
  | 'optionalData'
  | 'issueDate'
  | 'departmentCode'
  | 'composite';

/** Fields of every document the parser returns. */
export interface MrzDocumentFields {
  format: MrzFormat;
  /** `P`, `PN`, `I`, `ID`, `AC`… (fillers dropped). */
  documentCode: string;
  /** ICAO three-letter code (`RUS`, `UTO`; `D` for Germany), fillers dropped. */
  issuingState: string;
  /** As printed on the document; for the Russian internal passport its series and number (10 digits). */
  documentNumber: string;
  nationality: string;
  /** MRZ Latin as printed, parts separated by a space (`ERIKSSON`, `PETROV`, `3ERNY42VA`). */
  surname: string;
  /** MRZ Latin as printed, parts separated by a space (`ANNA MARIA`, `IVAN SERGEEVI3`). */
  givenNames: string;
  /**
   * The name field ends in a letter rather than a filler, so the issuer may have cut it short
   * (ICAO 9303-4 §4.6; the Russian rules cut the patronymic, then the name, at position 44).
   */
  nameMayBeTruncated: boolean;
  sex: MrzSex;
  /**
   * ISO 8601 date (`1974-08-12`), reduced to `1974-08` or `1974` when the MRZ leaves the day or
   * month unknown (fillers); null when the whole date is fillers.
   */
  birthDate: string | null;
  /** ISO 8601 date, or null when the document states none (the Russian internal passport). */
  expiryDate: string | null;
  /** ICAO optional data fields in zone order, fillers dropped (TD1 has two, TD2 and TD3 one). */
  optionalData: string[];
}

/** A passport or ID card in an ICAO 9303 layout. */
export interface IcaoDocumentFields extends MrzDocumentFields {
  format: 'TD1' | 'TD2' | 'TD3';
}

/**
 * The Russian internal passport (паспорт гражданина РФ), whose zone follows TD3 with national
 * rules: see `russian-internal-passport.ts`.
 */
export interface RussianInternalPassportFields extends MrzDocumentFields {
  format: 'RU_INTERNAL_PASSPORT';
  /** Серия: 4 digits (`4509`). */
  series: string;
  /** Номер: 6 digits. */
  number: string;
  /** Дата выдачи, ISO 8601. */
  issueDate: string;
  /** Код подразделения as printed on the passport: `770-001`. */
  departmentCode: string;
  /** The name read back into Cyrillic from the MRZ transliteration (`ЧЕРНЫШЁВА`). */
  cyrillic: {
    surname: string;
    givenName: string;
    /** Null when the MRZ has none (or it was cut off entirely). */
    patronymic: string | null;
  };
}

/** A document read from its MRZ: personal data for the visitor's session only. */
export type ParsedDocument = VisitorSessionOnly<IcaoDocumentFields | RussianInternalPassportFields>;

/** One OCR misreading fixed because a check digit confirmed the fix. */
export interface MrzCorrection {
  field: MrzFieldName;
  /** Zone line, from 0. */
  line: number;
  /** Position in the line, from 0. */
  column: number;
  /** The character the reader sent (`O`). */
  read: string;
  /** The character the check digits confirm (`0`). */
  corrected: string;
}

/** Why a zone was rejected. */
export type MrzErrorCode =
  /** Not the shape (line count, line length, document code) of any layout the parser knows. */
  | 'unrecognised_format'
  /** The beginning of a known layout with lines missing or cut short. */
  | 'truncated'
  /** A check digit does not match, and no single confirmed OCR fix explains it. */
  | 'check_digit_failed'
  /** A field holds something its layout does not allow (month 13, a digit in an ICAO name…). */
  | 'invalid_field';

/** A rejected zone: a code and, where one field is to blame, its name. No values. */
export interface MrzParseError {
  code: MrzErrorCode;
  field?: MrzFieldName;
}

/** The result of `parseMrz`: an expected failure is data, never an exception. */
export type MrzParseResult =
  | { ok: true; document: ParsedDocument; corrections: MrzCorrection[] }
  | { ok: false; error: MrzParseError };
