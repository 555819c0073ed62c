import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScreenLanguage } from '../../../kiosk-config/src/index';
import { firstSoundingSample, parseWav, rms } from '../../../test/support/wav';
import { memoryLogger } from '../test-support';
import { EspeakOutput } from './espeak-output';
import { ESPEAK_PROGRAM, espeakArguments } from './espeak-voices';

/** Runs espeak-ng as the kiosk does (argument array, text on stdin) and collects its WAV. */
function synthesise(text: string, language: ScreenLanguage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ESPEAK_PROGRAM, espeakArguments(language, { stdout: true }), {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`exit ${code}`))));
    child.stdin.end(text);
  });
}

describe('espeak-ng (Debian package, the real program)', () => {
  it('synthesises a Russian sentence to a WAV file that lasts and is not silent', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'okno-speech-')), 'talon.wav');
    await writeFile(file, await synthesise('Ваш талон Б семь. Ожидайте вызова на табло.', 'ru'));
    const wav = parseWav(await readFile(file));
    expect(wav).toMatchObject({ channels: 1, bitsPerSample: 16, sampleRate: 22_050 });
    // Eight words at espeak-ng's 175 words a minute: about three seconds, never a blip.
    expect(wav.seconds).toBeGreaterThan(1.5);
    expect(wav.seconds).toBeLessThan(8);
    expect(firstSoundingSample(wav.samples)).toBeGreaterThanOrEqual(0);
    expect(rms(wav.samples)).toBeGreaterThan(300);
  });

  it('has a voice for every language of the screens: English and Tatar speak too', async () => {
    for (const [text, language] of [
      ['Take a ticket', 'en'],
      ['Талон алу', 'tt'],
    ] as const) {
      const wav = parseWav(await synthesise(text, language));
      expect(wav.seconds, language).toBeGreaterThan(0.3);
      expect(rms(wav.samples), language).toBeGreaterThan(300);
    }
  });

  it('without a sound card (this machine has none) speaking does not fail: the kiosk logs it once', async () => {
    const logger = memoryLogger();
    const output = new EspeakOutput(logger.log);
    const signal = new AbortController().signal;
    try {
      await output.speak({ kind: 'text', text: 'Первая фраза', language: 'ru' }, signal);
      // The second is spoken by the espeak-ng started ahead of it.
      await output.speak({ kind: 'text', text: 'Вторая фраза', language: 'ru' }, signal);
    } finally {
      // The one started ahead for a third is stopped with the output.
      output.close();
    }
    const warnings = logger.lines().filter((line) => String(line.msg).startsWith('speech: no audio output'));
    const soundCard = existsSync('/dev/snd');
    // Where a sound card is present the speech plays and nothing is logged; else exactly one line.
    expect(warnings.length).toBe(soundCard ? 0 : 1);
    expect(logger.text()).not.toContain('фраза');
  });

  it('an aborted utterance kills its espeak-ng at once', async () => {
    const output = new EspeakOutput(memoryLogger().log);
    const controller = new AbortController();
    const long = 'Очень длинный текст. '.repeat(200);
    const speaking = output.speak({ kind: 'text', text: long, language: 'ru' }, controller.signal);
    controller.abort();
    await expect(speaking).resolves.toBeUndefined();
    output.close();
  });
});
