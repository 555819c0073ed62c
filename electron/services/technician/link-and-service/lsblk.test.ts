import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLsblk, parseUdisksMounted } from './lsblk';
import { LSBLK_ONE_STICK, ONE_STICK_VOLUME } from './system-commands-test-support';

/** util-linux 2.38 (Debian 12): booleans and byte sizes; a system disk, a stick with a partition, a card reader without a card. */
const LSBLK_238 = JSON.stringify({
  blockdevices: [
    {
      name: '/dev/sda',
      rm: false,
      tran: 'sata',
      mountpoint: null,
      label: null,
      size: 128035676160,
      fstype: null,
      children: [
        { name: '/dev/sda1', rm: false, tran: null, mountpoint: '/', label: null, size: 128034627584, fstype: 'ext4' },
      ],
    },
    ...(JSON.parse(LSBLK_ONE_STICK) as { blockdevices: unknown[] }).blockdevices,
    { name: '/dev/sdc', rm: true, tran: 'usb', mountpoint: null, label: null, size: 0, fstype: null },
  ],
});

/** util-linux 2.29 (older images): flags as "0"/"1", names without /dev, a stick formatted whole and already mounted. */
const LSBLK_229 = JSON.stringify({
  blockdevices: [
    {
      name: 'sdb',
      rm: '1',
      tran: 'usb',
      mountpoint: '/media/kiosk/STICK',
      label: 'STICK',
      size: '8004304896',
      fstype: 'exfat',
    },
    { name: 'mmcblk0', rm: '0', tran: null, mountpoint: null, label: null, size: '31914983424', fstype: null },
  ],
});

describe('parseLsblk', () => {
  it('finds the writable partitions of removable USB disks, and only those', () => {
    expect(parseLsblk(LSBLK_238)).toEqual([ONE_STICK_VOLUME]);
  });

  it('reads older lsblk too: string flags and sizes, bare names, a whole-disk file system', () => {
    expect(parseLsblk(LSBLK_229)).toEqual([
      {
        device: '/dev/sdb',
        disk: '/dev/sdb',
        label: 'STICK',
        sizeBytes: 8004304896,
        fsType: 'exfat',
        mountPoint: '/media/kiosk/STICK',
      },
    ]);
  });

  it('refuses what is not lsblk JSON, and never throws on any input', () => {
    expect(parseLsblk('lsblk: not found')).toBeUndefined();
    expect(parseLsblk('{"blockdevices": 3}')).toBeUndefined();
    expect(parseLsblk('{"blockdevices": []}')).toEqual([]);
    const device = fc.letrec((tie) => ({
      device: fc.record(
        {
          name: fc.oneof(fc.string(), fc.constantFrom('sdb', '/dev/sdb1')),
          rm: fc.oneof(fc.boolean(), fc.constantFrom('0', '1', 'x'), fc.constant(null)),
          tran: fc.oneof(fc.constantFrom('usb', 'sata'), fc.constant(null)),
          mountpoint: fc.oneof(fc.string(), fc.constant(null)),
          label: fc.oneof(fc.string(), fc.constant(null)),
          size: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
          fstype: fc.oneof(fc.constantFrom('vfat', 'ext4', 'swap'), fc.string(), fc.constant(null)),
          children: fc.array(tie('device'), { maxLength: 3 }),
        },
        { requiredKeys: ['name'] },
      ),
    })).device;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.array(device, { maxLength: 4 }).map((list) => JSON.stringify({ blockdevices: list })),
        ),
        (text) => {
          const volumes = parseLsblk(text);
          for (const volume of volumes ?? []) {
            expect(volume.device).toMatch(/^\/dev\/[A-Za-z0-9/_-]{1,64}$/);
            expect(volume.device).not.toContain('..');
            expect(['vfat', 'exfat', 'ext4', 'ext3', 'ext2', 'ntfs', 'ntfs3']).toContain(volume.fsType);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseUdisksMounted', () => {
  it('reads where udisksctl mounted the volume, with or without the full stop', () => {
    expect(parseUdisksMounted('Mounted /dev/sdb1 at /media/kiosk/TECH\n')).toBe('/media/kiosk/TECH');
    expect(parseUdisksMounted('Mounted /dev/sdb1 at /media/kiosk/TECH.\n')).toBe('/media/kiosk/TECH');
    expect(parseUdisksMounted('Mounted /dev/sdb1 at /media/kiosk/МОЯ ФЛЕШКА\n')).toBe('/media/kiosk/МОЯ ФЛЕШКА');
    expect(parseUdisksMounted('Error mounting /dev/sdb1: GDBus.Error')).toBeUndefined();
  });
});
