import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSystemCommands, LSBLK_ONE_STICK, ONE_STICK_VOLUME } from './system-commands-test-support';
import { parseSha256sums, UsbExport } from './usb-export';

const FILES = [
  { name: 'okno-logs.jsonl.gz', data: Buffer.alloc(300_000, 7) },
  { name: 'diagnostic.json', data: Buffer.from('{"kioskId":"kiosk-1"}\n') },
];

describe('UsbExport', () => {
  let mountPoint: string;
  let commands: FakeSystemCommands;
  beforeEach(async () => {
    // The temp folder stands for the stick's mount point: files, sums and reading back are real.
    mountPoint = await mkdtemp(path.join(tmpdir(), 'okno-stick-'));
    commands = new FakeSystemCommands({
      lsblk: { stdout: LSBLK_ONE_STICK },
      'udisksctl mount': { stdout: `Mounted /dev/sdb1 at ${mountPoint}\n` },
      'udisksctl unmount': { stdout: 'Unmounted /dev/sdb1.\n' },
      'udisksctl power-off': {},
    });
  });
  afterEach(async () => {
    await rm(mountPoint, { recursive: true, force: true });
  });

  const usb = () => new UsbExport({ commands, fallbackMountDir: path.join(mountPoint, 'fallback') });

  it('lists the stick', async () => {
    expect(await usb().volumes()).toEqual({
      ok: true,
      volumes: [ONE_STICK_VOLUME],
    });
  });

  it('writes the files and SHA256SUMS, reads them back after a remount, unmounts and powers the stick off', async () => {
    const outcome = await usb().export('/dev/sdb1', 'okno-kiosk-1-20261207-083000', FILES);
    expect(outcome).toMatchObject({ outcome: 'done', folder: 'okno-kiosk-1-20261207-083000', poweredOff: true });
    expect(commands.calls).toEqual([
      `lsblk --json --bytes --paths -o NAME,RM,TRAN,MOUNTPOINT,LABEL,SIZE,FSTYPE`,
      'udisksctl mount -b /dev/sdb1 --no-user-interaction',
      'udisksctl unmount -b /dev/sdb1 --no-user-interaction',
      'udisksctl mount -b /dev/sdb1 --no-user-interaction',
      'udisksctl unmount -b /dev/sdb1 --no-user-interaction',
      'udisksctl power-off -b /dev/sdb --no-user-interaction',
    ]);
    const folder = path.join(mountPoint, 'okno-kiosk-1-20261207-083000');
    expect((await readdir(folder)).sort()).toEqual(['SHA256SUMS', 'diagnostic.json', 'okno-logs.jsonl.gz']);
    const sums = parseSha256sums(await readFile(path.join(folder, 'SHA256SUMS'), 'utf8'));
    for (const file of FILES) {
      expect(sums?.get(file.name)).toBe(createHash('sha256').update(file.data).digest('hex'));
      expect(await readFile(path.join(folder, file.name))).toEqual(file.data);
    }
    // What a technician's laptop runs on the stick agrees.
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' })).toBe(
      'okno-logs.jsonl.gz: OK\ndiagnostic.json: OK\n',
    );
  });

  it('a stick pulled out mid-write ends with a clear error, no SHA256SUMS and no file claimed good', async () => {
    const outcome = await usb().export('/dev/sdb1', 'okno-kiosk-1-20261207-083000', FILES, (progress) => {
      // The stick goes while the second file is being written: its mount point is gone.
      if (progress.step === 'writing' && progress.file === 'diagnostic.json') {
        rmSync(mountPoint, { recursive: true, force: true });
      }
    });
    expect(outcome).toMatchObject({ outcome: 'failed', step: 'write' });
    expect(outcome.outcome === 'failed' && outcome.problem).toMatch(/^ENOENT/);
    await expect(readdir(path.join(mountPoint, 'okno-kiosk-1-20261207-083000'))).rejects.toThrow(/ENOENT/);
    // No remount to verify, no «Можно извлекать»: the unmount is tried, nothing more.
    expect(commands.calls.slice(1)).toEqual([
      'udisksctl mount -b /dev/sdb1 --no-user-interaction',
      'udisksctl unmount -b /dev/sdb1 --no-user-interaction',
    ]);
  });

  it('a file that reads back different is not called written', async () => {
    let mounts = 0;
    const corrupting = new FakeSystemCommands({
      lsblk: { stdout: LSBLK_ONE_STICK },
      'udisksctl mount': () => {
        mounts += 1;
        return { stdout: `Mounted /dev/sdb1 at ${mountPoint}\n` };
      },
      'udisksctl unmount': () => {
        // A stick that lies about its writes: after the first unmount, the bundle's bytes changed.
        if (mounts === 1) execFileSync('sh', ['-c', `printf x >> "${mountPoint}/okno-1/diagnostic.json"`]);
        return {};
      },
    });
    const outcome = await new UsbExport({ commands: corrupting, fallbackMountDir: mountPoint }).export(
      '/dev/sdb1',
      'okno-1',
      FILES,
    );
    expect(outcome).toEqual({ outcome: 'failed', step: 'verify', problem: 'diagnostic.json reads back different' });
  });

  it('falls back to mount where udisks is missing; a stick gone from the list is not_found', async () => {
    const plain = new FakeSystemCommands({ lsblk: { stdout: LSBLK_ONE_STICK }, mount: {}, umount: {} });
    const fallbackMountDir = path.join(mountPoint, 'usb');
    const outcome = await new UsbExport({ commands: plain, fallbackMountDir }).export('/dev/sdb1', 'okno-1', FILES);
    expect(outcome).toMatchObject({ outcome: 'done', poweredOff: false });
    expect(plain.calls.filter((call) => !call.startsWith('udisksctl'))).toEqual([
      'lsblk --json --bytes --paths -o NAME,RM,TRAN,MOUNTPOINT,LABEL,SIZE,FSTYPE',
      `mount /dev/sdb1 ${fallbackMountDir}`,
      `umount ${fallbackMountDir}`,
      `mount /dev/sdb1 ${fallbackMountDir}`,
      `umount ${fallbackMountDir}`,
    ]);
    expect(await new UsbExport({ commands: plain, fallbackMountDir }).export('/dev/sdc1', 'okno-2', FILES)).toEqual({
      outcome: 'not_found',
    });
  });
});
