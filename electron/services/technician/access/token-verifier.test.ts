import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assembleTechnicianToken,
  parseTechnicianToken,
  type TechnicianTokenPayload,
  technicianTokenSignedText,
} from '../../../../kiosk-config/src/index';
import { checkTechnicianToken } from './token-verifier';

const NOW = Date.parse('2026-12-07T08:00:00Z');
const NOW_S = NOW / 1000;

function keyPair(): { privateKey: KeyObject; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKey.export({ format: 'jwk' }).x as string };
}

const hub = keyPair();

function tokenFor(payload: Partial<TechnicianTokenPayload> = {}, key = hub.privateKey): string {
  const full: TechnicianTokenPayload = {
    p: 'Петров И.',
    s: { k: 'kiosk-01' },
    iat: NOW_S - 600,
    exp: NOW_S + 3600,
    n: 'AAAAAAAAAAAAAAAAAAAAAA',
    ...payload,
  };
  const signed = technicianTokenSignedText(full);
  return assembleTechnicianToken(signed, sign(null, Buffer.from(signed), key));
}

const here = { publicKey: hub.publicKey, kioskId: 'kiosk-01', officeId: 'mfc-demo-01', now: NOW };

describe('the technician QR token', () => {
  it('admits its person at the kiosk or office it names, within its times', () => {
    expect(checkTechnicianToken(tokenFor(), here)).toEqual({
      ok: true,
      token: { person: 'Петров И.', nonce: 'AAAAAAAAAAAAAAAAAAAAAA', expiresAt: (NOW_S + 3600) * 1000 },
    });
    expect(checkTechnicianToken(tokenFor({ s: { o: 'mfc-demo-01' } }), here).ok).toBe(true);
    // Short enough for a receipt scanner's QR: about 250 characters with a Cyrillic name.
    expect(tokenFor().length).toBeLessThan(260);
  });

  it('refuses another kiosk or office, and an office token where the kiosk has no setup yet', () => {
    expect(checkTechnicianToken(tokenFor({ s: { k: 'kiosk-02' } }), here)).toEqual({
      ok: false,
      reason: 'other_kiosk',
    });
    expect(checkTechnicianToken(tokenFor({ s: { o: 'mfc-demo-02' } }), here)).toEqual({
      ok: false,
      reason: 'other_kiosk',
    });
    expect(checkTechnicianToken(tokenFor({ s: { o: 'mfc-demo-01' } }), { ...here, officeId: undefined })).toEqual({
      ok: false,
      reason: 'other_kiosk',
    });
  });

  it('refuses an expired token and one not yet valid, with five minutes of clock skew either way', () => {
    expect(checkTechnicianToken(tokenFor({ iat: NOW_S - 7200, exp: NOW_S - 299 }), here).ok).toBe(true);
    expect(checkTechnicianToken(tokenFor({ iat: NOW_S - 7200, exp: NOW_S - 300 }), here)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(checkTechnicianToken(tokenFor({ iat: NOW_S + 300, exp: NOW_S + 3600 }), here).ok).toBe(true);
    expect(checkTechnicianToken(tokenFor({ iat: NOW_S + 301, exp: NOW_S + 3600 }), here)).toEqual({
      ok: false,
      reason: 'not_yet_valid',
    });
  });

  it('refuses a token valid longer than 12 hours even when signed', () => {
    expect(checkTechnicianToken(tokenFor({ iat: NOW_S - 60, exp: NOW_S - 60 + 12 * 3600 + 1 }), here)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses another key, a changed payload or signature, and a kiosk without the hub key', () => {
    expect(checkTechnicianToken(tokenFor({}, keyPair().privateKey), here)).toEqual({ ok: false, reason: 'invalid' });
    const [prefix, payload, signature] = tokenFor().split('.') as [string, string, string];
    const other = tokenFor({ s: { k: 'kiosk-02' } }).split('.')[1] ?? '';
    expect(checkTechnicianToken([prefix, other, signature].join('.'), here)).toEqual({ ok: false, reason: 'invalid' });
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    expect(checkTechnicianToken([prefix, payload, flipped].join('.'), here)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkTechnicianToken(tokenFor(), { ...here, publicKey: undefined })).toEqual({
      ok: false,
      reason: 'no_key',
    });
  });

  it('never throws and never admits on any text, nor on any change of one character of a good token', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 700 }), (text) => {
        expect(checkTechnicianToken(text, here).ok).toBe(false);
        expect(checkTechnicianToken(`OKNO-T1.${text}`, here).ok).toBe(false);
      }),
    );
    const good = tokenFor();
    fc.assert(
      fc.property(
        fc.nat({ max: good.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.='),
        (at, char) => {
          fc.pre(good[at] !== char);
          const changed = good.slice(0, at) + char + good.slice(at + 1);
          expect(checkTechnicianToken(changed, here).ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parses only strict payloads: no extra field, no control characters in the name', () => {
    const withExtra = tokenFor({ ...({ pin: '1234' } as object) });
    expect(parseTechnicianToken(withExtra)).toEqual({ ok: false, problem: 'malformed' });
    expect(parseTechnicianToken(tokenFor({ p: 'Петров\nИ.' }))).toEqual({ ok: false, problem: 'malformed' });
    expect(parseTechnicianToken('https://example.org')).toEqual({ ok: false, problem: 'not_a_token' });
  });
});
