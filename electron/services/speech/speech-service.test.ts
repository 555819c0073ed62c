import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../kiosk-config/src/index';
import { VisitorSession } from '../session/visitor-session';
import { memoryLogger } from '../test-support';
import { PromptLibrary } from './prompt-library';
import { type SayRequest, SpeechService } from './speech-service';
import { recordingSpeechDevices } from './speech-test-support';

function serviceUnderTest(options: { headphones?: 'in' | 'out' | 'unknown'; prompts?: string | null } = {}) {
  const devices = recordingSpeechDevices(options.headphones ?? 'out');
  const events: EventPayload<'speech.headphones'>[] = [];
  const logger = memoryLogger();
  // As the kiosk wires them: the session's end tells the speech (`composition-root.ts`).
  const session = new VisitorSession(60_000, 15_000, {
    onIdleWarning: () => {},
    onReset: () => void speech.sessionEnded(),
  });
  const speech = new SpeechService({
    devices,
    prompts: new PromptLibrary(options.prompts ?? null),
    safeVolumePercent: 55,
    onHeadphones: true,
    emit: (payload) => events.push(payload),
    memory: session,
    log: logger.log,
  });
  return { speech, devices, events, logger, session };
}

const statusScreen: SayRequest = {
  language: 'ru',
  privateAgreed: false,
  what: 'screen',
  parts: [
    { text: 'Ответ по вашему заявлению', private: false },
    { text: 'Распечатать', private: false },
    { text: 'Заявление готово, его можно забрать', private: true },
  ],
};

describe('SpeechService', () => {
  it('speaks the parts in order, each in the request’s language', async () => {
    const { speech, devices } = serviceUnderTest();
    speech.say({
      language: 'tt',
      privateAgreed: false,
      what: 'screen',
      parts: [
        { text: 'Талон алу', private: false },
        { text: 'Артка', private: false },
      ],
    });
    await speech.idle();
    expect(devices.output.heard).toEqual([
      { text: 'Талон алу', language: 'tt' },
      { text: 'Артка', language: 'tt' },
    ]);
  });

  it('a new screen cuts the speech of the old one: nothing of the old is said after it', async () => {
    const { speech, devices } = serviceUnderTest();
    devices.output.holding = true;
    speech.say({
      ...statusScreen,
      parts: [
        { text: 'Старый экран', private: false },
        { text: 'Старый выбор', private: false },
      ],
    });
    await Promise.resolve();
    speech.say({ ...statusScreen, parts: [{ text: 'Новый экран', private: false }] });
    devices.output.holding = false;
    await speech.idle();
    expect(devices.output.heard).toEqual([
      { text: 'Старый экран', language: 'ru', cut: true },
      { text: 'Новый экран', language: 'ru' },
    ]);
  });

  it('«Стоп» silences the speech; «Повторить» says the last screen again from its start', async () => {
    const { speech, devices } = serviceUnderTest();
    devices.output.holding = true;
    speech.say({
      ...statusScreen,
      parts: [
        { text: 'Выберите услугу', private: false },
        { text: 'Паспорт', private: false },
      ],
    });
    await Promise.resolve();
    speech.stop();
    await speech.idle();
    expect(devices.output.texts()).toEqual(['Выберите услугу']);
    devices.output.holding = false;
    expect(speech.repeat()).toBe(true);
    await speech.idle();
    expect(devices.output.texts()).toEqual(['Выберите услугу', 'Выберите услугу', 'Паспорт']);
  });

  it('a control named on its first touch is not what «Повторить» repeats: the screen is', async () => {
    const { speech, devices } = serviceUnderTest();
    speech.say({ ...statusScreen, parts: [{ text: 'Выберите услугу', private: false }] });
    await speech.idle();
    speech.say({ ...statusScreen, what: 'control', parts: [{ text: 'Паспорт', private: false }] });
    await speech.idle();
    speech.repeat();
    await speech.idle();
    expect(devices.output.texts()).toEqual(['Выберите услугу', 'Паспорт', 'Выберите услугу']);
  });

  it('withholds private parts without headphones and without the visitor’s agreement', async () => {
    const { speech, devices } = serviceUnderTest({ headphones: 'out' });
    expect(speech.say(statusScreen)).toEqual({ withheld: 1 });
    await speech.idle();
    expect(devices.output.texts()).toEqual(['Ответ по вашему заявлению', 'Распечатать']);
  });

  it('withholds them too when the jack cannot be read', async () => {
    const { speech } = serviceUnderTest({ headphones: 'unknown' });
    expect(speech.say(statusScreen)).toEqual({ withheld: 1 });
  });

  it('speaks private parts with headphones in, or once the visitor agreed on screen', async () => {
    const plugged = serviceUnderTest({ headphones: 'in' });
    expect(plugged.speech.say(statusScreen)).toEqual({ withheld: 0 });
    await plugged.speech.idle();
    expect(plugged.devices.output.texts()).toContain('Заявление готово, его можно забрать');

    const agreed = serviceUnderTest({ headphones: 'out' });
    expect(agreed.speech.say({ ...statusScreen, privateAgreed: true })).toEqual({ withheld: 0 });
    await agreed.speech.idle();
    expect(agreed.devices.output.texts()).toContain('Заявление готово, его можно забрать');
  });

  it('headphones pulled out silence a private answer at once, and the page is told', async () => {
    const { speech, devices, events } = serviceUnderTest({ headphones: 'in' });
    devices.output.holding = true;
    speech.say({
      ...statusScreen,
      parts: [
        { text: 'Сумма 1500 рублей', private: true },
        { text: 'Оплатить', private: false },
      ],
    });
    await Promise.resolve();
    devices.headphones.set('out');
    await speech.idle();
    expect(devices.output.heard).toEqual([{ text: 'Сумма 1500 рублей', language: 'ru', cut: true }]);
    expect(events).toEqual([{ headphones: 'out', turnSpeechOn: false }]);
  });

  it('headphones plugged in ask the page to turn speech on (config `onHeadphones`)', () => {
    const { devices, events } = serviceUnderTest({ headphones: 'out' });
    devices.headphones.set('in');
    expect(events).toEqual([{ headphones: 'in', turnSpeechOn: true }]);
  });

  it('at the session’s end: silence, the safe volume, and nothing left to repeat', async () => {
    const { speech, devices, session } = serviceUnderTest({ headphones: 'in' });
    devices.output.holding = true;
    speech.say(statusScreen);
    await Promise.resolve();
    session.end('idle');
    await speech.idle();
    expect(devices.volume.settings).toEqual([55]);
    expect(devices.output.heard).toEqual([{ text: 'Ответ по вашему заявлению', language: 'ru', cut: true }]);
    expect(speech.repeat()).toBe(false);
  });

  it('keeps what it last said in the session’s memory: the session’s end wipes it, whoever else hears of it', () => {
    const session = new VisitorSession(60_000, 15_000, { onIdleWarning: () => {}, onReset: () => {} });
    const speech = new SpeechService({
      devices: recordingSpeechDevices('in'),
      prompts: new PromptLibrary(null),
      safeVolumePercent: 55,
      onHeadphones: true,
      emit: () => {},
      memory: session,
      log: memoryLogger().log,
    });
    speech.say(statusScreen);
    expect(speech.repeat()).toBe(true);
    // The speech is not told of this end: the status it held must be gone all the same.
    session.end('visitor');
    expect(speech.repeat()).toBe(false);
  });

  it('plays the recorded prompt of a fixed phrase where a recording exists, else synthesises it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-prompts-'));
    await mkdir(path.join(dir, 'ru'));
    await writeFile(path.join(dir, 'ru', 'speech.privateWithheld.wav'), generatedWav());
    const { speech, devices } = serviceUnderTest({ prompts: dir });
    speech.say({
      language: 'ru',
      privateAgreed: false,
      what: 'screen',
      parts: [
        { text: 'Здесь есть личные сведения', private: false, prompt: 'speech.privateWithheld' },
        { text: 'Остановить', private: false, prompt: 'speech.stop' },
      ],
    });
    await speech.idle();
    expect(devices.output.heard).toEqual([
      { text: 'Здесь есть личные сведения', language: 'ru', prompt: 'speech.privateWithheld' },
      { text: 'Остановить', language: 'ru' },
    ]);
    // A key is never a path: one that tries to leave the folder is not looked up.
    expect(new PromptLibrary(dir).find('ru', '../ru/speech.privateWithheld')).toBeUndefined();
    expect(new PromptLibrary(dir).find('en', 'speech.privateWithheld')).toBeUndefined();
  });

  it('never logs what it speaks', async () => {
    const { speech, logger, devices } = serviceUnderTest({ headphones: 'in' });
    devices.output.speak = async () => {
      throw new Error('device gone');
    };
    speech.say(statusScreen);
    await speech.idle();
    expect(logger.text()).toContain('speech: output failed');
    expect(logger.text()).not.toContain('Заявление готово');
  });
});

/** A short WAV (a 440 Hz tone, 0.1 s) standing in for a recorded prompt. */
function generatedWav(): Uint8Array {
  const rate = 22_050;
  const count = rate / 10;
  const bytes = new Uint8Array(44 + count * 2);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, value: string) => {
    for (let i = 0; i < 4; i += 1) bytes[offset + i] = value.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + count * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, count * 2, true);
  for (let i = 0; i < count; i += 1)
    view.setInt16(44 + i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), true);
  return bytes;
}
