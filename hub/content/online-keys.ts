import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type HubKeySecret, resolveHubKeySecret } from './key-secrets';
import { encryptPlainKeyFile, isPlainKeyFileAt, readKeyFile, type SigningKey, writeNewKeyFile } from './signing-keys';
import type { OnlineKeys } from './tuf-roles';

/**
 * The hub's online keys (snapshot and timestamp) in `<dataDir>/content/keys/`, a 0700 folder of
 * 0600 files, encrypted with the hub's key secret (`key-secrets.ts`: a systemd credential, a
 * file the config names, a variable, or a demo's dev secret). The hub re-signs the timestamp
 * unattended, so the secret is read at start, never typed. What the keys can do is limited by
 * design: without the publisher's key (kept off the hub) they cannot sign content, only re-serve
 * or freeze what was published.
 */
export function onlineKeyPaths(keysDir: string): { snapshot: string; timestamp: string } {
  return { snapshot: join(keysDir, 'snapshot.key'), timestamp: join(keysDir, 'timestamp.key') };
}

/** The dev secret of a demo hub: beside the keys folder, so only a demo's data folder has one. */
export function devSecretPath(keysDir: string): string {
  return join(dirname(keysDir), 'dev-key-secret');
}

/** Where the online keys' messages go (the hub's logger). */
export interface OnlineKeysLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** How the online keys' secret is found (`key-secrets.ts`). */
export interface OnlineKeyAccess {
  /** The environment (`CREDENTIALS_DIRECTORY`, `OKNO_HUB_CONTENT_KEY_SECRET`); process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** The hub config's `contentKeySecretFile`. */
  readonly secretFile?: string | undefined;
  /** A demo hub (only) creates a dev secret in its data folder when no secret is given. */
  readonly createDevSecret?: boolean;
  /** By default, a migrated key is told on stderr (the admin CLI) and nothing else is said. */
  readonly log?: OnlineKeysLog;
}

const STDERR_LOG: OnlineKeysLog = {
  info: (fields, message) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`),
  warn: () => {},
};

/**
 * Reads the online keys, creating them (once, encrypted) when the folder has none. A key file
 * still in the clear (written before keys were encrypted) is encrypted in place on the way, with
 * a log line. Throws a sentence (no secret, a wrong one, a damaged file), never crashes the caller.
 */
export function loadOrCreateOnlineKeys(keysDir: string, access: OnlineKeyAccess = {}): OnlineKeys {
  const log = access.log ?? STDERR_LOG;
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  chmodSync(keysDir, 0o700);
  const found = resolveHubKeySecret({
    env: access.env ?? process.env,
    secretFile: access.secretFile,
    devSecretPath: devSecretPath(keysDir),
    createDevSecret: access.createDevSecret === true,
  });
  if (found.source === 'dev-secret') {
    log.warn({ secret: found.where }, 'content keys are encrypted with a development secret: never on a real hub');
  }
  const paths = onlineKeyPaths(keysDir);
  return {
    snapshot: loadOrCreateKey(paths.snapshot, found, log),
    timestamp: loadOrCreateKey(paths.timestamp, found, log),
  };
}

function loadOrCreateKey(path: string, found: HubKeySecret, log: OnlineKeysLog): SigningKey {
  if (!existsSync(path)) return writeNewKeyFile(path, found.secret);
  if (isPlainKeyFileAt(path)) {
    const key = encryptPlainKeyFile(path, found.secret);
    log.info(
      { file: path, keyId: key.keyId, secret: found.source },
      'an online content key in the clear was encrypted',
    );
    return key;
  }
  try {
    return readKeyFile(path, [found.secret]);
  } catch (error) {
    throw new Error(`${(error as Error).message}; the secret came from ${found.where}`);
  }
}
