import { describe, expect, it } from 'vitest';
import { hashesEqual, hashSecret, newCredential, newEnrollmentCode, normaliseEnrollmentCode } from './credentials';

describe('credentials', () => {
  it('makes long random credentials and compares their hashes', () => {
    const a = newCredential();
    const b = newCredential();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashesEqual(hashSecret(a), hashSecret(a))).toBe(true);
    expect(hashesEqual(hashSecret(a), hashSecret(b))).toBe(false);
    expect(hashesEqual('', '')).toBe(false);
    expect(hashesEqual(hashSecret(a), 'abcd')).toBe(false);
  });

  it('makes enrollment codes a person can read out and type loosely', () => {
    const code = newEnrollmentCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(normaliseEnrollmentCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code.replace(/-/g, ''));
    expect(normaliseEnrollmentCode('o1l-I0')).toBe('01110');
  });
});
