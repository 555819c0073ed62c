import type { ScreenLanguage } from '../../../kiosk-config/src/index';
import { PlayerProcess } from './espeak-process';
import { ESPEAK_PROGRAM, espeakArguments } from './espeak-voices';

/**
 * espeak-ng started ahead of its text. Its start-up (loading the voice) is most of the time to
 * the first word (bench/speech.bench.ts; on a loaded 2-core machine ~130 ms cold, ~4 ms warm), so one
 * espeak-ng waits on stdin in the voice last used; `take` hands it out and starts the next.
 */
export class WarmEspeak {
  #warm: { language: ScreenLanguage; process: PlayerProcess } | undefined;
  #closed = false;

  /** `stdout`: espeak-ng writes its WAV to stdout (the bench) instead of playing it. */
  constructor(private readonly options: { stdout: boolean }) {}

  /** Starts one ahead in `language`'s voice, if none waits. */
  warmUp(language: ScreenLanguage): void {
    if (this.#warm === undefined && !this.#closed) this.#warm = { language, process: this.#start(language) };
  }

  /** An espeak-ng ready for its text in `language`'s voice (the one started ahead when it matches). */
  take(language: ScreenLanguage): PlayerProcess {
    const warm = this.#warm;
    this.#warm = undefined;
    let taken: PlayerProcess;
    if (warm !== undefined && warm.language === language && warm.process.running) taken = warm.process;
    else {
      warm?.process.kill();
      taken = this.#start(language);
    }
    this.warmUp(language);
    return taken;
  }

  /** Stops the one waiting; no more are started. */
  close(): void {
    this.#closed = true;
    this.#warm?.process.kill();
    this.#warm = undefined;
  }

  #start(language: ScreenLanguage): PlayerProcess {
    return new PlayerProcess(ESPEAK_PROGRAM, espeakArguments(language, { stdout: this.options.stdout }), {
      stdout: this.options.stdout,
    });
  }
}
