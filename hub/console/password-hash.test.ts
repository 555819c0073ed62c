import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT_COST } from './console-test-support';
import { DEFAULT_SCRYPT_COST, hashPassword, passwordProblem, verifyPassword } from './password-hash';

describe('console password hashes', () => {
  it('makes a versioned scrypt string with a fresh salt, and verifies only the right password', async () => {
    const one = await hashPassword('correct horse battery', TEST_SCRYPT_COST);
    const two = await hashPassword('correct horse battery', TEST_SCRYPT_COST);
    expect(one).toMatch(/^scrypt\$1\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(one).not.toBe(two);
    expect(await verifyPassword('correct horse battery', one)).toBe(true);
    expect(await verifyPassword('correct horse batterY', one)).toBe(false);
    expect(await verifyPassword('', one)).toBe(false);
  });

  it('uses a memory-hard default (32 MiB) and verifies with the parameters stored in the hash', async () => {
    expect(128 * 2 ** DEFAULT_SCRYPT_COST.log2N * DEFAULT_SCRYPT_COST.r).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    const strong = await hashPassword('another long password');
    expect(strong.startsWith('scrypt$1$15$8$1$')).toBe(true);
    expect(await verifyPassword('another long password', strong)).toBe(true);
  });

  it('refuses malformed or absurdly costly hashes instead of computing them', async () => {
    const good = await hashPassword('correct horse battery', TEST_SCRYPT_COST);
    expect(await verifyPassword('correct horse battery', good.replace('$1$10$', '$1$25$'))).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain')).toBe(false);
    expect(await verifyPassword('correct horse battery', good.replace('scrypt$1', 'scrypt$2'))).toBe(false);
  });

  it('asks for at least 12 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars')).toBeUndefined();
  });
});
