import { z } from 'zod';

/**
 * Payment QR codes of GOST R 56042-2014 («Стандарты финансовых операций. Двумерные символы
 * штрихового кода для осуществления платежей физических лиц»): the QR printed on state-fee and
 * utility receipts. Pure: text or bytes in, a validated payment out; never throws.
 *
 * Layout: a service block `ST` + version `0001` + a charset digit (1 Windows-1251, 2 UTF-8,
 * 3 KOI8-R), then the separator (the character after the block, `|` in practice) and
 * `Key=Value` fields separated by it. Name, PersonalAcc, BankName, BIC and CorrespAcc are
 * mandatory; Sum is in kopecks.
 */

/** The charset a payment QR declares with its digit after `ST0001`. */
export type PaymentQrCharset = 'windows-1251' | 'utf-8' | 'koi8-r';

const CHARSETS: Readonly<Record<string, PaymentQrCharset>> = { '1': 'windows-1251', '2': 'utf-8', '3': 'koi8-r' };

/** `ST0001` and the charset digit: seven ASCII characters. */
const HEADER_LENGTH = 7;
/** No payment QR comes near this; bounds the work on noise. */
export const MAX_PAYMENT_QR_LENGTH = 4096;

const digits = (min: number, max: number) => z.string().min(min).max(max).regex(/^\d+$/, 'digits only');
const text = (max: number) => z.string().min(1).max(max);

/**
 * The fields the kiosk reads, as the standard names them, with its limits. Other fields of the
 * standard (payer's name and address, tax details…) are kept as read in `fields`.
 */
export const PaymentQrFields = z.object({
  Name: text(160),
  PersonalAcc: digits(20, 20),
  BankName: text(45),
  BIC: digits(9, 9),
  // The Federal Treasury's payees have a correspondent account of "0": up to 20 digits.
  CorrespAcc: digits(1, 20),
  // Kopecks; 15 digits keep it an exact JS number (the standard allows 18).
  Sum: digits(1, 15).optional(),
  Purpose: text(210).optional(),
  PayeeINN: z
    .string()
    .regex(/^(\d{10}|\d{12})$/, '10 or 12 digits')
    .optional(),
  // КПП: positions 5–6 may be capital Latin letters.
  KPP: z
    .string()
    .regex(/^\d{4}[0-9A-Z]{2}\d{3}$/, 'a 9-character KPP')
    .optional(),
  CBC: z
    .string()
    .regex(/^[0-9A-Z]{20}$/, 'a 20-character budget classification code')
    .optional(),
  OKTMO: z
    .string()
    .regex(/^(\d{8}|\d{11})$/, '8 or 11 digits')
    .optional(),
  UIN: z
    .string()
    .regex(/^[0-9A-Za-z]{1,25}$/, 'up to 25 letters and digits')
    .optional(),
});

/** The known keys by their lower-case spelling. */
const KNOWN_KEYS: ReadonlyMap<string, string> = new Map(
  Object.keys(PaymentQrFields.shape).map((key) => [key.toLowerCase(), key]),
);

/** A parsed payment QR. */
export interface PaymentQr {
  charset: PaymentQrCharset;
  /** The payee. */
  name: string;
  personalAcc: string;
  bankName: string;
  bic: string;
  correspAcc: string;
  /** The amount in kopecks, when the QR carries one. */
  sumKopecks?: number;
  purpose?: string;
  payeeInn?: string;
  kpp?: string;
  cbc?: string;
  oktmo?: string;
  uin?: string;
  /** Every field as read, known or not (payer's details, tax fields…). Personal data: never log. */
  fields: Readonly<Record<string, string>>;
}

/** Why a code is not a valid payment QR. */
export type PaymentQrError =
  | { code: 'not_payment_qr' }
  | { code: 'unknown_charset'; digit: string }
  | { code: 'too_long'; maxLength: number }
  | { code: 'duplicate_field'; field: string }
  | { code: 'invalid_fields'; issues: Array<{ field: string; message: string }> };

/** The result of `parsePaymentQr`. */
export type PaymentQrResult = { ok: true; value: PaymentQr } | { ok: false; error: PaymentQrError };

/** Tells cheaply whether a text starts like a payment QR (`ST0001` and a digit). */
export function looksLikePaymentQr(text: string): boolean {
  return /^ST0001\d/.test(text);
}

/**
 * Parses a payment QR from its bytes (preferred: the charset it declares is applied to them) or
 * from text already decoded (a keyboard-wedge scan, or a scanner set to the right charset).
 */
export function parsePaymentQr(input: Uint8Array | string): PaymentQrResult {
  if (input.length > MAX_PAYMENT_QR_LENGTH) {
    return { ok: false, error: { code: 'too_long', maxLength: MAX_PAYMENT_QR_LENGTH } };
  }
  const header = typeof input === 'string' ? input.slice(0, HEADER_LENGTH) : asciiHeader(input);
  if (!/^ST0001\d$/.test(header)) return { ok: false, error: { code: 'not_payment_qr' } };
  const digit = header.slice(6);
  const charset = CHARSETS[digit];
  if (charset === undefined) return { ok: false, error: { code: 'unknown_charset', digit } };
  const body =
    typeof input === 'string' ? input.slice(HEADER_LENGTH) : decoderFor(charset).decode(input.subarray(HEADER_LENGTH));
  return parseBody(body, charset);
}

/** One decoder per charset: creating one costs more than decoding a QR (decoding is stateless). */
const decoders = new Map<PaymentQrCharset, { decode(bytes: Uint8Array): string }>();
function decoderFor(charset: PaymentQrCharset): { decode(bytes: Uint8Array): string } {
  let decoder = decoders.get(charset);
  if (decoder === undefined) {
    decoder = new TextDecoder(charset);
    decoders.set(charset, decoder);
  }
  return decoder;
}

function asciiHeader(bytes: Uint8Array): string {
  let header = '';
  for (let i = 0; i < Math.min(HEADER_LENGTH, bytes.length); i++) header += String.fromCharCode(bytes[i] ?? 0);
  return header;
}

function parseBody(body: string, charset: PaymentQrCharset): PaymentQrResult {
  const separator = body[0];
  // The separator is whatever follows the service block; it cannot be part of a key or `=`.
  if (separator === undefined || /[0-9A-Za-z=]/.test(separator)) {
    return { ok: false, error: { code: 'invalid_fields', issues: [{ field: '', message: 'no field separator' }] } };
  }
  // A Map, not an object: a field named `__proto__` must stay a field.
  const read = new Map<string, string>();
  const seen = new Set<string>();
  for (const part of body.slice(1).split(separator)) {
    // Generators often end with a separator, or a CR/LF: no field there.
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return {
        ok: false,
        error: { code: 'invalid_fields', issues: [{ field: '', message: 'a field without a name' }] },
      };
    }
    const rawKey = part.slice(0, eq).trim();
    // Keys are case-sensitive in the standard; some generators write `Personalacc`.
    const key = KNOWN_KEYS.get(rawKey.toLowerCase()) ?? rawKey;
    if (seen.has(key)) return { ok: false, error: { code: 'duplicate_field', field: key } };
    seen.add(key);
    const value = part.slice(eq + 1).trim();
    // Generators leave optional fields empty (`KPP=`): the same as absent.
    if (value !== '') read.set(key, value);
  }
  const fields = Object.fromEntries(read);
  const checked = PaymentQrFields.safeParse(fields);
  if (!checked.success) {
    const issues = checked.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    return { ok: false, error: { code: 'invalid_fields', issues } };
  }
  const f = checked.data;
  const value: PaymentQr = {
    charset,
    name: f.Name,
    personalAcc: f.PersonalAcc,
    bankName: f.BankName,
    bic: f.BIC,
    correspAcc: f.CorrespAcc,
    fields,
  };
  if (f.Sum !== undefined) value.sumKopecks = Number(f.Sum);
  if (f.Purpose !== undefined) value.purpose = f.Purpose;
  if (f.PayeeINN !== undefined) value.payeeInn = f.PayeeINN;
  if (f.KPP !== undefined) value.kpp = f.KPP;
  if (f.CBC !== undefined) value.cbc = f.CBC;
  if (f.OKTMO !== undefined) value.oktmo = f.OKTMO;
  if (f.UIN !== undefined) value.uin = f.UIN;
  return { ok: true, value };
}
