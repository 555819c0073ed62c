import type { Logger } from '../logging/logger';
import { commandProblem, type SystemCommands } from '../technician/link-and-service/system-commands';
import type { VolumeControl } from './speech-devices';

/** The ways to set the loudspeaker's volume, tried in order: ALSA's mixer, then PulseAudio's. */
const MIXERS: readonly { program: string; args: (percent: number) => string[] }[] = [
  { program: 'amixer', args: (percent) => ['-q', 'sset', 'Master', `${percent}%`] },
  { program: 'pactl', args: (percent) => ['set-sink-volume', '@DEFAULT_SINK@', `${percent}%`] },
];

/**
 * Sets the system volume with the first mixer command that works here, remembered; a command
 * that failed is remembered too and not run again (each session's end sets the volume: a missing
 * mixer would otherwise be spawned, and fail, at every one). Where none works (no sound card, no
 * mixer), the kiosk goes on and says so in the log once.
 */
export class MixerVolume implements VolumeControl {
  #working: (typeof MIXERS)[number] | undefined;
  readonly #failed = new Set<(typeof MIXERS)[number]>();
  #problemLogged = false;

  constructor(
    private readonly commands: SystemCommands,
    private readonly log: Logger,
  ) {}

  async set(percent: number): Promise<void> {
    const candidates =
      this.#working === undefined ? MIXERS.filter((mixer) => !this.#failed.has(mixer)) : [this.#working];
    const problems: string[] = [];
    for (const mixer of candidates) {
      const output = await this.commands.run(mixer.program, mixer.args(percent));
      if (output.code === 0) {
        this.#working = mixer;
        return;
      }
      // One that worked before is kept (a busy sound server may fail once); one that never did is not tried again.
      if (mixer !== this.#working) this.#failed.add(mixer);
      problems.push(`${mixer.program}: ${commandProblem(output)}`);
    }
    if (this.#problemLogged) return;
    this.#problemLogged = true;
    this.log.warn({ problems }, 'speech: the volume cannot be set here');
  }
}
