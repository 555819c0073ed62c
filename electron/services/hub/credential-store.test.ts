import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialStore, type KioskCredential } from './credential-store';

const credential: KioskCredential = {
  kioskId: 'kiosk-1',
  credential: 'S3cr3t-credential-value-that-must-never-show-up',
  officeId: 'mfc-demo-01',
  enrolledAt: '2026-11-23T07:45:00.000Z',
};

async function setup(machineId: string | null = '0123456789abcdef0123456789abcdef') {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-cred-'));
  const machineIdPath = path.join(dir, 'machine-id');
  if (machineId !== null) await writeFile(machineIdPath, `${machineId}\n`);
  const file = path.join(dir, 'data', 'hub', 'credential.enc');
  const hostKeyPath = path.join(dir, 'home', '.config', 'okno', 'host.key');
  const store = (id = machineIdPath) => new CredentialStore({ file, machineIdPath: id, hostKeyPath });
  return { dir, file, machineIdPath, hostKeyPath, store };
}

describe('CredentialStore', () => {
  it('stores the credential encrypted, mode 0600, and reads it back', async () => {
    const { file, store } = await setup();
    await store().save(credential);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(credential.credential);
    expect(text).not.toContain('S3cr3t');
    expect(JSON.parse(text)).toMatchObject({ v: 1, alg: 'aes-256-gcm', kdf: 'hkdf-sha256', keySource: 'machine-id' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await store().load('kiosk-1')).toEqual({ state: 'present', credential });
  });

  it('does not decrypt on another machine, for another kiosk id, or after tampering', async () => {
    const { file, dir, store } = await setup();
    await store().save(credential);
    const otherMachine = path.join(dir, 'other-machine-id');
    await writeFile(otherMachine, 'ffffffffffffffffffffffffffffffff\n');
    expect(await store(otherMachine).load('kiosk-1')).toMatchObject({ state: 'unreadable' });
    expect(await store().load('kiosk-2')).toMatchObject({ state: 'unreadable' });
    const envelope = JSON.parse(await readFile(file, 'utf8'));
    const data = Buffer.from(envelope.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    await writeFile(file, JSON.stringify({ ...envelope, data: data.toString('base64') }));
    expect(await store().load('kiosk-1')).toMatchObject({ state: 'unreadable' });
    await writeFile(file, 'garbage');
    expect(await store().load('kiosk-1')).toMatchObject({ state: 'unreadable' });
  });

  it('uses a new salt and IV at every write', async () => {
    const { file, store } = await setup();
    await store().save(credential);
    const first = JSON.parse(await readFile(file, 'utf8'));
    await store().save(credential);
    const second = JSON.parse(await readFile(file, 'utf8'));
    expect(second.salt).not.toBe(first.salt);
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
  });

  it('without a machine id, generates a host key (0600) and keeps using it', async () => {
    const { hostKeyPath, store } = await setup(null);
    await store().save(credential);
    expect((await stat(hostKeyPath)).mode & 0o777).toBe(0o600);
    expect((await readFile(hostKeyPath)).length).toBe(32);
    expect(await store().load('kiosk-1')).toEqual({ state: 'present', credential });
  });

  it('reports an absent file as absent', async () => {
    const { store } = await setup();
    expect(await store().load('kiosk-1')).toEqual({ state: 'absent' });
    await store().clear();
  });
});
