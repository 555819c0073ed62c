import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyFile, writeNewKeyFile } from './signing-keys';
import type { OnlineKeys } from './tuf-roles';

/**
 * The hub's online keys (snapshot and timestamp) in `<dataDir>/content-keys/`, a 0700 folder
 * of 0600 files. They are not encrypted: the hub's config has no secret mechanism to hold a key
 * for them, and the hub re-signs the timestamp unattended, so whoever runs as the hub's user
 * holds them either way. What they can do is limited by design: without the publisher's key
 * (kept off the hub) they cannot sign content, only re-serve or freeze what was published.
 */
export function onlineKeyPaths(keysDir: string): { snapshot: string; timestamp: string } {
  return { snapshot: join(keysDir, 'snapshot.key'), timestamp: join(keysDir, 'timestamp.key') };
}

/** Reads the online keys, creating them (once) when the folder has none. */
export function loadOrCreateOnlineKeys(keysDir: string): OnlineKeys {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  chmodSync(keysDir, 0o700);
  const paths = onlineKeyPaths(keysDir);
  return {
    snapshot: existsSync(paths.snapshot) ? readKeyFile(paths.snapshot) : writeNewKeyFile(paths.snapshot),
    timestamp: existsSync(paths.timestamp) ? readKeyFile(paths.timestamp) : writeNewKeyFile(paths.timestamp),
  };
}
