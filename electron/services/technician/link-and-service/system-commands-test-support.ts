import type { UsbVolume } from './lsblk';
import type { CommandOutput, SystemCommands } from './system-commands';

/** One OS command a test expects, and what it answers (or a function deciding it). */
export type FakeAnswer = Partial<CommandOutput> | ((args: readonly string[]) => Partial<CommandOutput>);

/**
 * OS commands answered by the test, each call recorded as `program arg…`: the clock and the
 * disks of the machine running the tests are never touched. Unknown programs fail as missing.
 */
export class FakeSystemCommands implements SystemCommands {
  readonly calls: string[] = [];

  constructor(private readonly answers: Record<string, FakeAnswer>) {}

  async run(program: string, args: readonly string[]): Promise<CommandOutput> {
    this.calls.push([program, ...args].join(' '));
    const key = [program, args[0]].filter(Boolean).join(' ');
    const answer = this.answers[key] ?? this.answers[program];
    if (answer === undefined) return { code: null, stdout: '', stderr: `spawn ${program} ENOENT` };
    const given = typeof answer === 'function' ? answer(args) : answer;
    return { code: 0, stdout: '', stderr: '', ...given };
  }
}

/** `lsblk --json --bytes --paths …` of util-linux 2.38 with one USB stick (`/dev/sdb1`, vfat, «TECH») plugged in. */
export const LSBLK_ONE_STICK = JSON.stringify({
  blockdevices: [
    {
      name: '/dev/sdb',
      rm: true,
      tran: 'usb',
      mountpoint: null,
      label: null,
      size: 15518924800,
      fstype: null,
      children: [
        { name: '/dev/sdb1', rm: true, tran: null, mountpoint: null, label: 'TECH', size: 15517876224, fstype: 'vfat' },
      ],
    },
  ],
});

/** What `parseLsblk` finds in `LSBLK_ONE_STICK`. */
export const ONE_STICK_VOLUME: UsbVolume = {
  device: '/dev/sdb1',
  disk: '/dev/sdb',
  label: 'TECH',
  sizeBytes: 15517876224,
  fsType: 'vfat',
  mountPoint: undefined,
};
