import { describe, expect, it } from 'vitest';
import type { HeadphonesState } from '../../../kiosk-config/src/index';
import type { CommandOutput, SystemCommands } from '../technician/link-and-service/system-commands';
import { memoryLogger } from '../test-support';
import { AlsaHeadphoneJack, parseJackState } from './alsa-headphone-jack';
import { MixerVolume } from './mixer-volume';

/** `amixer -c 0 cget iface=CARD,name='Headphone Jack'` on an HDA codec (captured). */
const PLUGGED = `numid=18,iface=CARD,name='Headphone Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=on
`;
const UNPLUGGED = PLUGGED.replace(': values=on', ': values=off');

/** Commands answered from a script, recording what was run. */
function scripted(answer: (program: string, args: readonly string[]) => CommandOutput) {
  const runs: string[] = [];
  const commands: SystemCommands = {
    run: async (program, args) => {
      runs.push([program, ...args].join(' '));
      return answer(program, args);
    },
  };
  return { commands, runs };
}

describe('the ALSA headphone jack', () => {
  it('reads amixer’s answer: on is in, off is out, anything else unknown', () => {
    expect(parseJackState(PLUGGED)).toBe('in');
    expect(parseJackState(UNPLUGGED)).toBe('out');
    expect(parseJackState('amixer: Cannot find the given element from control hw:0\n')).toBe('unknown');
  });

  it('tells a change once it reads one', async () => {
    let answer = UNPLUGGED;
    const { commands } = scripted(() => ({ code: 0, stdout: answer, stderr: '' }));
    const jack = new AlsaHeadphoneJack(commands, memoryLogger().log);
    const seen: HeadphonesState[] = [];
    jack.watch((state) => seen.push(state));
    await jack.start();
    expect(jack.current()).toBe('out');
    answer = PLUGGED;
    await jack.poll();
    jack.close();
    expect(seen).toEqual(['out', 'in']);
  });

  it('runs one amixer at a time: a poll while one is still running joins it', async () => {
    const held: Array<() => void> = [];
    let hold = false;
    const runs: string[] = [];
    const commands: SystemCommands = {
      run: (program, args) => {
        runs.push([program, ...args].join(' '));
        const answer: CommandOutput = { code: 0, stdout: PLUGGED, stderr: '' };
        if (!hold) return Promise.resolve(answer);
        return new Promise((resolve) => held.push(() => resolve(answer)));
      },
    };
    const jack = new AlsaHeadphoneJack(commands, memoryLogger().log);
    await jack.start();
    hold = true;
    // The interval's ticks while a slow amixer has not answered yet.
    const polls = [jack.poll(), jack.poll(), jack.poll()];
    for (const release of held) release();
    await Promise.all(polls);
    jack.close();
    expect(runs).toHaveLength(2);
  });

  it('without a card or amixer: unknown, said once, no polling', async () => {
    const { commands, runs } = scripted(() => ({ code: null, stdout: '', stderr: 'spawn amixer ENOENT' }));
    const logger = memoryLogger();
    const jack = new AlsaHeadphoneJack(commands, logger.log);
    await jack.start();
    jack.close();
    expect(jack.current()).toBe('unknown');
    expect(runs).toHaveLength(1);
    expect(logger.lines().filter((line) => String(line.msg).includes('headphone jack'))).toHaveLength(1);
  });
});

describe('the mixer volume', () => {
  it('falls back from amixer to pactl and keeps the one that works', async () => {
    const { commands, runs } = scripted((program) =>
      program === 'pactl' ? { code: 0, stdout: '', stderr: '' } : { code: 1, stdout: '', stderr: 'no card' },
    );
    const volume = new MixerVolume(commands, memoryLogger().log);
    await volume.set(60);
    await volume.set(60);
    expect(runs).toEqual([
      'amixer -q sset Master 60%',
      'pactl set-sink-volume @DEFAULT_SINK@ 60%',
      'pactl set-sink-volume @DEFAULT_SINK@ 60%',
    ]);
  });

  it('where no mixer works it tries each once, says so once and goes on', async () => {
    const { commands, runs } = scripted(() => ({ code: null, stdout: '', stderr: 'ENOENT' }));
    const logger = memoryLogger();
    const volume = new MixerVolume(commands, logger.log);
    // Three sessions end: the failing mixers are not spawned again at the second and third.
    await volume.set(60);
    await volume.set(60);
    await volume.set(60);
    expect(runs).toEqual(['amixer -q sset Master 60%', 'pactl set-sink-volume @DEFAULT_SINK@ 60%']);
    expect(logger.lines().filter((line) => line.msg === 'speech: the volume cannot be set here')).toHaveLength(1);
  });
});
