import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  parseTechnicianToken,
  type TechnicianSignInRefusal,
  technicianTokenRefusal,
} from '../../../../kiosk-config/src/index';

/** A token that admits its bearer: who, which token, until when (Unix ms). */
export interface AdmittedToken {
  person: string;
  nonce: string;
  expiresAt: number;
}

/** What the kiosk knows when it checks a token: the hub's key and where it stands. */
export interface TokenCheckContext {
  /** The hub's technician public key (raw Ed25519, base64url) from the setup; undefined without one. */
  publicKey: string | undefined;
  kioskId: string;
  /** The kiosk's office, from the setup. */
  officeId: string | undefined;
  now: number;
}

/** The public key object of a raw Ed25519 key in base64url. */
export function ed25519PublicKey(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

/**
 * Checks a scanned technician token offline: its form, the hub's signature, its times against
 * the kiosk's clock (a few minutes' skew allowed), and that it names this kiosk or its office.
 * Never throws: any text from a scanner gets a refusal.
 */
export function checkTechnicianToken(
  text: string,
  context: TokenCheckContext,
): { ok: true; token: AdmittedToken } | { ok: false; reason: TechnicianSignInRefusal } {
  if (context.publicKey === undefined) return { ok: false, reason: 'no_key' };
  const parsed = parseTechnicianToken(text);
  if (!parsed.ok) return { ok: false, reason: 'invalid' };
  const { payload, signed, signature } = parsed.token;
  let genuine = false;
  try {
    genuine = verify(null, signed, ed25519PublicKey(context.publicKey), signature);
  } catch {
    genuine = false;
  }
  if (!genuine) return { ok: false, reason: 'invalid' };
  const refusal = technicianTokenRefusal(payload, context, context.now);
  if (refusal !== undefined) return { ok: false, reason: refusal };
  return { ok: true, token: { person: payload.p, nonce: payload.n, expiresAt: payload.exp * 1000 } };
}
