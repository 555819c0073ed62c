import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Secrets of kiosk identity: credentials, one-time enrollment codes and their hashes.
 *
 * A credential is 32 random bytes, so a plain SHA-256 is the right hash: nothing can be
 * guessed from it, and a slow password hash (scrypt, argon2) would cost milliseconds on every
 * request of every kiosk for no gain. Enrollment codes are shorter because people type them;
 * they are one-time, expire, and are hashed the same way.
 */

/** A new kiosk credential: 43 characters of base64url (256 bits). Shown once, never stored. */
export function newCredential(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a secret: SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/;

/**
 * The secret of an `Authorization: Bearer …` header, a kiosk credential or an operator token;
 * undefined when the header is absent or malformed.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  return BEARER.exec(authorization ?? '')?.[1];
}

/** Crockford's base32 without I, L, O, U: nothing a technician can misread on a phone call. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A one-time enrollment code for a technician to type: 12 characters in groups of four,
 * e.g. `7KQM-4XPD-9R2T` (60 bits).
 */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * The canonical form of a typed enrollment code: upper case, no dashes or spaces, and the
 * letters people confuse with digits read as those digits (O→0, I/L→1), as Crockford intends.
 */
export function normaliseEnrollmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
