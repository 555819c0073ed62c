import { GS1_AIM_IDENTIFIERS, leadingAimIdentifier } from './aim';

/**
 * GS1 element strings: the data of GS1-128, GS1 DataMatrix ("Честный знак" marking codes),
 * GS1 QR and GS1 DataBar. Pure: text in, application identifiers (AIs) and their values out;
 * never throws.
 *
 * An element is an AI (2–4 digits) followed by its value. Values of a predefined length (GTIN,
 * dates, measures) simply end; variable ones end at FNC1, which scanners transmit as GS (0x1D),
 * or at the end of the data. A GS after a fixed-length value is tolerated. The bracketed
 * human-readable form `(01)04600439931256(21)…` is read too.
 */

/** The FNC1 separator as scanners transmit it: ASCII GS. */
export const GS = '\u001d';

/** How an AI's value is checked and read. */
type Gs1Kind = 'check_digit' | 'date' | 'date_time' | 'decimal' | 'currency_decimal';

/** One application identifier: its data title, length and character set. */
export interface Gs1AiSpec {
  title: string;
  /** The value's exact length, for a predefined-length AI. */
  fixed?: number;
  /** The value's maximum length. */
  max: number;
  /** `N` digits; `X` the GS1 character set 82. */
  chars: 'N' | 'X';
  kind?: Gs1Kind;
}

const n = (title: string, fixed: number, kind?: Gs1Kind): Gs1AiSpec =>
  kind === undefined ? { title, fixed, max: fixed, chars: 'N' } : { title, fixed, max: fixed, chars: 'N', kind };
const nv = (title: string, max: number, kind?: Gs1Kind): Gs1AiSpec =>
  kind === undefined ? { title, max, chars: 'N' } : { title, max, chars: 'N', kind };
const xv = (title: string, max: number): Gs1AiSpec => ({ title, max, chars: 'X' });

/** Measures with the decimal point position as the AI's last digit (`3103`: kg, 3 decimals). */
const DECIMAL_MEASURES: ReadonlyArray<[string, string]> = [
  ['310', 'NET WEIGHT (kg)'],
  ['311', 'LENGTH (m)'],
  ['312', 'WIDTH (m)'],
  ['313', 'HEIGHT (m)'],
  ['314', 'AREA (m²)'],
  ['315', 'NET VOLUME (l)'],
  ['316', 'NET VOLUME (m³)'],
  ['320', 'NET WEIGHT (lb)'],
  ['330', 'GROSS WEIGHT (kg)'],
  ['331', 'LENGTH (m), log'],
  ['332', 'WIDTH (m), log'],
  ['333', 'HEIGHT (m), log'],
  ['334', 'AREA (m²), log'],
  ['335', 'VOLUME (l), log'],
  ['336', 'VOLUME (m³), log'],
];

/**
 * The common AIs (GS1 General Specifications, section 3), enough for retail, logistics and
 * Russia's "Честный знак" marking (01, 21, 91, 92, 93). An AI not here is reported as unknown:
 * without its length the rest of the data cannot be split.
 */
export const GS1_AIS: ReadonlyMap<string, Gs1AiSpec> = new Map<string, Gs1AiSpec>([
  ['00', n('SSCC', 18, 'check_digit')],
  ['01', n('GTIN', 14, 'check_digit')],
  ['02', n('CONTENT', 14, 'check_digit')],
  ['10', xv('BATCH/LOT', 20)],
  ['11', n('PROD DATE', 6, 'date')],
  ['12', n('DUE DATE', 6, 'date')],
  ['13', n('PACK DATE', 6, 'date')],
  ['15', n('BEST BEFORE', 6, 'date')],
  ['16', n('SELL BY', 6, 'date')],
  ['17', n('USE BY', 6, 'date')],
  ['20', n('VARIANT', 2)],
  ['21', xv('SERIAL', 20)],
  ['22', xv('CPV', 20)],
  ['240', xv('ADDITIONAL ID', 30)],
  ['241', xv('CUST. PART No.', 30)],
  ['242', nv('MTO VARIANT', 6)],
  ['250', xv('SECONDARY SERIAL', 30)],
  ['251', xv('REF. TO SOURCE', 30)],
  ['253', xv('GDTI', 30)],
  ['254', xv('GLN EXTENSION COMPONENT', 20)],
  ['30', nv('VAR. COUNT', 8)],
  ['37', nv('COUNT', 8)],
  ...DECIMAL_MEASURES.flatMap(([prefix, title]) =>
    Array.from({ length: 10 }, (_, d): [string, Gs1AiSpec] => [`${prefix}${d}`, n(title, 6, 'decimal')]),
  ),
  ...Array.from({ length: 10 }, (_, d): [string, Gs1AiSpec][] => [
    [`390${d}`, nv('AMOUNT', 15, 'decimal')],
    [`391${d}`, nv('AMOUNT (with ISO currency)', 18, 'currency_decimal')],
    [`392${d}`, nv('PRICE', 15, 'decimal')],
    [`393${d}`, nv('PRICE (with ISO currency)', 18, 'currency_decimal')],
  ]).flat(),
  ['400', xv('ORDER NUMBER', 30)],
  ['401', xv('GINC', 30)],
  ['402', n('GSIN', 17, 'check_digit')],
  ['403', xv('ROUTE', 30)],
  ['410', n('SHIP TO LOC', 13, 'check_digit')],
  ['411', n('BILL TO', 13, 'check_digit')],
  ['412', n('PURCHASE FROM', 13, 'check_digit')],
  ['413', n('SHIP FOR LOC', 13, 'check_digit')],
  ['414', n('LOC No.', 13, 'check_digit')],
  ['415', n('PAY TO', 13, 'check_digit')],
  ['416', n('PROD/SERV LOC', 13, 'check_digit')],
  ['417', n('PARTY', 13, 'check_digit')],
  ['420', xv('SHIP TO POST', 20)],
  ['421', xv('SHIP TO POST (with ISO country)', 12)],
  ['422', n('ORIGIN', 3)],
  ['7003', n('EXPIRY TIME', 10, 'date_time')],
  ['8003', xv('GRAI', 30)],
  ['8004', xv('GIAI', 30)],
  ['8005', n('PRICE PER UNIT', 6)],
  ['8006', n('ITIP', 18)],
  ['8007', xv('IBAN', 34)],
  ['8008', nv('PROD TIME', 12)],
  ['8017', n('GSRN - PROVIDER', 18, 'check_digit')],
  ['8018', n('GSRN - RECIPIENT', 18, 'check_digit')],
  ['8020', xv('REF No.', 25)],
  ['8200', xv('PRODUCT URL', 70)],
  ['90', xv('INTERNAL', 30)],
  // 91–99: company internal. "Честный знак": 91 verification key id, 92 verification code, 93 check code.
  ...Array.from({ length: 9 }, (_, i): [string, Gs1AiSpec] => [`9${i + 1}`, xv('INTERNAL', 90)]),
]);

/** One element of a GS1 element string. */
export interface Gs1Element {
  ai: string;
  title: string;
  /** The value as scanned. */
  value: string;
  /** Dates (`YYYY-MM-DD`; day 00 of the standard becomes the month's last day) and 7003 (`YYYY-MM-DDTHH:MM`). */
  date?: string;
  /** Measures, amounts and prices with the decimal point the AI sets. */
  decimal?: number;
  /** ISO 4217 numeric currency of 391n/393n. */
  currency?: string;
}

/** A parsed GS1 element string, with the elements a kiosk most often wants at hand. */
export interface Gs1Data {
  elements: Gs1Element[];
  /** AI 01. */
  gtin?: string;
  /** AI 21. */
  serial?: string;
  /** AI 10. */
  batch?: string;
  /** AI 17, as a date. */
  expiry?: string;
}

/** Why a text is not a valid GS1 element string; `at` is the character position. */
export type Gs1Error =
  | { code: 'not_gs1' }
  | { code: 'input_too_long'; maxLength: number }
  | { code: 'unknown_ai'; at: number }
  | { code: 'too_short'; ai: string; at: number }
  | { code: 'too_long'; ai: string; maxLength: number }
  | { code: 'bad_characters'; ai: string }
  | { code: 'bad_check_digit'; ai: string }
  | { code: 'bad_date'; ai: string };

/** The result of `parseGs1`. */
export type Gs1Result = { ok: true; value: Gs1Data } | { ok: false; error: Gs1Error };

/** Options of `parseGs1`. */
export interface Gs1Options {
  /** The year two-digit years are read against (GS1's sliding window; default this year). */
  referenceYear?: number;
}

/** Longer than any GS1 symbol carries; bounds the work on noise. */
export const MAX_GS1_LENGTH = 4096;

/** GS1's character set 82: what `X` values may hold. */
const CHARSET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const DIGITS = /^\d*$/;

/**
 * Parses a GS1 element string: the text of a scan whose AIM identifier says GS1 (`]C1`, `]e0`,
 * `]d2`, `]Q3`, `]J1`), with or without that identifier and a leading FNC1 still in front.
 */
export function parseGs1(text: string, options: Gs1Options = {}): Gs1Result {
  if (text.length > MAX_GS1_LENGTH) return { ok: false, error: { code: 'input_too_long', maxLength: MAX_GS1_LENGTH } };
  let data = text;
  const aim = leadingAimIdentifier(data);
  if (aim !== undefined && GS1_AIM_IDENTIFIERS.has(aim)) data = data.slice(aim.length);
  while (data.startsWith(GS)) data = data.slice(1);
  if (data === '' || !/^[(\d]/.test(data)) return { ok: false, error: { code: 'not_gs1' } };
  const referenceYear = options.referenceYear ?? new Date().getFullYear();
  const split = data.startsWith('(') ? splitBracketed(data) : splitElementString(data);
  if (!split.ok) return split;
  const elements: Gs1Element[] = [];
  for (const [ai, value] of split.pairs) {
    const element = readElement(ai, value, referenceYear);
    if ('code' in element) return { ok: false, error: element };
    elements.push(element);
  }
  const result: Gs1Data = { elements };
  const first = (ai: string) => elements.find((e) => e.ai === ai);
  const gtin = first('01')?.value;
  if (gtin !== undefined) result.gtin = gtin;
  const serial = first('21')?.value;
  if (serial !== undefined) result.serial = serial;
  const batch = first('10')?.value;
  if (batch !== undefined) result.batch = batch;
  const expiry = first('17')?.date;
  if (expiry !== undefined) result.expiry = expiry;
  return { ok: true, value: result };
}

type Split = { ok: true; pairs: Array<[string, string]> } | { ok: false; error: Gs1Error };

/** Looks up the AI at `at`: GS1's AIs are prefix-free, so the first length that matches is it. */
function aiAt(data: string, at: number): string | undefined {
  for (let length = 2; length <= 4; length++) {
    const ai = data.slice(at, at + length);
    if (ai.length === length && GS1_AIS.has(ai)) return ai;
  }
  return undefined;
}

function splitElementString(data: string): Split {
  const pairs: Array<[string, string]> = [];
  let at = 0;
  while (at < data.length) {
    const ai = aiAt(data, at);
    const spec = ai === undefined ? undefined : GS1_AIS.get(ai);
    if (ai === undefined || spec === undefined) return { ok: false, error: { code: 'unknown_ai', at } };
    const start = at + ai.length;
    let end: number;
    if (spec.fixed !== undefined) {
      end = start + spec.fixed;
      if (end > data.length || data.slice(start, end).includes(GS)) {
        return { ok: false, error: { code: 'too_short', ai, at: start } };
      }
    } else {
      const gs = data.indexOf(GS, start);
      end = gs === -1 ? data.length : gs;
    }
    pairs.push([ai, data.slice(start, end)]);
    at = end;
    // FNC1 after a variable value; tolerated (and skipped) after a fixed one.
    while (data[at] === GS) at++;
  }
  return { ok: true, pairs };
}

/** `(01)04600439931256(21)abc`: the form printed under a barcode, and typed by some scanners. */
function splitBracketed(data: string): Split {
  const pairs: Array<[string, string]> = [];
  const ai = /\((\d{2,4})\)/g;
  const marks = [...data.matchAll(ai)].filter((m) => GS1_AIS.has(m[1] ?? ''));
  if (marks[0]?.index !== 0) return { ok: false, error: { code: 'unknown_ai', at: 0 } };
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    if (mark === undefined) continue;
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[i + 1]?.index ?? data.length;
    pairs.push([mark[1] ?? '', data.slice(start, end)]);
  }
  return { ok: true, pairs };
}

function readElement(ai: string, value: string, referenceYear: number): Gs1Element | Gs1Error {
  const spec = GS1_AIS.get(ai);
  if (spec === undefined) return { code: 'unknown_ai', at: 0 };
  if (value.length > spec.max) return { code: 'too_long', ai, maxLength: spec.max };
  if (value.length === 0 || (spec.fixed !== undefined && value.length !== spec.fixed)) {
    return { code: 'too_short', ai, at: 0 };
  }
  if (!(spec.chars === 'N' ? DIGITS : CHARSET_82).test(value)) return { code: 'bad_characters', ai };
  const element: Gs1Element = { ai, title: spec.title, value };
  switch (spec.kind) {
    case 'check_digit':
      if (!hasValidCheckDigit(value)) return { code: 'bad_check_digit', ai };
      break;
    case 'date':
    case 'date_time': {
      const date = readDate(value, referenceYear, spec.kind === 'date_time');
      if (date === undefined) return { code: 'bad_date', ai };
      element.date = date;
      break;
    }
    case 'decimal':
      element.decimal = Number(value) / 10 ** Number(ai.slice(-1));
      break;
    case 'currency_decimal':
      if (value.length < 4) return { code: 'too_short', ai, at: 0 };
      element.currency = value.slice(0, 3);
      element.decimal = Number(value.slice(3)) / 10 ** Number(ai.slice(-1));
      break;
    case undefined:
      break;
  }
  return element;
}

/**
 * Tells whether the last digit of a GTIN, GLN, SSCC or GSRN is its GS1 check digit (mod 10,
 * weights 3 and 1 alternating from the right).
 */
export function hasValidCheckDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/**
 * Reads `YYMMDD` (and `HHMM` after it for 7003) with GS1's sliding century window: a year more
 * than 50 years ahead of the reference year is in the past century, one 50 or more behind in the
 * next. Day 00 ("the whole month") becomes the month's last day.
 */
function readDate(value: string, referenceYear: number, withTime: boolean): string | undefined {
  const yy = Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  let day = Number(value.slice(4, 6));
  const century = Math.floor(referenceYear / 100) * 100;
  const diff = yy - (referenceYear % 100);
  const year = century + yy + (diff >= 51 ? -100 : diff <= -50 ? 100 : 0);
  if (month < 1 || month > 12) return undefined;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === 0) day = lastDay;
  if (day > lastDay) return undefined;
  const pad = (v: number) => String(v).padStart(2, '0');
  const date = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  if (!withTime) return date;
  const hours = Number(value.slice(6, 8));
  const minutes = Number(value.slice(8, 10));
  if (hours > 23 || minutes > 59) return undefined;
  return `${date}T${pad(hours)}:${pad(minutes)}`;
}
