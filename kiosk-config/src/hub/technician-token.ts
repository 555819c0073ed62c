import { z } from 'zod';
import { fromBase64Url, toBase64Url } from '../lib/base64url';

/**
 * The technician's QR token: the hub signs, for a named person, a short-lived pass to the
 * technician mode of one kiosk or of every kiosk of one office. Compact enough for a QR code a
 * receipt scanner reads off a phone's screen or a printout (≈ 250 ASCII characters):
 *
 *   OKNO-T1.<base64url of the payload's JSON>.<base64url of the Ed25519 signature>
 *
 * The signature covers the ASCII text before the last dot (`OKNO-T1.<payload>`), so the
 * version prefix is signed too. Base64url is canonical (`lib/base64url.ts`): a token has one
 * spelling. The kiosk checks it offline with the hub's public key from its setup
 * (`KioskSetup.technician`), against its own clock.
 */
export const TECHNICIAN_TOKEN_PREFIX = 'OKNO-T1';
/** The longest a token may be valid: a day's visit, so a lost printout soon stops working. */
export const TECHNICIAN_TOKEN_MAX_HOURS = 12;
/** How far the kiosk's clock may be from the hub's without refusing a good token. */
export const TECHNICIAN_TOKEN_SKEW_SECONDS = 300;

/** Who a token admits: one kiosk (`k`), or each kiosk of one office (`o`). */
export const TechnicianTokenScope = z.union([
  z.object({ k: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) }).strict(),
  z.object({ o: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) }).strict(),
]);
export type TechnicianTokenScope = z.infer<typeof TechnicianTokenScope>;

/** The signed payload; short keys keep the QR code small. Times are Unix seconds. */
export const TechnicianTokenPayload = z
  .object({
    /** The technician's name as the admin typed it (shown on the mode's banner, written in the audit). */
    p: z
      .string()
      .min(1)
      .max(80)
      .refine((name) => name.trim() === name && !/\p{Cc}/u.test(name), 'a name without control characters'),
    s: TechnicianTokenScope,
    iat: z.number().int().positive(),
    exp: z.number().int().positive(),
    /** 16 random bytes: names this token in the hub's list and in the kiosk's list of spent tokens. */
    n: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  })
  .strict()
  .refine(
    (payload) => payload.exp > payload.iat && payload.exp - payload.iat <= TECHNICIAN_TOKEN_MAX_HOURS * 3600,
    `valid for at most ${TECHNICIAN_TOKEN_MAX_HOURS} hours`,
  );
export type TechnicianTokenPayload = z.infer<typeof TechnicianTokenPayload>;

/** A token taken apart (its signature not yet checked). */
export interface ParsedTechnicianToken {
  payload: TechnicianTokenPayload;
  /** The bytes the signature covers (`OKNO-T1.<payload>` as ASCII). */
  signed: Uint8Array;
  /** The Ed25519 signature (64 bytes). */
  signature: Uint8Array;
}

/** Why a text is not a readable technician token. */
export type TechnicianTokenProblem = 'not_a_token' | 'malformed';

const ED25519_SIGNATURE_BYTES = 64;
/** Longer than any real token (an 80-character Cyrillic name included): a scanner's junk is not parsed. */
export const TECHNICIAN_TOKEN_MAX_LENGTH = 600;

/** The text a token's signature covers, for a payload. */
export function technicianTokenSignedText(payload: TechnicianTokenPayload): string {
  return `${TECHNICIAN_TOKEN_PREFIX}.${toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}`;
}

/** The whole token: the signed text and its signature. */
export function assembleTechnicianToken(signedText: string, signature: Uint8Array): string {
  return `${signedText}.${toBase64Url(signature)}`;
}

/** Whether a scanned text claims to be a technician token (the sign-in screen tells other codes apart). */
export function looksLikeTechnicianToken(text: string): boolean {
  return text.startsWith(`${TECHNICIAN_TOKEN_PREFIX}.`);
}

/** Takes a token apart; never throws, whatever the text. */
export function parseTechnicianToken(
  text: string,
): { ok: true; token: ParsedTechnicianToken } | { ok: false; problem: TechnicianTokenProblem } {
  if (!looksLikeTechnicianToken(text)) return { ok: false, problem: 'not_a_token' };
  const malformed = { ok: false, problem: 'malformed' } as const;
  if (text.length > TECHNICIAN_TOKEN_MAX_LENGTH) return malformed;
  const parts = text.split('.');
  if (parts.length !== 3) return malformed;
  const [, payloadText = '', signatureText = ''] = parts;
  const payloadBytes = fromBase64Url(payloadText);
  const signature = fromBase64Url(signatureText);
  if (payloadBytes === undefined || signature?.length !== ED25519_SIGNATURE_BYTES) return malformed;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    return malformed;
  }
  const payload = TechnicianTokenPayload.safeParse(json);
  if (!payload.success) return malformed;
  const signed = new TextEncoder().encode(`${TECHNICIAN_TOKEN_PREFIX}.${payloadText}`);
  return { ok: true, token: { payload: payload.data, signed, signature } };
}

/** Why a well-signed token does not admit its bearer here and now. */
export type TechnicianTokenRefusal = 'not_yet_valid' | 'expired' | 'other_kiosk';

/**
 * Whether a token's times and scope admit its bearer at this kiosk (`officeId` from the hub's
 * setup; undefined when the kiosk never received one, then only a kiosk-scoped token admits).
 * The kiosk's clock may be `TECHNICIAN_TOKEN_SKEW_SECONDS` off either way.
 */
export function technicianTokenRefusal(
  payload: TechnicianTokenPayload,
  here: { kioskId: string; officeId: string | undefined },
  nowMs: number,
): TechnicianTokenRefusal | undefined {
  const now = Math.floor(nowMs / 1000);
  if (payload.iat > now + TECHNICIAN_TOKEN_SKEW_SECONDS) return 'not_yet_valid';
  if (payload.exp + TECHNICIAN_TOKEN_SKEW_SECONDS <= now) return 'expired';
  const admits = 'k' in payload.s ? payload.s.k === here.kioskId : payload.s.o === here.officeId;
  return admits ? undefined : 'other_kiosk';
}
