/**
 * The application number formats the kiosk knows, and the look-alike characters a visitor may
 * type for them. Cyrillic Р and Latin P, Cyrillic О and the digit 0 are the same on paper, so
 * `РКРVDМFС-2021-01-28-548444` (Cyrillic Р, К, М, С) must find `PKPVDMFC-2021-01-28-548444`.
 *
 * The rule (see {@link canonicalByFormat}):
 * - every character of a format has a class: a fixed letter (in the script the agency prints), a
 *   digit, or a fixed separator;
 * - a typed character fits a position when it is the expected character or looks like it: at a
 *   letter position its Cyrillic/Latin twin (А/A, В/B, Е/E, К/K, М/M, Н/H, О/O, Р/P, С/C, Т/T, Х/X,
 *   У/Y) or, for О/O and З, the digit 0 or 3; at a digit position О, O (→ 0) and З (→ 3);
 *   separators must be typed as they are;
 * - a format recognises a number only when at least half of its letters and digits were typed
 *   exactly, so a word of look-alikes (`ОЗОЗОЗОЗОЗ`) is never turned into digits;
 * - when several formats recognise a number, the one closest to what was typed (fewest
 *   replaced characters) wins; a tie between different numbers replaces nothing: the kiosk does
 *   not guess between two valid numbers;
 * - a number of no known format is only upper-cased (see `normaliseApplicationNumber`).
 */

/** One run of an application number format. */
export type NumberSegment =
  /** Characters printed as they are: letters in the agency's script, and separators. */
  | { kind: 'literal'; text: string }
  /** A run of `min` to `max` decimal digits. */
  | { kind: 'digits'; min: number; max: number };

/** An application number format: what a number of this kind looks like on the receipt. */
export interface ApplicationNumberFormat {
  id: string;
  /** Who issues numbers of this kind. */
  issuer: string;
  /** A number of this kind, as printed. */
  example: string;
  segments: readonly NumberSegment[];
}

const literal = (text: string): NumberSegment => ({ kind: 'literal', text });
const digits = (min: number, max: number = min): NumberSegment => ({ kind: 'digits', min, max });

/**
 * The formats visitors bring. Росреестр's two prefixes are printed in different scripts:
 * `КУВД` in Cyrillic, `PKPVDMFC` in Latin, which is why look-alikes matter.
 */
export const APPLICATION_NUMBER_FORMATS: readonly ApplicationNumberFormat[] = [
  {
    id: 'rosreestr-kuvd',
    issuer: 'Росреестр (КУВД)',
    example: 'КУВД-001/2021-3670443',
    segments: [literal('КУВД-'), digits(3), literal('/'), digits(4), literal('-'), digits(6, 8)],
  },
  {
    id: 'rosreestr-pkpvdmfc',
    issuer: 'Росреестр (заявление через МФЦ)',
    example: 'PKPVDMFC-2021-01-28-548444',
    segments: [
      literal('PKPVDMFC-'),
      digits(4),
      literal('-'),
      digits(2),
      literal('-'),
      digits(2),
      literal('-'),
      digits(6, 7),
    ],
  },
  {
    id: 'mfc-ten-digits',
    issuer: 'МФЦ, Госуслуги',
    example: '2345678901',
    segments: [digits(10)],
  },
];

/** Characters that print alike; the first of a group is never more canonical than the others. */
const LOOK_ALIKE_GROUPS: readonly string[] = [
  'AА',
  'BВ',
  'EЕ',
  'KК',
  'MМ',
  'HН',
  'OО0',
  'PР',
  'CС',
  'TТ',
  'XХ',
  'YУ',
  '3З',
];

/** Every character with the characters that look like it (itself excluded). */
const LOOK_ALIKES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  LOOK_ALIKE_GROUPS.flatMap((group) =>
    [...group].map((char) => [char, new Set([...group].filter((other) => other !== char))] as const),
  ),
);

/** What a typed character stands for at a digit position, or `undefined` if it cannot be a digit. */
function asDigit(typed: string): string | undefined {
  if (typed >= '0' && typed <= '9') return typed;
  for (const alike of LOOK_ALIKES.get(typed) ?? []) if (alike >= '0' && alike <= '9') return alike;
  return undefined;
}

/** Whether a typed character may stand for the expected literal character. */
function fitsLiteral(typed: string, expected: string): boolean {
  return typed === expected || (LOOK_ALIKES.get(expected)?.has(typed) ?? false);
}

/** A format's reading of a number: the canonical text and how many characters were replaced. */
interface Reading {
  canonical: string;
  replaced: number;
}

/**
 * Reads `typed` (upper-cased, without spaces) as `format`, or `null` when it does not fit.
 * Segments are matched left to right, digit runs trying every allowed length (the formats are
 * short, so the backtracking is cheap).
 */
function readAs(typed: readonly string[], format: ApplicationNumberFormat): Reading | null {
  const match = (segment: number, at: number): Reading | null => {
    const current = format.segments[segment];
    if (current === undefined) return at === typed.length ? { canonical: '', replaced: 0 } : null;
    if (current.kind === 'literal') {
      const expected = [...current.text];
      let replaced = 0;
      for (const [i, char] of expected.entries()) {
        const got = typed[at + i];
        if (got === undefined || !fitsLiteral(got, char)) return null;
        if (got !== char) replaced += 1;
      }
      const rest = match(segment + 1, at + expected.length);
      return rest && { canonical: current.text + rest.canonical, replaced: replaced + rest.replaced };
    }
    let run = '';
    let replaced = 0;
    for (let length = 1; length <= current.max; length++) {
      const got = typed[at + length - 1];
      const digit = got === undefined ? undefined : asDigit(got);
      if (got === undefined || digit === undefined) return null;
      run += digit;
      if (digit !== got) replaced += 1;
      if (length < current.min) continue;
      const rest = match(segment + 1, at + length);
      if (rest) return { canonical: run + rest.canonical, replaced: replaced + rest.replaced };
    }
    return null;
  };
  return match(0, 0);
}

/** How many letters and digits a format's numbers of this canonical text have. */
function alphanumericCount(canonical: string): number {
  return [...canonical].filter((char) => /[\p{L}\p{N}]/u.test(char)).length;
}

/**
 * The canonical form of an upper-cased, space-free number under the known formats, or `null`
 * when no format recognises it or two recognise it as different numbers (the rule is in this
 * module's header).
 */
export function canonicalByFormat(
  typed: string,
  formats: readonly ApplicationNumberFormat[] = APPLICATION_NUMBER_FORMATS,
): string | null {
  const chars = [...typed];
  const readings = formats
    .map((format) => readAs(chars, format))
    .filter((reading): reading is Reading => reading !== null)
    .filter((reading) => reading.replaced * 2 <= alphanumericCount(reading.canonical));
  if (readings.length === 0) return null;
  const fewest = Math.min(...readings.map((reading) => reading.replaced));
  const [closest, ...others] = new Set(readings.filter((r) => r.replaced === fewest).map((r) => r.canonical));
  return closest !== undefined && others.length === 0 ? closest : null;
}
