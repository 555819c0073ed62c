import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contentPaths } from '../content/content-publisher';
import { resolveHubKeySecret } from '../content/key-secrets';
import { devSecretPath, type OnlineKeyAccess } from '../content/online-keys';
import { readKeyFile, type SigningKey, writeNewKeyFile } from '../content/signing-keys';

/** The hub's technician signing key: its public half for the kiosks' setup, and signing. */
export interface TechnicianKey {
  /** Raw Ed25519 public key, base64url (43 characters): `KioskSetup.technician.publicKey`. */
  readonly publicKey: string;
  /** The Ed25519 signature of `data` (64 bytes). */
  sign(data: Uint8Array): Uint8Array;
}

/** `<database folder>/technician/technician.key`. */
export function technicianKeyPath(dbPath: string): string {
  return join(dirname(dbPath), 'technician', 'technician.key');
}

/**
 * Reads the hub's technician signing key, creating it (once) when there is none. Kept like the
 * content channel's online keys: an encrypted key file (`encrypted-key-file.ts`), mode 0600 in a
 * 0700 folder, encrypted with the hub's key secret (`key-secrets.ts`: the systemd credential
 * `okno-content-keys`, `contentKeySecretFile`, `OKNO_HUB_CONTENT_KEY_SECRET`, or a demo's dev
 * secret). The hub signs unattended, so the secret is read, never typed; no key is in the clear.
 */
export function loadOrCreateTechnicianKey(dbPath: string, access: OnlineKeyAccess = {}): TechnicianKey {
  const path = technicianKeyPath(dbPath);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  const found = resolveHubKeySecret({
    env: access.env ?? process.env,
    secretFile: access.secretFile,
    devSecretPath: devSecretPath(contentPaths(dbPath).keysDir),
    createDevSecret: access.createDevSecret === true,
  });
  let key: SigningKey;
  try {
    key = existsSync(path) ? readKeyFile(path, [found.secret]) : writeNewKeyFile(path, found.secret);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the secret came from ${found.where}`);
  }
  const publicHex = key.publicKey.keyVal.public;
  if (publicHex === undefined) throw new Error(`the technician key ${path} has no public half`);
  return {
    publicKey: Buffer.from(publicHex, 'hex').toString('base64url'),
    sign: (data) => Buffer.from(key.sign(Buffer.from(data)).sig, 'hex'),
  };
}
