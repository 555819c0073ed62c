import { type ChildProcess, spawn } from 'node:child_process';
import type { Logger } from '../logging/logger';
import { ESPEAK_PROGRAM, espeakArguments } from './espeak-voices';
import type { SpeechOutput, Utterance } from './speech-devices';

/** ALSA's player for the recorded prompts (Debian's `alsa-utils`). */
const PROMPT_PLAYER = 'aplay';

/**
 * The kiosk's speech: espeak-ng plays each text through its own audio output (pcaudiolib:
 * PulseAudio or ALSA), and `aplay` plays a recorded prompt. Both run as programs with an argument
 * array (never a shell); the text goes on stdin. An utterance aborted by a new screen or «Стоп»
 * kills its child at once.
 *
 * Without a sound card espeak-ng complains and exits 0: the kiosk goes on silently and says so in
 * the log once. Without `aplay`, a prompt is synthesised from its text instead. The spoken text
 * is never logged: it may be the visitor's own data.
 */
export class EspeakOutput implements SpeechOutput {
  readonly #log: Logger;
  #audioProblemLogged = false;
  #promptPlayerMissing = false;

  constructor(log: Logger) {
    this.#log = log;
  }

  async speak(utterance: Utterance, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    if (utterance.kind === 'prompt' && !this.#promptPlayerMissing) {
      const played = await this.#run(PROMPT_PLAYER, ['-q', utterance.file], undefined, signal);
      if (played !== 'missing') return;
      this.#promptPlayerMissing = true;
      this.#log.warn('speech: aplay is not installed; recorded prompts are synthesised instead');
    }
    const outcome = await this.#run(
      ESPEAK_PROGRAM,
      espeakArguments(utterance.language, { stdout: false }),
      utterance.text,
      signal,
    );
    if (outcome === 'missing') this.#audioProblem('espeak-ng is not installed');
  }

  /** Runs one player to its end (or its abort): `missing` when the program is not installed. */
  #run(program: string, args: string[], input: string | undefined, signal: AbortSignal): Promise<'done' | 'missing'> {
    return new Promise((resolve) => {
      const child: ChildProcess = spawn(program, args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let complaint = '';
      const kill = () => child.kill('SIGKILL');
      signal.addEventListener('abort', kill, { once: true });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        if (complaint.length < 400) complaint += chunk;
      });
      // A player killed mid-sentence closes its stdin under us: not a fault.
      child.stdin?.on('error', () => {});
      child.stdin?.end(input ?? '');
      child.once('error', (error: NodeJS.ErrnoException) => {
        signal.removeEventListener('abort', kill);
        if (error.code === 'ENOENT') return resolve('missing');
        this.#audioProblem(error.message);
        resolve('done');
      });
      child.once('close', (code) => {
        signal.removeEventListener('abort', kill);
        // espeak-ng exits 0 even when no audio device opened; its complaint tells.
        if (!signal.aborted && (code !== 0 || /error/i.test(complaint))) this.#audioProblem(firstLine(complaint, code));
        resolve('done');
      });
    });
  }

  #audioProblem(problem: string): void {
    if (this.#audioProblemLogged) return;
    this.#audioProblemLogged = true;
    this.#log.warn({ problem }, 'speech: no audio output; the kiosk goes on without sound');
  }
}

/** The last line of a program's complaint (ALSA's lines end in the one that says why), short. */
function firstLine(complaint: string, code: number | null): string {
  const lines = complaint.split('\n').filter((line) => line.trim() !== '');
  return (lines.at(-1) ?? `exit code ${code}`).trim().slice(0, 200);
}
