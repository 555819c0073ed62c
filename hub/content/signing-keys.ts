import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Key, Signature } from '@tufjs/models';
import { writeFileAtomic } from './atomic-file';

/**
 * Ed25519 signing keys of the content channel's TUF roles. A key file is the private key in
 * PKCS#8 PEM, mode 0600. The root keys and the publisher's (targets) key are kept off the hub:
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

/** Writes a new key file, mode 0600; refuses to overwrite one (a lost key cannot be re-made). */
export function writeNewKeyFile(path: string): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  if (fileExists(path)) throw new Error(`${path} exists already: a key is never overwritten`);
  writeFileAtomic(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), 0o600);
  return signingKeyOf(privateKey);
}

/**
 * Reads a key file. Refuses one that others may read (group or world bits set): the key may
 * have been copied already, and it is better to find out now than after a release is signed.
 */
export function readKeyFile(path: string): SigningKey {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it, and consider the key exposed`,
    );
  }
  return signingKeyOf(createPrivateKey(readFileSync(path)));
}

function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
