import { z } from 'zod';

/** What the hub's enrollment QR carries: the one-time code and what it is bound to. */
export interface EnrollmentQr {
  /** The one-time code as the CLI prints it (`ABCD-EFGH-JKMN`). */
  code: string;
  /** The kiosk id the code is bound to (the hub refuses it for any other). */
  kioskId: string;
  /** The office the kiosk joins: shown on the kiosk before the technician confirms. */
  officeId: string;
  /** The office's name, for the kiosk's screen. */
  officeName?: string | undefined;
  /** When the code stops working. */
  expiresAt?: string | undefined;
}

/** The QR text's prefix: format 1 of Okno's enrollment QR. */
export const ENROLLMENT_QR_PREFIX = 'OKNO-E1?';

const Fields = z
  .object({
    c: z.string().regex(/^[0-9A-Za-z-]{6,64}$/),
    k: z.string().min(1).max(64),
    o: z.string().min(1).max(64),
    n: z.string().min(1).max(200).optional(),
    x: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/**
 * The QR text of an enrollment code: `OKNO-E1?c=<code>&k=<kiosk id>&o=<office id>&n=<office
 * name>&x=<expiry>`, each value percent-encoded (UTF-8), so the office's Cyrillic name survives
 * any scanner that sends ASCII. The hub decides the office from the code alone; the office in the
 * QR is what the kiosk shows before the technician confirms, and the kiosk compares it with the
 * hub's answer.
 */
export function formatEnrollmentQr(qr: EnrollmentQr): string {
  const fields: [string, string | undefined][] = [
    ['c', qr.code],
    ['k', qr.kioskId],
    ['o', qr.officeId],
    ['n', qr.officeName],
    ['x', qr.expiresAt],
  ];
  return (
    ENROLLMENT_QR_PREFIX +
    fields
      .filter((field): field is [string, string] => field[1] !== undefined)
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join('&')
  );
}

/** The enrollment QR's fields, or undefined when the text is not one (another code, a typo, a forgery). */
export function parseEnrollmentQr(text: string): EnrollmentQr | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith(ENROLLMENT_QR_PREFIX) || trimmed.length > 1024) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of trimmed.slice(ENROLLMENT_QR_PREFIX.length).split('&')) {
    const at = pair.indexOf('=');
    if (at <= 0) return undefined;
    const key = pair.slice(0, at);
    if (key in fields) return undefined;
    try {
      fields[key] = decodeURIComponent(pair.slice(at + 1));
    } catch {
      return undefined;
    }
  }
  const parsed = Fields.safeParse(fields);
  if (!parsed.success) return undefined;
  const { c, k, o, n, x } = parsed.data;
  return {
    code: c,
    kioskId: k,
    officeId: o,
    ...(n === undefined ? {} : { officeName: n }),
    ...(x === undefined ? {} : { expiresAt: x }),
  };
}
