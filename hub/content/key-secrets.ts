import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFileAtomic } from './atomic-file';
import type { KeyEncryptionSecret } from './encrypted-key-file';

/**
 * Where the secrets that encrypt the content channel's key files come from.
 *
 * The hub's online keys (snapshot, timestamp) are encrypted with a 32-byte secret the hub reads
 * at start, the first found of:
 *
 *   1. the systemd credential `okno-content-keys` (`$CREDENTIALS_DIRECTORY/okno-content-keys`,
 *      as `LoadCredentialEncrypted=` provides it: encrypted at rest by the machine's TPM or key);
 *   2. the file the hub config names (`contentKeySecretFile`), e.g. a container's secret mount;
 *   3. the variable `OKNO_HUB_CONTENT_KEY_SECRET` (development and CI);
 *   4. the development secret `<database folder>/content/dev-key-secret`: created by a demo hub
 *      (`--demo`, `npm start`) and used by whatever opens that data folder after it. Dev only: it
 *      lies beside the keys it protects.
 *
 * A secret is 32 random bytes: the raw bytes, 64 hex digits or base64 (`openssl rand -hex 32`).
 * The offline keys (root, publisher) are encrypted with an admin's passphrase instead.
 */
export const HUB_KEY_CREDENTIAL = 'okno-content-keys';
export const HUB_KEY_SECRET_VARIABLE = 'OKNO_HUB_CONTENT_KEY_SECRET';
/** The admin CLI's passphrase for offline keys when no `--passphrase-file` is given. */
export const PASSPHRASE_VARIABLE = 'OKNO_CONTENT_KEY_PASSPHRASE';
/** The shortest passphrase accepted for a new offline key. */
export const MIN_PASSPHRASE_LENGTH = 12;

/** Where the hub's key secret came from (logged; the secret itself never is). */
export type HubKeySecretSource = 'systemd-credential' | 'config-file' | 'environment' | 'dev-secret';

/** The hub's key secret and where it was found. */
export interface HubKeySecret {
  readonly secret: KeyEncryptionSecret & { kind: 'key' };
  readonly source: HubKeySecretSource;
  readonly where: string;
}

/** What the hub's key secret is looked up in. */
export interface HubKeySecretSources {
  /** The environment (`CREDENTIALS_DIRECTORY`, `OKNO_HUB_CONTENT_KEY_SECRET`). */
  readonly env: NodeJS.ProcessEnv;
  /** The hub config's `contentKeySecretFile`. */
  readonly secretFile?: string | undefined;
  /** `<database folder>/content/dev-key-secret`. */
  readonly devSecretPath: string;
  /** A demo hub creates the dev secret when no other is found. */
  readonly createDevSecret: boolean;
}

/** Parses a secret: 32 raw bytes, or 64 hex digits, or base64 of 32 bytes (a final newline allowed). */
export function parseKeySecret(bytes: Buffer, where: string): KeyEncryptionSecret & { kind: 'key' } {
  if (bytes.length === 32) return { kind: 'key', key: Buffer.from(bytes) };
  const text = bytes.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { kind: 'key', key: Buffer.from(text, 'hex') };
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return { kind: 'key', key: Buffer.from(text, 'base64') };
  throw new Error(
    `the content key secret in ${where} is not 32 random bytes (raw, 64 hex digits or base64; e.g. "openssl rand -hex 32")`,
  );
}

function readSecretFile(path: string, where: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read the content key secret (${where}): ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function optionalFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** Finds the hub's key secret (see the order above); throws a sentence saying how to give one. */
export function resolveHubKeySecret(sources: HubKeySecretSources): HubKeySecret {
  const credentialsDir = sources.env.CREDENTIALS_DIRECTORY;
  if (credentialsDir !== undefined && credentialsDir !== '') {
    const path = join(credentialsDir, HUB_KEY_CREDENTIAL);
    const bytes = optionalFile(path);
    if (bytes !== undefined) {
      const where = `the systemd credential ${HUB_KEY_CREDENTIAL}`;
      return { secret: parseKeySecret(bytes, where), source: 'systemd-credential', where };
    }
  }
  if (sources.secretFile !== undefined) {
    const where = `contentKeySecretFile ${sources.secretFile}`;
    return { secret: parseKeySecret(readSecretFile(sources.secretFile, where), where), source: 'config-file', where };
  }
  const variable = sources.env[HUB_KEY_SECRET_VARIABLE];
  if (variable !== undefined && variable !== '') {
    const where = `the variable ${HUB_KEY_SECRET_VARIABLE}`;
    return { secret: parseKeySecret(Buffer.from(variable), where), source: 'environment', where };
  }
  const dev = optionalFile(sources.devSecretPath) ?? (sources.createDevSecret ? createDevSecret(sources) : undefined);
  if (dev !== undefined) {
    const where = `the development secret ${sources.devSecretPath}`;
    return { secret: parseKeySecret(dev, where), source: 'dev-secret', where };
  }
  throw new Error(
    `the hub's content keys need a secret to be encrypted with: a systemd credential ${HUB_KEY_CREDENTIAL} ` +
      `(LoadCredentialEncrypted=), the hub config's contentKeySecretFile, or ${HUB_KEY_SECRET_VARIABLE} ` +
      '(development); see docs/operations/content.md',
  );
}

function createDevSecret(sources: HubKeySecretSources): Buffer {
  try {
    createFileAtomic(sources.devSecretPath, `${randomBytes(32).toString('hex')}\n`, 0o600);
  } catch (error) {
    // Another demo hub on the same folder made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(sources.devSecretPath);
}

/**
 * The passphrases an admin gives the CLI for offline keys: each `--passphrase-file` (one per
 * key holder: a threshold of root keys may have several), then `OKNO_CONTENT_KEY_PASSPHRASE`.
 * A passphrase file's final newline is not part of the passphrase.
 */
export function readPassphrases(files: readonly string[], env: NodeJS.ProcessEnv): KeyEncryptionSecret[] {
  const passphrases = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the passphrase file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    return text.replace(/\r?\n$/, '');
  });
  const variable = env[PASSPHRASE_VARIABLE];
  if (variable !== undefined && variable !== '') passphrases.push(variable);
  return passphrases.map((passphrase) => ({ kind: 'passphrase', passphrase }));
}

/** The passphrase a new offline key is encrypted with: the first given, long enough. */
export function passphraseForNewKey(passphrases: readonly KeyEncryptionSecret[]): KeyEncryptionSecret {
  const first = passphrases[0];
  if (first === undefined) {
    throw new Error(
      `a new key is encrypted with a passphrase: give --passphrase-file FILE (or ${PASSPHRASE_VARIABLE})`,
    );
  }
  if (first.kind === 'passphrase' && [...first.passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`the passphrase is too short: at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  return first;
}
