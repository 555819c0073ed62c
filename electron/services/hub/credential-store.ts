import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../storage/durable-file';

/** What enrollment gave the kiosk: the credential for every later hub call. */
export interface KioskCredential {
  kioskId: string;
  /** The secret itself: never logged, never written in clear. */
  credential: string;
  officeId: string;
  /** ISO 8601. */
  enrolledAt: string;
}

/** Options of the credential store. */
export interface CredentialStoreOptions {
  /** The encrypted credential file, e.g. `<dataDir>/hub/credential.enc`. */
  file: string;
  /** The machine's id (systemd's, 32 hex digits); default `/etc/machine-id`. */
  machineIdPath?: string;
  /**
   * A random key generated on first use (mode 0600) when there is no machine id, e.g.
   * `~/.config/okno/host.key`. Keep it outside the data folder, so a copy of that folder alone
   * cannot be decrypted.
   */
  hostKeyPath: string;
}

/** Why a stored credential could not be read. */
export type CredentialLoad =
  | { state: 'absent' }
  | { state: 'present'; credential: KioskCredential }
  /** Another machine's file, a changed machine id or host key, a different kiosk id, or tampering. */
  | { state: 'unreadable'; reason: string };

const Envelope = z
  .object({
    v: z.literal(1),
    alg: z.literal('aes-256-gcm'),
    kdf: z.literal('hkdf-sha256'),
    keySource: z.enum(['machine-id', 'host-key']),
    salt: z.base64(),
    iv: z.base64(),
    tag: z.base64(),
    data: z.base64(),
  })
  .strict();

const Plain = z
  .object({ kioskId: z.string(), credential: z.string().min(1), officeId: z.string(), enrolledAt: z.string() })
  .strict();

const HKDF_INFO = 'okno hub credential v1';

/**
 * Keeps the kiosk's hub credential on disk encrypted: AES-256-GCM under a key derived with
 * HKDF-SHA256 from this machine's id (`/etc/machine-id`), or from a generated host key file
 * where there is none, with a fresh salt and IV per write; the kiosk id is bound in as
 * associated data. The file is mode 0600 and replaced by write-temp-fsync-rename.
 *
 * What this protects against, honestly: a copy of the data folder alone (a backup, logs and
 * journals collected for support, a disk pulled from a dead kiosk and read elsewhere without its
 * root file system) does not yield a usable credential. It does not protect against anyone who
 * can read both this file and the machine id on the running kiosk (root, or the kiosk's own
 * user: `/etc/machine-id` is world-readable), nor against a full disk image. The real defence
 * there is on the hub: credentials are per kiosk and revocable, and the hub keeps only hashes.
 */
export class CredentialStore {
  constructor(private readonly options: CredentialStoreOptions) {}

  /** Reads and decrypts the credential of `kioskId`. */
  async load(kioskId: string): Promise<CredentialLoad> {
    let text: string;
    try {
      text = await readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
      throw error;
    }
    let envelope: z.infer<typeof Envelope>;
    try {
      envelope = Envelope.parse(JSON.parse(text));
    } catch {
      return { state: 'unreadable', reason: 'the credential file is not an Okno credential envelope' };
    }
    const secret = await this.#secret(envelope.keySource, false);
    if (secret === undefined) return { state: 'unreadable', reason: `the ${envelope.keySource} is gone` };
    try {
      const key = deriveKey(secret, Buffer.from(envelope.salt, 'base64'));
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(associatedData(kioskId));
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
      const credential = Plain.parse(JSON.parse(plain.toString('utf8')));
      return { state: 'present', credential };
    } catch {
      // GCM's tag check failed: another machine, another kiosk id, or a modified file.
      return { state: 'unreadable', reason: 'the credential does not decrypt on this machine for this kiosk id' };
    }
  }

  /** Encrypts and stores the credential, replacing any earlier one. */
  async save(credential: KioskCredential): Promise<void> {
    await mkdir(path.dirname(this.options.file), { recursive: true, mode: 0o700 });
    const { source, secret } = await this.#currentSecret();
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
    cipher.setAAD(associatedData(credential.kioskId));
    const data = Buffer.concat([cipher.update(JSON.stringify(Plain.parse(credential)), 'utf8'), cipher.final()]);
    const envelope: z.infer<typeof Envelope> = {
      v: 1,
      alg: 'aes-256-gcm',
      kdf: 'hkdf-sha256',
      keySource: source,
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    // writeFileDurably creates the file 0600 and renames it into place.
    await writeFileDurably(this.options.file, `${JSON.stringify(envelope)}\n`);
  }

  /** Forgets the credential (the hub revoked it, or a technician re-enrolls). */
  async clear(): Promise<void> {
    await rm(this.options.file, { force: true });
  }

  async #currentSecret(): Promise<{ source: 'machine-id' | 'host-key'; secret: Buffer }> {
    const machineId = await this.#secret('machine-id', false);
    if (machineId !== undefined) return { source: 'machine-id', secret: machineId };
    const hostKey = await this.#secret('host-key', true);
    if (hostKey === undefined) throw new Error('cannot create the host key');
    return { source: 'host-key', secret: hostKey };
  }

  async #secret(source: 'machine-id' | 'host-key', create: boolean): Promise<Buffer | undefined> {
    if (source === 'machine-id') {
      const id = await readOptional(this.options.machineIdPath ?? '/etc/machine-id');
      const trimmed = id?.toString('utf8').trim();
      // An empty machine-id exists on images prepared for cloning: not an identity.
      return trimmed ? Buffer.from(trimmed, 'utf8') : undefined;
    }
    const existing = await readOptional(this.options.hostKeyPath);
    if (existing !== undefined && existing.length >= 32) return existing;
    if (!create) return undefined;
    await mkdir(path.dirname(this.options.hostKeyPath), { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    const handle = await open(this.options.hostKeyPath, 'wx', 0o600);
    try {
      await handle.writeFile(key);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return key;
  }
}

function deriveKey(secret: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, HKDF_INFO, 32));
}

function associatedData(kioskId: string): Buffer {
  return Buffer.from(`okno-hub-credential:${kioskId}`, 'utf8');
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
