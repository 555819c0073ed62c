import type { ScreenLanguage } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';
import { type PlayerEnd, PlayerProcess } from './espeak-process';
import type { SpeechOutput, Utterance } from './speech-devices';
import { WarmEspeak } from './warm-espeak';

/** ALSA's player for the recorded prompts (Debian's `alsa-utils`). */
const PROMPT_PLAYER = 'aplay';

/**
 * The kiosk's speech: espeak-ng plays each text through its own audio output (pcaudiolib:
 * PulseAudio or ALSA), and `aplay` plays a recorded prompt. Both run as programs with an argument
 * array (never a shell); the text goes on stdin. An utterance aborted by a new screen or «Стоп»
 * kills its child at once.
 *
 * espeak-ng's start-up is most of the time to the first word: one is kept started ahead
 * (`WarmEspeak`), and each utterance takes it and starts the next.
 *
 * Without a sound card espeak-ng complains and exits 0: the kiosk goes on silently and says so in
 * the log once. Without `aplay`, a prompt is synthesised from its text instead. The spoken text
 * is never logged: it may be the visitor's own data.
 */
export class EspeakOutput implements SpeechOutput {
  readonly #log: Logger;
  #audioProblemLogged = false;
  #promptPlayerMissing = false;
  readonly #espeak = new WarmEspeak({ stdout: false });

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Starts the first espeak-ng ahead, in `language`'s voice, so the first word needs no start-up. */
  warmUp(language: ScreenLanguage): void {
    this.#espeak.warmUp(language);
  }

  async speak(utterance: Utterance, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    if (utterance.kind === 'prompt' && !this.#promptPlayerMissing) {
      const played = await this.#play(new PlayerProcess(PROMPT_PLAYER, ['-q', utterance.file]), signal);
      if (played.kind !== 'missing') return;
      this.#promptPlayerMissing = true;
      this.#log.warn('speech: aplay is not installed; recorded prompts are synthesised instead');
    }
    const espeak = this.#espeak.take(utterance.language);
    espeak.say(utterance.text);
    const end = await this.#play(espeak, signal);
    if (end.kind === 'missing') this.#audioProblem('espeak-ng is not installed');
  }

  /** Stops the espeak-ng kept ahead. */
  close(): void {
    this.#espeak.close();
  }

  /** Waits for a player to end, killing it when the utterance is aborted. */
  async #play(player: PlayerProcess, signal: AbortSignal): Promise<PlayerEnd> {
    const kill = () => player.kill();
    signal.addEventListener('abort', kill, { once: true });
    const end = await player.ended;
    signal.removeEventListener('abort', kill);
    if (end.kind === 'failed') this.#audioProblem(end.problem);
    // espeak-ng exits 0 even when no audio device opened; its complaint tells.
    if (end.kind === 'ended' && !signal.aborted && (end.code !== 0 || /error/i.test(end.complaint))) {
      this.#audioProblem(lastLine(end.complaint, end.code));
    }
    return end;
  }

  #audioProblem(problem: string): void {
    if (this.#audioProblemLogged) return;
    this.#audioProblemLogged = true;
    this.#log.warn({ problem }, 'speech: no audio output; the kiosk goes on without sound');
  }
}

/** The last line of a program's complaint (ALSA's lines end in the one that says why), short. */
function lastLine(complaint: string, code: number | null): string {
  const lines = complaint.split('\n').filter((line) => line.trim() !== '');
  return (lines.at(-1) ?? `exit code ${code}`).trim().slice(0, 200);
}
