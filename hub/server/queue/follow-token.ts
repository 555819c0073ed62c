import { randomBytes } from 'node:crypto';

/**
 * A new follow token: 16 random bytes, base64url (22 characters); what it looks like and its
 * links are `kiosk-config/src/hub/follow-link.ts`. The hub keeps only its SHA-256 (`hashSecret`).
 */
export function newFollowToken(): string {
  return randomBytes(16).toString('base64url');
}
