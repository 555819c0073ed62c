/**
 * The BMPs of a Status-Information (04 0F), Completion or Abort, read into named fields, and the
 * same fields written back into BMPs (the simulator's side).
 *
 * Card data never leaves this module whole: the PAN (BMP 22) is kept only as its last four
 * digits, and track data and expiry date (BMPs 23, 24, 2D, 0E) are not read at all.
 *
 * ZVT Protocol Specification rev. 13.x, 3.1.1 "Status-Information after Authorisation", chapter 8
 * (formats of the BMPs) and BMP 60 "individual totals" of 2.x End-of-Day.
 *
 * Portable: no Node imports.
 */
import { decodeBcd, decodeBcdNumber, encodeAmount, encodeBcd, nibbles } from './zvt-bcd';
import { BMP, type BmpField, encodeBmp } from './zvt-bmp';
import { decodeZvtText, encodeZvtText, type ZvtTextEncoding } from './zvt-text';
import { concatBytes, type TlvObject } from './zvt-tlv';

/** The fields of a transaction as a terminal reports them. Absent when the terminal did not send them. */
export interface ZvtTransactionData {
  resultCode?: number;
  amountMinor?: number;
  /** Trace number, six digits. */
  trace?: string;
  /** Receipt number, four digits. */
  receiptNo?: string;
  turnoverNo?: string;
  /** `HHMMSS` (BMP 0C). */
  time?: string;
  /** `MMDD` (BMP 0D). */
  date?: string;
  /** `YYMMDD` (BMP AA). */
  dateLong?: string;
  /** The last (at most four) digits of the card number, nothing else of it. */
  panLast4?: string;
  /** Terminal id, eight digits (BMP 29). */
  terminalId?: string;
  /** Merchant contract number (BMP 2A). */
  vu?: string;
  /** The authorisation attribute (BMP 3B): the approval code. */
  authCode?: string;
  /** ISO 4217 numeric, four digits (`0643`). */
  currency?: string;
  paymentType?: number;
  cardType?: number;
  cardName?: string;
  additionalText?: string;
  /** End-of-day totals (BMP 60). */
  totals?: ZvtTotals;
  /** The objects of the TLV container (BMP 06), as parsed. */
  tlv?: TlvObject[];
}

/** One line of the end-of-day totals: a card family, how many payments, how much. */
export interface ZvtTotalsGroup {
  name: string;
  count: number;
  amountMinor: number;
}

/** BMP 60: the range of receipt numbers of the batch and the totals per card family. */
export interface ZvtTotals {
  receiptFrom: string;
  receiptTo: string;
  groups: ZvtTotalsGroup[];
}

/** The card families of BMP 60, in the order the spec lists them. */
export const TOTALS_GROUPS = ['girocard', 'JCB', 'Eurocard', 'Amex', 'VISA', 'Diners', 'remaining'] as const;

/** BMPs that carry card data and must never be kept (PAN, track 1–3, expiry date). */
export const SENSITIVE_BMPS: ReadonlySet<number> = new Set([0x22, 0x23, 0x24, 0x2d, 0x0e]);

type DigitsField = 'trace' | 'receiptNo' | 'turnoverNo' | 'time' | 'date' | 'dateLong' | 'terminalId' | 'currency';
type ByteField = 'resultCode' | 'paymentType' | 'cardType';
type AsciiField = 'vu' | 'authCode' | 'cardName';

/** BMPs whose value is BCD digits, kept as the digit string. */
const DIGITS_BMPS: ReadonlyMap<number, DigitsField> = new Map([
  [BMP.trace, 'trace'],
  [BMP.receiptNo, 'receiptNo'],
  [BMP.turnoverNo, 'turnoverNo'],
  [BMP.time, 'time'],
  [BMP.date, 'date'],
  [BMP.dateLong, 'dateLong'],
  [BMP.terminalId, 'terminalId'],
  [BMP.currency, 'currency'],
]);

/** BMPs whose value is one binary byte. */
const BYTE_BMPS: ReadonlyMap<number, ByteField> = new Map([
  [BMP.resultCode, 'resultCode'],
  [BMP.paymentType, 'paymentType'],
  [BMP.cardType, 'cardType'],
]);

/** BMPs whose value is ASCII text, kept trimmed. */
const ASCII_BMPS: ReadonlyMap<number, AsciiField> = new Map([
  [BMP.vu, 'vu'],
  [BMP.authCode, 'authCode'],
  [BMP.cardName, 'cardName'],
]);

/** Reads the fields Okno uses; fields that are present but malformed are left out. */
export function readTransactionData(fields: readonly BmpField[], encoding: ZvtTextEncoding): ZvtTransactionData {
  const data: ZvtTransactionData = {};
  for (const { id, value, tlv } of fields) {
    const digitsField = DIGITS_BMPS.get(id);
    const byteField = BYTE_BMPS.get(id);
    const asciiField = ASCII_BMPS.get(id);
    if (digitsField) {
      const digits = decodeBcd(value);
      if (digits !== null) data[digitsField] = digits;
    } else if (byteField) {
      data[byteField] = value[0] ?? 0;
    } else if (asciiField) {
      data[asciiField] = decodeZvtText(value, 'ascii').trim();
    } else if (id === BMP.amount) {
      const amount = decodeBcdNumber(value);
      if (amount !== null) data.amountMinor = amount;
    } else if (id === BMP.pan) {
      const last4 = panLast4(value);
      if (last4 !== '') data.panLast4 = last4;
    } else if (id === BMP.additionalText) {
      data.additionalText = decodeZvtText(value, encoding).trim();
    } else if (id === BMP.totals) {
      const totals = parseTotals(value);
      if (totals) data.totals = totals;
    } else if (id === BMP.tlv && tlv) {
      data.tlv = tlv;
    }
  }
  return data;
}

/**
 * The last digits (at most four) of a PAN in BMP 22's packing: BCD, `E` for a digit the terminal
 * masked, `F` padding an odd length. Only a run of real digits at the end counts, so a PAN sent
 * unmasked still yields no more than four.
 */
export function panLast4(value: Uint8Array): string {
  const text = nibbles(value).replace(/F+$/, '');
  const tail = /(\d{1,4})$/.exec(text);
  return tail?.[1] ?? '';
}

/** `**** **** **** 4242`: a masked PAN for the receipt, from at most the last four digits. */
export function maskedPanOf(last4: string | undefined): string {
  const digits = (last4 ?? '').replace(/\D/g, '').slice(-4);
  return `**** **** **** ${digits.padStart(4, '*')}`;
}

/** Parses BMP 60: receipt range (2 × 2 BCD), then per family a count (binary) and a turnover (6 BCD). */
export function parseTotals(value: Uint8Array): ZvtTotals | null {
  if (value.length < 4) return null;
  const receiptFrom = decodeBcd(value.subarray(0, 2));
  const receiptTo = decodeBcd(value.subarray(2, 4));
  if (receiptFrom === null || receiptTo === null) return null;
  const groups: ZvtTotalsGroup[] = [];
  for (let i = 0; i < TOTALS_GROUPS.length; i++) {
    const at = 4 + i * 7;
    if (at + 7 > value.length) break;
    const amountMinor = decodeBcdNumber(value.subarray(at + 1, at + 7));
    if (amountMinor === null) return null;
    groups.push({ name: TOTALS_GROUPS[i] ?? 'remaining', count: value[at] ?? 0, amountMinor });
  }
  return { receiptFrom, receiptTo, groups };
}

/** Encodes BMP 60's value; families not given are sent as zero. */
export function encodeTotals(totals: ZvtTotals): Uint8Array {
  const parts: Uint8Array[] = [encodeBcd(totals.receiptFrom, 2), encodeBcd(totals.receiptTo, 2)];
  for (const name of TOTALS_GROUPS) {
    const group = totals.groups.find((g) => g.name === name);
    parts.push(Uint8Array.of(Math.min(255, group?.count ?? 0)), encodeAmount(group?.amountMinor ?? 0));
  }
  return concatBytes(parts);
}

/** What the simulator puts into a Status-Information; each given field becomes its BMP. */
export interface TransactionDataInput {
  resultCode?: number;
  amountMinor?: number;
  trace?: number;
  time?: string;
  date?: string;
  dateLong?: string;
  /** Sent as BMP 22 with every digit but these masked (`E`): `EEEEEEEEEEEE4242`. */
  panLast4?: string;
  terminalId?: string;
  vu?: string;
  authCode?: string;
  currency?: number;
  receiptNo?: number;
  turnoverNo?: number;
  paymentType?: number;
  cardType?: number;
  cardName?: string;
  additionalText?: string;
  totals?: ZvtTotals;
  /** BMP 06's raw TLV sequence (without the container length). */
  tlv?: Uint8Array;
}

/** Writes fields as BMPs, in the order a terminal sends them (result code first). */
export function encodeTransactionData(input: TransactionDataInput, encoding: ZvtTextEncoding): Uint8Array {
  const parts: Uint8Array[] = [];
  const add = (id: number, value: Uint8Array) => parts.push(encodeBmp(id, value));
  if (input.resultCode !== undefined) add(BMP.resultCode, Uint8Array.of(input.resultCode));
  if (input.amountMinor !== undefined) add(BMP.amount, encodeAmount(input.amountMinor));
  if (input.trace !== undefined) add(BMP.trace, encodeBcd(String(input.trace % 1_000_000), 3));
  if (input.time !== undefined) add(BMP.time, encodeBcd(input.time, 3));
  if (input.date !== undefined) add(BMP.date, encodeBcd(input.date, 2));
  if (input.panLast4 !== undefined) add(BMP.pan, maskedPanBmpValue(input.panLast4));
  if (input.terminalId !== undefined) add(BMP.terminalId, encodeBcd(input.terminalId, 4));
  if (input.vu !== undefined) add(BMP.vu, encodeZvtText(input.vu.padEnd(15, ' ').slice(0, 15), 'ascii'));
  if (input.authCode !== undefined) add(BMP.authCode, padded(encodeZvtText(input.authCode, 'ascii'), 8));
  if (input.additionalText !== undefined) add(BMP.additionalText, encodeZvtText(input.additionalText, encoding));
  if (input.currency !== undefined) add(BMP.currency, encodeBcd(String(input.currency), 2));
  if (input.receiptNo !== undefined) add(BMP.receiptNo, encodeBcd(String(input.receiptNo % 10_000), 2));
  if (input.turnoverNo !== undefined) add(BMP.turnoverNo, encodeBcd(String(input.turnoverNo % 1_000_000), 3));
  if (input.paymentType !== undefined) add(BMP.paymentType, Uint8Array.of(input.paymentType));
  if (input.cardType !== undefined) add(BMP.cardType, Uint8Array.of(input.cardType));
  if (input.cardName !== undefined) add(BMP.cardName, encodeZvtText(input.cardName, 'ascii'));
  if (input.dateLong !== undefined) add(BMP.dateLong, encodeBcd(input.dateLong, 3));
  if (input.totals !== undefined) add(BMP.totals, encodeTotals(input.totals));
  if (input.tlv !== undefined) add(BMP.tlv, input.tlv);
  return concatBytes(parts);
}

/** BMP 22's value for a 16-digit card showing only `last4`. */
function maskedPanBmpValue(last4: string): Uint8Array {
  const digits = last4.replace(/\D/g, '').slice(-4);
  const text = 'E'.repeat(16 - digits.length) + digits;
  return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

function padded(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, length));
  return out;
}
