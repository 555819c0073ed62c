/**
 * Voice guidance's latency: from «Озвучить» to the first spoken word's first audio sample.
 *
 * The kiosk runs as in the tests (browser host, real Chromium, the demo hub) with one change: the
 * speech output runs espeak-ng exactly as the kiosk does (same voice, text on stdin) but with
 * `--stdout`, and reads its WAV stream until the first sample louder than 512/32767; that moment
 * is when a sound card would start playing the word (espeak-ng's own audio output writes the
 * same samples to the device as it makes them). Three figures, p50/p95 over the runs:
 *
 * - tap: the tap on «Озвучить» in Chromium (a capture listener's clock in the page) → first sample
 *   of the greeting «Озвучивание включено…», through the page, the WebSocket, the call dispatcher,
 *   the speech service and espeak-ng;
 * - call: the `speech.say` call arriving at the main side (`core.dispatch`) → first sample;
 * - peer: espeak-ng alone, cold, from its spawn to its first byte and first sample, for one word:
 *   its start-up (loading the voice), which the kiosk does not wait for: it keeps one espeak-ng
 *   started ahead, waiting on stdin (`WarmEspeak`), as this bench's output does too.
 */
import { performance } from 'node:perf_hooks';
import { PlayerProcess } from '../electron/services/speech/espeak-process';
import { ESPEAK_PROGRAM, espeakArguments } from '../electron/services/speech/espeak-voices';
import type { SpeechOutput, Utterance } from '../electron/services/speech/speech-devices';
import { ManualHeadphones, RecordingVolume } from '../electron/services/speech/speech-test-support';
import { WarmEspeak } from '../electron/services/speech/warm-espeak';
import { RU } from '../renderer/src/i18n/catalogs/ru/index';
import { startKioskInChromium } from '../test/support/kiosk-in-chromium';
import { percentile, writeResults } from './bench-support';
import { tapAndTime } from './page-tap';

const RUNS = Number(process.env.OKNO_BENCH_RUNS ?? 30);
const WARMUP = 3;
const GOAL_MS = 300;
/** The pause between two `speech.say` calls of the call figure. */
const CALL_GAP_MS = 500;
/** A sample louder than this (of 32767) is sound, not espeak-ng's leading silence. */
const SOUND_THRESHOLD = 512;
/** espeak-ng's WAV header on `--stdout` (RIFF, fmt, data: 44 bytes). */
const WAV_HEADER_BYTES = 44;

/** Epoch milliseconds on the clock the page's `performance.timeOrigin + now()` shares. */
const now = () => performance.timeOrigin + performance.now();

/** When espeak-ng's first byte and its first sounding sample came (epoch ms), for one text. */
interface FirstSound {
  spawnedAt: number;
  firstByteAt: number;
  firstSoundAt: number;
}

/**
 * Gives an espeak-ng its text and reads its WAV until the first sounding sample; then kills it.
 * `spawnedAt`: when the text was given (a warm process) or the process started (a cold one).
 */
function untilFirstSound(espeak: PlayerProcess, text: string, spawnedAt: number): Promise<FirstSound> {
  return new Promise((resolve, reject) => {
    const stdout = espeak.stdout;
    if (stdout === null) return reject(new Error('espeak-ng was started without --stdout'));
    let firstByteAt: number | undefined;
    let offset = 0;
    let low = 0;
    stdout.on('data', (chunk: Buffer) => {
      firstByteAt ??= now();
      for (let i = 0; i < chunk.length; i += 1) {
        const position = offset + i;
        const byte = chunk[i] ?? 0;
        if (position < WAV_HEADER_BYTES) continue;
        if ((position - WAV_HEADER_BYTES) % 2 === 0) {
          low = byte;
          continue;
        }
        // Little-endian 16-bit, sign-extended.
        const sample = (((byte << 8) | low) << 16) >> 16;
        if (Math.abs(sample) > SOUND_THRESHOLD) {
          const firstSoundAt = now();
          espeak.kill();
          resolve({ spawnedAt, firstByteAt, firstSoundAt });
          return;
        }
      }
      offset += chunk.length;
    });
    void espeak.ended.then(() => reject(new Error('espeak-ng ended without a sounding sample')));
    espeak.say(text);
  });
}

/** The kiosk's speech output for the bench: espeak-ng to its first sounding sample, each time told. */
class FirstSoundOutput implements SpeechOutput {
  #waiting: { since: number; resolve: (sound: FirstSound) => void } | undefined;
  /** The kiosk's warm espeak-ng (`EspeakOutput`'s), writing to stdout instead of the sound card. */
  readonly #espeak = new WarmEspeak({ stdout: true });

  constructor() {
    this.#espeak.warmUp('ru');
  }

  async speak(utterance: Utterance, signal: AbortSignal): Promise<void> {
    const espeak = this.#espeak.take(utterance.language);
    signal.addEventListener('abort', () => espeak.kill(), { once: true });
    const sound = await untilFirstSound(espeak, utterance.text, now()).catch(() => undefined);
    // An utterance of the last run still under way when this one began does not count.
    if (sound === undefined || this.#waiting === undefined || sound.spawnedAt < this.#waiting.since) return;
    this.#waiting.resolve(sound);
    this.#waiting = undefined;
  }

  close(): void {
    this.#espeak.close();
  }

  /** The first sound of the next utterance started from now. */
  next(): Promise<FirstSound> {
    return new Promise((resolve) => {
      this.#waiting = { since: now(), resolve };
    });
  }
}

function summary(samples: number[]) {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    runs: samples.length,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    maxMs: round(Math.max(...samples)),
  };
}

// The peer: espeak-ng's start-up to its first byte and first sound, one word.
const peerFirstByte: number[] = [];
const peerFirstSound: number[] = [];
for (let run = 0; run < WARMUP + RUNS; run += 1) {
  const spawnedAt = now();
  const cold = new PlayerProcess(ESPEAK_PROGRAM, espeakArguments('ru', { stdout: true }), { stdout: true });
  const sound = await untilFirstSound(cold, 'Здравствуйте', spawnedAt);
  if (run < WARMUP) continue;
  peerFirstByte.push(sound.firstByteAt - sound.spawnedAt);
  peerFirstSound.push(sound.firstSoundAt - sound.spawnedAt);
}

const output = new FirstSoundOutput();
const ui = await startKioskInChromium({
  session: { idleResetSeconds: 600, idleWarningSeconds: 15 },
  speechDevices: { output, volume: new RecordingVolume(), headphones: new ManualHeadphones('out') },
});
const { page } = ui;

const fromTap: number[] = [];
const fromCall: number[] = [];
try {
  for (let run = 0; run < WARMUP + RUNS; run += 1) {
    // «Озвучить» on: the greeting is the first word.
    const sound = output.next();
    const tappedAt = await tapAndTime(page, 'access-speech');
    const heard = await sound;
    // Off again (the same button), for the next run.
    await page.getByTestId('access-speech').click();
    await page.getByTestId('access-speech').and(page.locator('[aria-pressed="false"]')).waitFor();
    if (run >= WARMUP) fromTap.push(heard.firstSoundAt - tappedAt);
  }
  for (let run = 0; run < WARMUP + RUNS; run += 1) {
    // A visitor's screens come seconds apart: the espeak-ng started ahead after the last run has
    // loaded its voice by the next (back to back, within ~0.1 s, a call would pay part of its start-up).
    await new Promise((resolve) => setTimeout(resolve, CALL_GAP_MS));
    const sound = output.next();
    const calledAt = now();
    const answer = await ui.kiosk.core.dispatch('speech.say', {
      parts: [{ text: RU['speech.on'], private: false }],
      language: 'ru',
      privateAgreed: false,
      what: 'screen',
    });
    if (!answer.ok) throw new Error(`speech.say answered ${answer.error.code}`);
    const heard = await sound;
    if (run >= WARMUP) fromCall.push(heard.firstSoundAt - calledAt);
  }
} finally {
  await ui.close();
}

const results = {
  goalMs: GOAL_MS,
  threshold: `first sample with |value| > ${SOUND_THRESHOLD} of 32767`,
  tapToFirstSound: summary(fromTap),
  callGapMs: CALL_GAP_MS,
  callToFirstSound: summary(fromCall),
  peer: {
    what: 'espeak-ng -v ru --stdin --stdout, one word («Здравствуйте»), spawn to first byte and first sounding sample',
    firstByte: summary(peerFirstByte),
    firstSound: summary(peerFirstSound),
  },
  warmProcess: true,
  note: 'the kiosk keeps one espeak-ng started ahead, waiting on stdin (WarmEspeak): the peer figure is the cold start-up it saves',
};
const file = writeResults('speech', results);
console.log(JSON.stringify(results, null, 2));
console.log(`written to ${file}`);
const met = results.tapToFirstSound.p95Ms <= GOAL_MS;
console.log(
  `«Озвучить» → first spoken word: p50 ${results.tapToFirstSound.p50Ms} ms, p95 ${results.tapToFirstSound.p95Ms} ms (goal ≤ ${GOAL_MS} ms: ${met ? 'met' : 'NOT met'})`,
);
