import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followTokenOf, followUrl, isFollowToken, looksLikeFollowLink } from './follow-link';

const BASE = 'https://hub.example.ru/okno';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';

/** Tokens as the hub (22 characters) and kiosks (`o_` and 22, up to 64) make them. */
const token = fc.stringMatching(/^[A-Za-z0-9_-]{22,64}$/);
/** Hub addresses: http(s), a host, maybe a path, maybe a trailing slash; no query or fragment. */
const base = fc.webUrl({ validSchemes: ['http', 'https'] });

describe('follow links', () => {
  it('makes the link of a token, with no slash doubled', () => {
    expect(followUrl(BASE, TOKEN)).toBe(`${BASE}/q/${TOKEN}`);
    expect(followUrl(`${BASE}//`, TOKEN)).toBe(`${BASE}/q/${TOKEN}`);
  });

  it('takes only a follow link of this hub', () => {
    expect(followTokenOf(`${BASE}/q/${TOKEN}`, BASE)).toBe(TOKEN);
    expect(followTokenOf(` ${BASE}/q/${TOKEN}\n`, `${BASE}/`)).toBe(TOKEN);
    for (const text of [
      `https://evil.example/q/${TOKEN}`,
      `${BASE}/q/${TOKEN}/rating`,
      `${BASE}/q/short`,
      `${BASE}/q/${'A'.repeat(65)}`,
      '12345678',
      `${BASE}/offices`,
    ]) {
      expect(followTokenOf(text, BASE), text).toBeUndefined();
    }
    expect(followTokenOf(`${BASE}/q/${TOKEN}`, undefined)).toBeUndefined();
  });

  it('tells the shape of a follow link on any hub, and nothing else', () => {
    expect(looksLikeFollowLink(`https://evil.example/q/${TOKEN}`)).toBe(true);
    expect(looksLikeFollowLink(` ${BASE}/q/o_${TOKEN}\n`)).toBe(true);
    for (const text of [`${BASE}/q/${TOKEN}/rating`, `ftp://x/q/${TOKEN}`, `${BASE}/q/short`, '12345678', TOKEN]) {
      expect(looksLikeFollowLink(text), text).toBe(false);
    }
  });

  it('reads back the token of every link it makes (fuzz)', () => {
    fc.assert(
      fc.property(base, token, (hub, made) => {
        const link = followUrl(hub, made);
        expect(followTokenOf(link, hub)).toBe(made);
        expect(followTokenOf(` ${link}\r\n`, `${hub}/`)).toBe(made);
        expect(looksLikeFollowLink(link)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reads from any text either nothing or a well-formed token whose link is that text (fuzz)', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      // Near misses: a link of the hub with any tail.
      fc.string().map((tail) => `${BASE}/q/${tail}`),
      fc.tuple(token, fc.string()).map(([made, tail]) => `${BASE}/q/${made}${tail}`),
    );
    fc.assert(
      fc.property(text, (scanned) => {
        const read = followTokenOf(scanned, BASE);
        if (read === undefined) return;
        expect(isFollowToken(read)).toBe(true);
        expect(followUrl(BASE, read)).toBe(scanned.trim());
        expect(looksLikeFollowLink(scanned)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
