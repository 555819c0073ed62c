import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  scryptSync,
  timingSafeEqual,
} from 'node:crypto';
import { z } from 'zod';

/**
 * The format of an encrypted signing-key file, version 1: three lines of text.
 *
 *   okno-encrypted-key v1
 *   {"kdf":"scrypt","N":32768,"r":8,"p":1,"salt":"…","nonce":"…","keyId":"…","check":"…"}
 *   <base64 of the AES-256-GCM ciphertext of the key's PKCS#8 DER, then the 16-byte tag>
 *
 * The first two lines are the header, authenticated as the cipher's additional data: a changed
 * key id or weaker scrypt parameters fail the tag. The key that encrypts comes from a passphrase
 * (scrypt: the offline keys an admin holds) or from a 32-byte secret (HKDF-SHA256: the hub's
 * online keys, unattended). `check` is an HMAC under a second derived key, so a wrong secret is
 * told apart from a damaged file. The key id is public (it is in the signed root) and lets an
 * admin see which key a file holds without the secret.
 */
export const ENCRYPTED_KEY_MAGIC = 'okno-encrypted-key';
const FORMAT_VERSION = 1;
const HKDF_INFO = 'okno-encrypted-key v1';
const CHECK_LABEL = 'okno key check';

/** What a key file is encrypted with: an admin's passphrase, or the hub's 32-byte secret. */
export type KeyEncryptionSecret =
  | { readonly kind: 'passphrase'; readonly passphrase: string }
  | { readonly kind: 'key'; readonly key: Buffer };

/** Why a key file could not be read. */
export type KeyFileProblem = 'plain' | 'unsupported_version' | 'malformed' | 'no_secret' | 'wrong_secret' | 'tampered';

/** A key file that cannot be read, with a sentence for the admin (never the secret). */
export class KeyFileError extends Error {
  constructor(
    readonly problem: KeyFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const HeaderCommon = {
  salt: Base64,
  nonce: Base64,
  keyId: z.string().regex(/^[0-9a-f]{64}$/),
  check: Base64,
};
/** scrypt's cost is bounded: a forged header must not make a read take gigabytes of memory. */
const ScryptHeader = z
  .object({
    kdf: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .refine((n) => n >= 2 ** 14 && n <= 2 ** 18 && (n & (n - 1)) === 0, 'a power of two from 2^14 to 2^18'),
    r: z.literal(8),
    p: z.number().int().min(1).max(4),
    ...HeaderCommon,
  })
  .strict();
const HkdfHeader = z.object({ kdf: z.literal('hkdf-sha256'), ...HeaderCommon }).strict();
const KeyFileHeader = z.discriminatedUnion('kdf', [ScryptHeader, HkdfHeader]);
type KeyFileHeader = z.infer<typeof KeyFileHeader>;

/** scrypt's cost for new files: 32 MiB and about a tenth of a second (OWASP's minimum is 2^17/8/1 at 128 MiB; offline use, one key at a time). */
const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

/** True when the bytes are a key in the clear (PKCS#8 PEM), as files written before encryption were. */
export function isPlainKeyFile(bytes: Buffer): boolean {
  return bytes.subarray(0, 64).toString('utf8').trimStart().startsWith('-----BEGIN');
}

function deriveKeys(header: KeyFileHeader, secret: KeyEncryptionSecret): { cipherKey: Buffer; checkKey: Buffer } {
  const salt = Buffer.from(header.salt, 'base64');
  let material: Buffer;
  if (header.kdf === 'scrypt') {
    if (secret.kind !== 'passphrase') throw new Error('a passphrase file needs a passphrase');
    const { N, r, p } = header;
    material = scryptSync(secret.passphrase.normalize('NFC'), salt, 64, { N, r, p, maxmem: 256 * N * r });
  } else {
    if (secret.kind !== 'key') throw new Error('a secret-key file needs the 32-byte secret');
    material = Buffer.from(hkdfSync('sha256', secret.key, salt, HKDF_INFO, 64));
  }
  return { cipherKey: material.subarray(0, 32), checkKey: material.subarray(32) };
}

function checkValue(checkKey: Buffer): Buffer {
  return createHmac('sha256', checkKey).update(CHECK_LABEL).digest().subarray(0, 16);
}

/** The text of an encrypted key file holding `privateKey`, whose TUF key id is `keyId`. */
export function encryptKeyFile(privateKey: KeyObject, keyId: string, secret: KeyEncryptionSecret): string {
  const salt = randomBytes(16).toString('base64');
  const nonce = randomBytes(12);
  const common = { salt, nonce: nonce.toString('base64'), keyId };
  const draft: KeyFileHeader =
    secret.kind === 'passphrase'
      ? { kdf: 'scrypt', ...SCRYPT_COST, ...common, check: '' }
      : { kdf: 'hkdf-sha256', ...common, check: '' };
  const { cipherKey, checkKey } = deriveKeys(draft, secret);
  const header: KeyFileHeader = { ...draft, check: checkValue(checkKey).toString('base64') };
  const headerText = `${ENCRYPTED_KEY_MAGIC} v${FORMAT_VERSION}\n${JSON.stringify(header)}`;
  const cipher = createCipheriv('aes-256-gcm', cipherKey, nonce);
  cipher.setAAD(Buffer.from(headerText));
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const sealed = Buffer.concat([cipher.update(der), cipher.final(), cipher.getAuthTag()]);
  return `${headerText}\n${sealed.toString('base64')}\n`;
}

/** The key id a key file names in its header, without decrypting it (undefined for a plain file). */
export function encryptedKeyId(bytes: Buffer): string | undefined {
  return isPlainKeyFile(bytes) ? undefined : parseKeyFile(bytes).header.keyId;
}

function parseKeyFile(bytes: Buffer): { header: KeyFileHeader; headerText: string; sealed: Buffer } {
  if (isPlainKeyFile(bytes)) throw new KeyFileError('plain', 'is a key in the clear (not encrypted)');
  const lines = bytes.toString('utf8').split('\n');
  const version = new RegExp(`^${ENCRYPTED_KEY_MAGIC} v(\\d+)$`).exec(lines[0] ?? '')?.[1];
  if (version === undefined) throw new KeyFileError('malformed', 'is not an Okno key file');
  if (Number(version) !== FORMAT_VERSION) {
    throw new KeyFileError(
      'unsupported_version',
      `is an encrypted key file of format version ${version}, which this Okno cannot read (it reads version ${FORMAT_VERSION})`,
    );
  }
  let header: KeyFileHeader;
  try {
    header = KeyFileHeader.parse(JSON.parse(lines[1] ?? ''));
  } catch {
    throw new KeyFileError('malformed', 'has a damaged header');
  }
  const body = lines[2] ?? '';
  if (!Base64.safeParse(body).success || lines.slice(3).some((line) => line !== '')) {
    throw new KeyFileError('malformed', 'has a damaged body');
  }
  return { header, headerText: `${lines[0]}\n${lines[1]}`, sealed: Buffer.from(body, 'base64') };
}

function describeSecret(header: KeyFileHeader): string {
  return header.kdf === 'scrypt' ? 'a passphrase' : "the hub's key secret";
}

/**
 * Decrypts a key file with the first of `secrets` that opens it. Throws `KeyFileError`: a wrong
 * secret, a changed or truncated file and an unknown format each with their own sentence.
 */
export function decryptKeyFile(bytes: Buffer, secrets: readonly KeyEncryptionSecret[]): KeyObject {
  const { header, headerText, sealed } = parseKeyFile(bytes);
  const wanted = header.kdf === 'scrypt' ? 'passphrase' : 'key';
  const candidates = secrets.filter((secret) => secret.kind === wanted);
  if (candidates.length === 0) {
    throw new KeyFileError('no_secret', `is encrypted with ${describeSecret(header)}, and none was given`);
  }
  const expectedCheck = Buffer.from(header.check, 'base64');
  for (const secret of candidates) {
    const { cipherKey, checkKey } = deriveKeys(header, secret);
    const check = checkValue(checkKey);
    if (check.length !== expectedCheck.length || !timingSafeEqual(check, expectedCheck)) continue;
    return openSealed(header, headerText, sealed, cipherKey);
  }
  throw new KeyFileError('wrong_secret', `does not open with ${describeSecret(header)} given (a wrong secret?)`);
}

function openSealed(header: KeyFileHeader, headerText: string, sealed: Buffer, cipherKey: Buffer): KeyObject {
  const damaged = () =>
    new KeyFileError('tampered', 'was changed or damaged after it was written (the secret is right, the file is not)');
  if (sealed.length <= 16) throw damaged();
  const decipher = createDecipheriv('aes-256-gcm', cipherKey, Buffer.from(header.nonce, 'base64'));
  decipher.setAAD(Buffer.from(headerText));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    throw damaged();
  }
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw damaged();
  }
}
