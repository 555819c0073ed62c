import { GS1_AIM_IDENTIFIERS } from './aim';
import { GS, type Gs1Data, type Gs1Error, type Gs1Options, parseGs1 } from './gs1';
import { looksLikePaymentQr, type PaymentQr, type PaymentQrError, parsePaymentQr } from './payment-qr';

/** A scanned code as the classifier reads it (a `ScannedCode` fits). */
export interface CodeToClassify {
  text: string;
  symbology?: string;
  /** The code's bytes when it came over a byte link: a payment QR's own charset is applied to them. */
  bytes?: Uint8Array;
}

/**
 * What a scanned code is. A code that starts like a payment QR or GS1 data but does not parse
 * stays `text`, with `rejected` saying what it was taken for and why (for the technician's
 * test-scan screen; never logged with the code).
 */
export type ClassifiedCode =
  | { kind: 'payment_qr'; parsed: PaymentQr }
  | { kind: 'gs1'; parsed: Gs1Data }
  | {
      kind: 'text';
      parsed: { text: string };
      rejected?: { as: 'payment_qr'; error: PaymentQrError } | { as: 'gs1'; error: Gs1Error };
    };

/** Marking codes scanned without an AIM identifier: GTIN, then a serial, a GS in between. */
const BARE_GS1 = /^01\d{14}(21|10|17)/;

/**
 * Tells a payment QR (GOST R 56042) and GS1 data (by its AIM identifier, a leading FNC1, or the
 * shape of a marking code) from any other code, and parses them. Never throws.
 */
export function classifyCode(code: CodeToClassify, options: Gs1Options = {}): ClassifiedCode {
  const { text } = code;
  if (looksLikePaymentQr(text) || (code.bytes !== undefined && startsWithPaymentHeader(code.bytes))) {
    const parsed = parsePaymentQr(code.bytes ?? text);
    if (parsed.ok) return { kind: 'payment_qr', parsed: parsed.value };
    return { kind: 'text', parsed: { text }, rejected: { as: 'payment_qr', error: parsed.error } };
  }
  const announced = code.symbology !== undefined && GS1_AIM_IDENTIFIERS.has(code.symbology);
  const shaped = text.startsWith(GS) || /^\(0[01]\)\d/.test(text) || (BARE_GS1.test(text) && text.includes(GS));
  if (announced || shaped) {
    const parsed = parseGs1(text, options);
    if (parsed.ok) return { kind: 'gs1', parsed: parsed.value };
    return { kind: 'text', parsed: { text }, rejected: { as: 'gs1', error: parsed.error } };
  }
  if (BARE_GS1.test(text)) {
    // Only the shape says GS1 here: take it as GS1 when it parses (check digit and all), else as text.
    const parsed = parseGs1(text, options);
    if (parsed.ok) return { kind: 'gs1', parsed: parsed.value };
  }
  return { kind: 'text', parsed: { text } };
}

function startsWithPaymentHeader(bytes: Uint8Array): boolean {
  const header = [0x53, 0x54, 0x30, 0x30, 0x30, 0x31]; // "ST0001"
  return header.every((byte, i) => bytes[i] === byte);
}
