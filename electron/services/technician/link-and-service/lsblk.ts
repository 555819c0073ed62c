import { z } from 'zod';

/** A partition of a removable disk the kiosk can write a bundle to. */
export interface UsbVolume {
  /** The partition's device (`/dev/sdb1`): what `udisksctl mount -b` takes. */
  device: string;
  /** The whole disk (`/dev/sdb`): what `udisksctl power-off -b` takes. */
  disk: string;
  label: string | undefined;
  sizeBytes: number | undefined;
  fsType: string;
  /** Where it is mounted already, if it is. */
  mountPoint: string | undefined;
}

/** lsblk's flags are booleans in util-linux ≥ 2.33 and "0"/"1" before; sizes numbers with `--bytes`, strings without. */
const Flag = z.union([z.boolean(), z.enum(['0', '1']).transform((value) => value === '1')]).nullish();
const Size = z.union([z.number(), z.string()]).nullish();

interface RawDevice {
  name: string;
  rm?: boolean | null | undefined;
  tran?: string | null | undefined;
  mountpoint?: string | null | undefined;
  label?: string | null | undefined;
  size?: string | number | null | undefined;
  fstype?: string | null | undefined;
  children?: RawDevice[] | undefined;
}

const Device: z.ZodType<RawDevice> = z.lazy(() =>
  z.object({
    name: z.string().min(1).max(128),
    rm: Flag,
    tran: z.string().max(16).nullish(),
    mountpoint: z.string().max(4096).nullish(),
    label: z.string().max(512).nullish(),
    size: Size,
    fstype: z.string().max(32).nullish(),
    children: z.array(Device).max(128).optional(),
  }),
);
const LsblkOutput = z.object({ blockdevices: z.array(Device).max(256) });

/** File systems a stick may have that Linux writes safely without extra packages. */
const WRITABLE_FS: ReadonlySet<string> = new Set(['vfat', 'exfat', 'ext4', 'ext3', 'ext2', 'ntfs', 'ntfs3']);

/** The arguments of `lsblk` whose output `parseLsblk` reads. */
export const LSBLK_ARGS = ['--json', '--bytes', '--paths', '-o', 'NAME,RM,TRAN,MOUNTPOINT,LABEL,SIZE,FSTYPE'] as const;

/** Device paths as the kernel names block devices: nothing that could climb out of /dev. */
const DEVICE_PATH = /^\/dev\/[A-Za-z0-9_-][A-Za-z0-9/_-]{0,63}$/;

function devicePath(name: string): string {
  return name.startsWith('/dev/') ? name : `/dev/${name}`;
}

function sizeOf(size: string | number | null | undefined): number | undefined {
  const value = typeof size === 'string' ? Number(size) : size;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The writable volumes of removable USB disks in `lsblk --json` output: a disk marked removable
 * or on the USB bus, its partitions with a known file system (or the disk itself, formatted
 * whole, as many sticks are). Undefined when the text is not lsblk's JSON.
 */
export function parseLsblk(output: string): UsbVolume[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch {
    return undefined;
  }
  const parsed = LsblkOutput.safeParse(json);
  if (!parsed.success) return undefined;
  const volumes: UsbVolume[] = [];
  for (const disk of parsed.data.blockdevices) {
    if (disk.rm !== true && disk.tran !== 'usb') continue;
    const diskPath = devicePath(disk.name);
    if (!DEVICE_PATH.test(diskPath)) continue;
    for (const part of disk.children?.length ? disk.children : [disk]) {
      if (!part.fstype || !WRITABLE_FS.has(part.fstype) || !DEVICE_PATH.test(devicePath(part.name))) continue;
      volumes.push({
        device: devicePath(part.name),
        disk: diskPath,
        label: part.label ? part.label.slice(0, 128) : undefined,
        sizeBytes: sizeOf(part.size),
        fsType: part.fstype,
        mountPoint: part.mountpoint ?? undefined,
      });
    }
  }
  return volumes;
}

/**
 * Where `udisksctl mount` says it mounted the volume: `Mounted /dev/sdb1 at /media/kiosk/STICK`
 * (older versions end with a full stop). Undefined for anything else.
 */
export function parseUdisksMounted(output: string): string | undefined {
  const match = /^Mounted \S+ at (\/.+?)\.?\s*$/m.exec(output);
  return match?.[1];
}
