import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyEncryptionSecret } from './encrypted-key-file';
import { HUB_KEY_SECRET_VARIABLE, PASSPHRASE_VARIABLE } from './key-secrets';

/** The passphrase of the offline keys tests make. */
export const TEST_PASSPHRASE = 'correct horse battery staple';

/** The same, as a secret to read a key file with. */
export const TEST_PASSPHRASE_SECRET: KeyEncryptionSecret = { kind: 'passphrase', passphrase: TEST_PASSPHRASE };

/** The admin CLI's environment with the offline keys' passphrase only (a demo hub's dev secret opens the online keys). */
export const TEST_PASSPHRASE_ENVIRONMENT: NodeJS.ProcessEnv = { [PASSPHRASE_VARIABLE]: TEST_PASSPHRASE };

/**
 * An environment for the admin CLI and the hub in tests: a fresh hub key secret (as a
 * developer's `OKNO_HUB_CONTENT_KEY_SECRET`) and the offline keys' passphrase.
 */
export function testKeyEnvironment(): NodeJS.ProcessEnv {
  return {
    [HUB_KEY_SECRET_VARIABLE]: randomBytes(32).toString('hex'),
    [PASSPHRASE_VARIABLE]: TEST_PASSPHRASE,
  };
}

/** Writes a passphrase file (0600) in `dir`; its path. */
export function writePassphraseFile(dir: string, passphrase = TEST_PASSPHRASE, name = 'passphrase'): string {
  const path = join(dir, name);
  writeFileSync(path, `${passphrase}\n`, { mode: 0o600 });
  return path;
}
