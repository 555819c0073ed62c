import path from 'node:path';
import type { AccessibilityConfig, EventPayload } from '../../../kiosk-config/src/index';
import { findAppRoot } from '../app-root';
import type { Logger } from '../logging/logger';
import type { SessionMemory } from '../session/visitor-session';
import type { StartupStack } from '../startup-stack';
import type { SystemCommands } from '../technician/link-and-service/system-commands';
import { AlsaHeadphoneJack } from './alsa-headphone-jack';
import { EspeakOutput } from './espeak-output';
import { MixerVolume } from './mixer-volume';
import { PromptLibrary } from './prompt-library';
import type { SpeechDevices } from './speech-devices';
import { SpeechService } from './speech-service';

/** Where the recorded prompts are: `kiosk-config/prompts/<language>/<message key>.wav`. */
export function promptsDir(): string {
  return path.join(findAppRoot().dir, 'kiosk-config', 'prompts');
}

/**
 * Starts the kiosk's voice: espeak-ng's audio, the system mixer and the ALSA headphone jack
 * (`amixer`, `pactl` run through `systemCommands`, the kiosk's one way to the OS), unless
 * `devices` replaces them (tests: the recording hook). Stopped with the core.
 */
export async function startSpeech(
  stack: StartupStack,
  options: {
    config: AccessibilityConfig['speech'];
    devices: SpeechDevices | undefined;
    emit: (payload: EventPayload<'speech.headphones'>) => void;
    log: Logger;
    /** The visitor session's memory: what was last said (for «Повторить») is kept there, wiped at its end. */
    memory: SessionMemory;
    /** How the mixer and the jack's `amixer`/`pactl` run (`KioskCoreOptions.systemCommands`, else the real ones). */
    systemCommands: SystemCommands;
  },
): Promise<SpeechService> {
  const log = options.log.child({ component: 'speech' });
  let devices = options.devices;
  if (devices === undefined) {
    const jack = new AlsaHeadphoneJack(options.systemCommands, log);
    await jack.start();
    const output = new EspeakOutput(log);
    // Russian is the screens' first language: its voice is ready before the first «Озвучить».
    output.warmUp('ru');
    devices = { output, volume: new MixerVolume(options.systemCommands, log), headphones: jack };
  }
  const speech = new SpeechService({
    devices,
    prompts: new PromptLibrary(promptsDir()),
    safeVolumePercent: options.config.safeVolumePercent,
    onHeadphones: options.config.onHeadphones,
    emit: options.emit,
    memory: options.memory,
    log,
  });
  return stack.started('speech', speech, (started) => started.close());
}
