import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url';

/** Node's own encoder, the reference (tests may use Node; the module may not). */
function reference(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

describe('base64url', () => {
  it('encodes as Node does and decodes back, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(reference(bytes));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it('refuses what is not canonical: padding, other alphabets, impossible lengths, leftover bits', () => {
    expect(fromBase64Url('QQ==')).toBeUndefined();
    expect(fromBase64Url('a+b/')).toBeUndefined();
    expect(fromBase64Url('QUJDR')).toBeUndefined();
    expect(fromBase64Url('QR')).toBeUndefined(); // "QQ" is the canonical spelling of "A"
    expect(fromBase64Url('QQ')).toEqual(new Uint8Array([65]));
  });
});
