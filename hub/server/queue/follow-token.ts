import { randomBytes } from 'node:crypto';

/**
 * Follow links (`<base>/q/<token>`): the token is 128 random bits in base64url, unguessable and
 * unrelated to the ticket's number, so nobody can watch someone else's ticket by counting. The
 * hub keeps only its SHA-256 (`hashSecret`). Kiosks make the tokens of offline tickets the same way.
 */

/** What a token looks like: the hub's are 22 characters; a kiosk's may be longer. */
export const FOLLOW_TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

/** A new follow token: 16 random bytes, base64url (22 characters). */
export function newFollowToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The visitor's link: `https://hub.example.ru/q/<token>` (no trailing slash doubled). */
export function followUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/q/${token}`;
}
