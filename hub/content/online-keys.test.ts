import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HUB_KEY_CREDENTIAL,
  HUB_KEY_SECRET_VARIABLE,
  type HubKeySecretSources,
  resolveHubKeySecret,
} from './key-secrets';
import { devSecretPath, loadOrCreateOnlineKeys, type OnlineKeysLog, onlineKeyPaths } from './online-keys';
import { tufPublicKey } from './signing-keys';

function memoryLog(): OnlineKeysLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (fields, message) => lines.push(`info ${message} ${JSON.stringify(fields)}`),
    warn: (fields, message) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
  };
}

describe('the hub’s key secret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okno-key-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('comes from the systemd credential, else the config’s file, else the variable, else a dev secret', () => {
    const credentials = join(dir, 'credentials');
    mkdirSync(credentials);
    const hex = (byte: number) => Buffer.alloc(32, byte).toString('hex');
    writeFileSync(join(credentials, HUB_KEY_CREDENTIAL), Buffer.alloc(32, 1)); // raw bytes, as systemd-creds
    writeFileSync(join(dir, 'secret-file'), `${Buffer.alloc(32, 2).toString('base64')}\n`);
    const devSecret = join(dir, 'dev-key-secret');
    const all: HubKeySecretSources = {
      env: { CREDENTIALS_DIRECTORY: credentials, [HUB_KEY_SECRET_VARIABLE]: hex(3) },
      secretFile: join(dir, 'secret-file'),
      devSecretPath: devSecret,
      createDevSecret: true,
    };
    const found = (sources: HubKeySecretSources) => {
      const secret = resolveHubKeySecret(sources);
      return `${secret.source} ${secret.secret.key[0]}`;
    };
    expect(found(all)).toBe('systemd-credential 1');
    // A credentials folder without ours (the unit loads others) is passed over.
    expect(found({ ...all, env: { ...all.env, CREDENTIALS_DIRECTORY: dir } })).toBe('config-file 2');
    const { secretFile: _, ...withoutFile } = all;
    expect(found({ ...withoutFile, env: { [HUB_KEY_SECRET_VARIABLE]: hex(3) } })).toBe('environment 3');
    expect(() => resolveHubKeySecret({ ...withoutFile, env: {}, createDevSecret: false })).toThrow(
      /need a secret to be encrypted with: a systemd credential okno-content-keys/,
    );
    expect(found({ ...withoutFile, env: {} })).toMatch(/^dev-secret \d+$/);
    expect(statSync(devSecret).mode & 0o777).toBe(0o600);
    // Made once: a later hub on the same folder, demo or not, finds the same one.
    const again = resolveHubKeySecret({ ...withoutFile, env: {}, createDevSecret: false });
    expect(again.secret.key.toString('hex')).toBe(readFileSync(devSecret, 'utf8').trim());
  });

  it('refuses a named file it cannot read, and a secret that is not 32 random bytes', () => {
    const base = { env: {}, devSecretPath: join(dir, 'dev'), createDevSecret: true };
    expect(() => resolveHubKeySecret({ ...base, secretFile: join(dir, 'missing') })).toThrow(
      `cannot read the content key secret (contentKeySecretFile ${join(dir, 'missing')}): ENOENT`,
    );
    expect(() => resolveHubKeySecret({ ...base, env: { [HUB_KEY_SECRET_VARIABLE]: 'hunter2' } })).toThrow(
      /the content key secret in the variable OKNO_HUB_CONTENT_KEY_SECRET is not 32 random bytes/,
    );
  });
});

describe('the hub’s online keys', () => {
  let dir: string;
  let keysDir: string;
  const env = { [HUB_KEY_SECRET_VARIABLE]: randomBytes(32).toString('hex') };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okno-online-keys-'));
    keysDir = join(dir, 'content', 'keys');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are created encrypted, and read back the same with the same secret', () => {
    const first = loadOrCreateOnlineKeys(keysDir, { env, log: memoryLog() });
    for (const path of Object.values(onlineKeyPaths(keysDir))) {
      expect(readFileSync(path, 'utf8')).toMatch(/^okno-encrypted-key v1\n\{"kdf":"hkdf-sha256"/);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
    const second = loadOrCreateOnlineKeys(keysDir, { env, log: memoryLog() });
    expect([second.snapshot.keyId, second.timestamp.keyId]).toEqual([first.snapshot.keyId, first.timestamp.keyId]);
  });

  it('refuse to start with another secret, naming the file and where the secret came from', () => {
    loadOrCreateOnlineKeys(keysDir, { env, log: memoryLog() });
    const other = { [HUB_KEY_SECRET_VARIABLE]: randomBytes(32).toString('hex') };
    expect(() => loadOrCreateOnlineKeys(keysDir, { env: other, log: memoryLog() })).toThrow(
      `the key file ${join(keysDir, 'snapshot.key')} does not open with the hub's key secret given (a wrong secret?); ` +
        'the secret came from the variable OKNO_HUB_CONTENT_KEY_SECRET',
    );
  });

  it('migrate keys written in the clear: encrypted in place, the same keys, with a log line', () => {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const plainIds: string[] = [];
    for (const path of Object.values(onlineKeyPaths(keysDir))) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      plainIds.push(tufPublicKey(publicKey).keyID);
    }
    const log = memoryLog();
    const keys = loadOrCreateOnlineKeys(keysDir, { env, log });
    expect([keys.snapshot.keyId, keys.timestamp.keyId]).toEqual(plainIds);
    for (const path of Object.values(onlineKeyPaths(keysDir))) {
      expect(readFileSync(path, 'utf8')).not.toContain('PRIVATE KEY');
    }
    // No clear copy and no temp file left beside them.
    expect(readdirSync(keysDir).sort()).toEqual(['snapshot.key', 'timestamp.key']);
    expect(log.lines.map((line) => line.split(' {')[0])).toEqual([
      'info an online content key in the clear was encrypted',
      'info an online content key in the clear was encrypted',
    ]);
    const again = memoryLog();
    expect(loadOrCreateOnlineKeys(keysDir, { env, log: again }).snapshot.keyId).toBe(plainIds[0]);
    expect(again.lines).toEqual([]);
  });

  it('of a demo hub use a dev secret in its data folder, with a warning', () => {
    const log = memoryLog();
    loadOrCreateOnlineKeys(keysDir, { env: {}, createDevSecret: true, log });
    expect(readFileSync(devSecretPath(keysDir), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(log.lines[0]).toMatch(/^warn content keys are encrypted with a development secret: never on a real hub/);
  });
});
