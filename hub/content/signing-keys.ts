import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Key, Signature } from '@tufjs/models';
import { createFileAtomic, writeFileAtomic } from './atomic-file';
import {
  decryptKeyFile,
  encryptedKeyId,
  encryptKeyFile,
  isPlainKeyFile,
  type KeyEncryptionSecret,
  KeyFileError,
} from './encrypted-key-file';

/**
 * Ed25519 signing keys of the content channel's TUF roles. A key file is the private key,
 * encrypted (`encrypted-key-file.ts`), mode 0600. The root keys and the publisher's (targets) key are kept off the hub:
 * the CLI reads them from the path it is given. The hub's online keys (snapshot, timestamp) live
 * in its data folder (`online-keys.ts`).
 */
export interface SigningKey {
  /** The TUF key id: sha256 of the key's canonical JSON (spec §4.2). */
  readonly keyId: string;
  /** The public half as TUF metadata lists it. */
  readonly publicKey: Key;
  /** Signs metadata bytes (`Metadata.sign` hands it the canonical JSON of `signed`). */
  sign(data: Buffer): Signature;
}

/** A new Ed25519 key. */
export function generateSigningKey(): SigningKey {
  return signingKeyOf(generateKeyPairSync('ed25519').privateKey);
}

/** The TUF public key of an Ed25519 key: `keyval.public` is the raw 32 bytes in hex. */
export function tufPublicKey(publicKey: KeyObject): Key {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.x === undefined) throw new Error('not an Ed25519 key');
  const keyVal = { public: Buffer.from(jwk.x, 'base64url').toString('hex') };
  // Canonical JSON of this flat object: sorted keys, no spaces (the key id hashes exactly that).
  const canonical = `{"keytype":"ed25519","keyval":{"public":"${keyVal.public}"},"scheme":"ed25519"}`;
  const keyID = createHash('sha256').update(canonical).digest('hex');
  return new Key({ keyID, keyType: 'ed25519', scheme: 'ed25519', keyVal });
}

function signingKeyOf(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the content channel signs with Ed25519 keys only');
  const publicKey = tufPublicKey(createPublicKey(privateKey));
  return {
    keyId: publicKey.keyID,
    publicKey,
    sign: (data) => new Signature({ keyID: publicKey.keyID, sig: sign(null, data, privateKey).toString('hex') }),
  };
}

/**
 * Writes a new key file, encrypted (`encrypted-key-file.ts`), mode 0600; refuses to overwrite
 * one (a lost key cannot be re-made), also when another process creates it at the same moment.
 */
export function writeNewKeyFile(path: string, secret: KeyEncryptionSecret): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = signingKeyOf(privateKey);
  if (fileExists(path)) throw new Error(`${path} exists already: a key is never overwritten`);
  try {
    createFileAtomic(path, encryptKeyFile(privateKey, key.keyId, secret), 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new Error(`${path} exists already: a key is never overwritten`);
  }
  return key;
}

/**
 * Reads an encrypted key file with the first of `secrets` that opens it. Refuses one that
 * others may read (group or world bits set: the file may have been copied, better to find out
 * now than after a release is signed), and one in the clear: `content encrypt-key` encrypts it.
 * Every refusal is an Error naming the file and what to do; a bad file never crashes the caller.
 */
export function readKeyFile(path: string, secrets: readonly KeyEncryptionSecret[]): SigningKey {
  const bytes = readPrivateFile(path);
  let privateKey: KeyObject;
  try {
    privateKey = decryptKeyFile(bytes, secrets);
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    const hint = error.problem === 'plain' ? ': encrypt it with "admin.js content encrypt-key FILE"' : '';
    throw new Error(`the key file ${path} ${error.message}${hint}`);
  }
  const key = signingKeyOf(privateKey);
  if (encryptedKeyId(bytes) !== key.keyId) throw new Error(`the key file ${path} names a key id its key does not have`);
  return key;
}

/** Reads a key file written in the clear (before keys were encrypted), to encrypt it. */
export function readPlainKeyFile(path: string): { key: SigningKey; privateKey: KeyObject } {
  const bytes = readPrivateFile(path);
  if (!isPlainKeyFile(bytes)) throw new Error(`the key file ${path} is not a key in the clear`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(bytes);
  } catch {
    throw new Error(`the key file ${path} is not a readable PEM private key`);
  }
  return { key: signingKeyOf(privateKey), privateKey };
}

/**
 * Encrypts a key file written in the clear, in place: the encrypted file is written beside it
 * and renamed over it (fsync'd), so a crash leaves the old file or the new, never neither.
 * (The clear bytes may linger in free disk blocks: a key that was ever in the clear on shared
 * storage is better rotated.)
 */
export function encryptPlainKeyFile(path: string, secret: KeyEncryptionSecret): SigningKey {
  const { key, privateKey } = readPlainKeyFile(path);
  writeFileAtomic(path, encryptKeyFile(privateKey, key.keyId, secret), 0o600);
  return key;
}

/** True when the file at `path` is a key in the clear. */
export function isPlainKeyFileAt(path: string): boolean {
  return isPlainKeyFile(readFileSync(path));
}

function readPrivateFile(path: string): Buffer {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it, and consider the key exposed`,
    );
  }
  return readFileSync(path);
}

function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
