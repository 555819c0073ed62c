import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptKeyFile, encryptKeyFile, type KeyEncryptionSecret, KeyFileError } from './encrypted-key-file';
import { TEST_PASSPHRASE_SECRET } from './key-test-support';
import { encryptPlainKeyFile, readKeyFile, tufPublicKey, writeNewKeyFile } from './signing-keys';

const HUB_SECRET: KeyEncryptionSecret = { kind: 'key', key: randomBytes(32) };

function problemOf(read: () => unknown): string {
  try {
    read();
    return 'opened';
  } catch (error) {
    return error instanceof KeyFileError ? error.problem : `crash: ${String(error)}`;
  }
}

describe('encrypted key files', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = tufPublicKey(publicKey).keyID;

  it('open with the secret they were written with, by passphrase (scrypt) or by the hub’s 32 bytes (HKDF)', () => {
    for (const secret of [TEST_PASSPHRASE_SECRET, HUB_SECRET]) {
      const text = encryptKeyFile(privateKey, keyId, secret);
      expect(text.split('\n')[0]).toBe('okno-encrypted-key v1');
      expect(text).not.toContain(privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
      const opened = decryptKeyFile(Buffer.from(text), [secret]);
      expect(opened.equals(privateKey)).toBe(true);
    }
    const passphraseFile = Buffer.from(encryptKeyFile(privateKey, keyId, TEST_PASSPHRASE_SECRET));
    // Several key holders' passphrases: the one that fits opens it.
    const other: KeyEncryptionSecret = { kind: 'passphrase', passphrase: 'someone else entirely' };
    expect(decryptKeyFile(passphraseFile, [other, TEST_PASSPHRASE_SECRET]).equals(privateKey)).toBe(true);
  });

  it('tell a wrong secret, a missing one, a changed file, a truncated one and an unknown format apart', () => {
    const file = Buffer.from(encryptKeyFile(privateKey, keyId, HUB_SECRET));
    const [magic = '', header = '', body = ''] = file.toString().split('\n');
    const sealed = Buffer.from(body, 'base64');
    const flipped = Buffer.from(sealed);
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    const otherKeyId = 'f'.repeat(64);
    const cases: [string, Buffer, KeyEncryptionSecret[], string][] = [
      ['wrong secret', file, [{ kind: 'key', key: randomBytes(32) }], 'wrong_secret'],
      ['a passphrase for a secret-key file', file, [TEST_PASSPHRASE_SECRET], 'no_secret'],
      ['no secret', file, [], 'no_secret'],
      [
        'a flipped ciphertext bit',
        Buffer.from(`${magic}\n${header}\n${flipped.toString('base64')}\n`),
        [HUB_SECRET],
        'tampered',
      ],
      [
        'a changed key id in the header',
        Buffer.from(`${magic}\n${header.replace(keyId, otherKeyId)}\n${body}\n`),
        [HUB_SECRET],
        'tampered',
      ],
      ['a truncated body', Buffer.from(`${magic}\n${header}\n${body.slice(0, 8)}\n`), [HUB_SECRET], 'tampered'],
      ['a cut header', Buffer.from(`${magic}\n${header.slice(0, 30)}`), [HUB_SECRET], 'malformed'],
      ['garbage', randomBytes(200), [HUB_SECRET], 'malformed'],
      ['an empty file', Buffer.alloc(0), [HUB_SECRET], 'malformed'],
      [
        'a newer format',
        Buffer.from(`okno-encrypted-key v2\n${header}\n${body}\n`),
        [HUB_SECRET],
        'unsupported_version',
      ],
      ['a key in the clear', Buffer.from(privateKey.export({ format: 'pem', type: 'pkcs8' })), [HUB_SECRET], 'plain'],
    ];
    expect(
      cases.map(([name, bytes, secrets]) => `${name}: ${problemOf(() => decryptKeyFile(bytes, secrets))}`),
    ).toEqual(cases.map(([name, , , problem]) => `${name}: ${problem}`));
  });

  it('refuse a header asking for a scrypt cost beyond the bound, before deriving anything', () => {
    const file = encryptKeyFile(privateKey, keyId, TEST_PASSPHRASE_SECRET);
    const costly = file.replace('"N":32768', `"N":${2 ** 24}`);
    expect(problemOf(() => decryptKeyFile(Buffer.from(costly), [TEST_PASSPHRASE_SECRET]))).toBe('malformed');
  });
});

describe('key files on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okno-keyfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are refused in the clear with the command that encrypts them, which does so in place', () => {
    const path = join(dir, 'publisher.key');
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    expect(() => readKeyFile(path, [TEST_PASSPHRASE_SECRET])).toThrow(
      `the key file ${path} is a key in the clear (not encrypted): encrypt it with "admin.js content encrypt-key FILE"`,
    );
    const key = encryptPlainKeyFile(path, TEST_PASSPHRASE_SECRET);
    expect(readFileSync(path, 'utf8')).toMatch(/^okno-encrypted-key v1\n/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readKeyFile(path, [TEST_PASSPHRASE_SECRET]).keyId).toBe(key.keyId);
  });

  it('name the file and the problem in the message of a wrong passphrase or a damaged file', () => {
    const path = join(dir, 'root.key');
    writeNewKeyFile(path, TEST_PASSPHRASE_SECRET);
    expect(() => readKeyFile(path, [{ kind: 'passphrase', passphrase: 'not the passphrase' }])).toThrow(
      `the key file ${path} does not open with a passphrase given (a wrong secret?)`,
    );
    const text = readFileSync(path, 'utf8').split('\n');
    chmodSync(path, 0o600);
    writeFileSync(path, `${text[0]}\n${text[1]}\nAAAA${text[2]?.slice(4)}\n`);
    expect(() => readKeyFile(path, [TEST_PASSPHRASE_SECRET])).toThrow(
      `the key file ${path} was changed or damaged after it was written (the secret is right, the file is not)`,
    );
  });
});
