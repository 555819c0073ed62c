import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingSpeechDevices } from '../../electron/services/speech/speech-test-support';
import { RU } from '../../renderer/src/i18n/catalogs/ru/index';
import { eventually } from '../support/eventually';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/** A demo application of the embedded hub: ready for pickup (hub/db/demo-seed.ts). */
const READY = 'КУВД-001/2021-3670443';

/**
 * Voice guidance end to end: real Chromium → browser host → the speech service, with the
 * recording hook in place of espeak-ng (what would be spoken, in order). Each screen's title,
 * choices and answer; explore by touch; «Стоп» and «Повторить»; private data withheld without
 * headphones or agreement; the physical key; the safe volume at the session's end.
 */
describe('voice guidance in Chromium through the browser host', () => {
  let ui: KioskInChromium;
  const speech = recordingSpeechDevices('out');
  const heard = () => speech.output.texts();

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 120, idleWarningSeconds: 10 },
      speechDevices: speech,
      adjust: (config) => {
        config.accessibility = { speech: { key: 'F9', onHeadphones: true, safeVolumePercent: 45 } };
      },
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Waits until `text` has been heard since the record was last cleared. */
  async function untilHeard(text: string) {
    await eventually(() => heard().includes(text), `«${text}» spoken`);
  }

  /** Back home with speech off and a fresh record. */
  async function freshAtHome() {
    // Speech off first: with it on, «На главную» would only be named by the first touch.
    if ((await ui.page.getByTestId('access-speech').getAttribute('aria-pressed')) === 'true') {
      await ui.page.getByTestId('access-speech').click();
    }
    await ui.goHome();
    await ui.page.getByTestId('screen-home').waitFor();
    speech.headphones.set('out');
    speech.output.holding = false;
    speech.output.clear();
  }

  /** Turns speech on and waits for the greeting and the whole home screen. */
  async function speechOn() {
    await ui.page.getByTestId('access-speech').click();
    await untilHeard(RU['speech.on']);
  }

  /** A choice as explored by touch: the first touch names it, the second presses it. */
  async function choose(testId: string, spoken: string) {
    speech.output.clear();
    await ui.page.getByTestId(testId).click();
    await untilHeard(spoken);
    await ui.page.getByTestId(testId).click();
  }

  it('«Озвучить» greets, then speaks the home screen: its title, then each choice, in order', async () => {
    await freshAtHome();
    await speechOn();
    await eventually(() => heard().length >= 6, 'the home screen spoken');
    const [greeting, title, ...choices] = heard();
    expect(greeting).toBe(RU['speech.on']);
    expect(title).toBe(await ui.text('home-title'));
    expect(choices.slice(0, 4).map((choice) => choice.split(' ').slice(0, 2).join(' '))).toEqual([
      'Взять талон',
      'У меня',
      'Узнать статус',
      'Оплатить госпошлину',
    ]);
    // A choice's label and its hint are said apart, never run together.
    expect(choices[0]).toMatch(/^Взять талон \S/u);
    expect(speech.output.heard.every((entry) => entry.language === 'ru')).toBe(true);
  });

  it('explores by touch: the first touch names a choice and does nothing, the second chooses it', async () => {
    await freshAtHome();
    await speechOn();
    speech.output.clear();
    await ui.page.getByTestId('home-ticket').click();
    await eventually(() => heard().some((text) => text.startsWith('Взять талон')), 'the choice named');
    expect(await ui.page.getByTestId('screen-home').count()).toBe(1);

    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('screen-categories').waitFor();
    await untilHeard('Выберите, по какому вопросу вы пришли');
  });

  it('the confirm key (Enter) chooses the control named by the first touch', async () => {
    await freshAtHome();
    await speechOn();
    speech.output.clear();
    await ui.page.getByTestId('home-status').click();
    await eventually(() => heard().some((text) => text.startsWith('Узнать статус')), 'the choice named');
    await ui.page.keyboard.press('Enter');
    await ui.page.getByTestId('screen-status').waitFor();
    await untilHeard('Узнать статус заявления');
  });

  it('speaks each screen of a ticket: title, choices, and the ticket number as the answer last', async () => {
    await freshAtHome();
    await speechOn();
    await choose('home-ticket', heard().find((text) => text.startsWith('Взять талон')) ?? 'Взять талон');
    await ui.page.getByTestId('screen-categories').waitFor();
    await untilHeard('Выберите, по какому вопросу вы пришли');
    const passports = (await ui.page.getByTestId('category-passports').textContent()) ?? '';
    await choose('category-passports', passports.split(/\s+/u)[0] ?? '');
    await ui.page.getByTestId('screen-services').waitFor();
    await untilHeard((await ui.page.locator('main h1').textContent()) ?? '');
    speech.output.clear();
    await ui.page.getByTestId('service-passport-rf').click();
    await eventually(() => heard().some((text) => text.startsWith('Замена паспорта')), 'the service named');
    await ui.page.getByTestId('service-passport-rf').click();
    await ui.page.getByTestId('screen-confirm').waitFor();
    speech.output.clear();
    await ui.page.getByTestId('ticket-confirm').click();
    await eventually(() => heard().length > 0, 'the confirm button named');
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor();
    const number = await ui.text('ticket-number');
    await untilHeard(number);
    const spoken = heard();
    const from = spoken.lastIndexOf('Заберите талон');
    expect(from).toBeGreaterThanOrEqual(0);
    const screen = spoken.slice(from);
    // Title, then the choices («Готово», «На главную»), then the answer: the number and the queue.
    expect(screen.indexOf('Готово')).toBeGreaterThan(0);
    expect(screen.indexOf(number)).toBeGreaterThan(screen.indexOf('Готово'));
    expect(screen.at(-1)).toBe(await ui.text('ticket-people-ahead'));
  });

  it('«Стоп» silences the speech at once; «Повторить» says the screen again from its title', async () => {
    await freshAtHome();
    speech.output.holding = true;
    await ui.page.getByTestId('access-speech').click();
    await untilHeard(RU['speech.on']);
    await ui.page.getByTestId('speech-stop').click();
    await eventually(() => speech.output.heard.at(-1)?.cut === true, 'the greeting cut');
    const count = heard().length;
    speech.output.holding = false;
    await ui.page.getByTestId('speech-repeat').click();
    await eventually(() => heard().length > count + 1, 'the screen repeated');
    expect(heard()[count]).toBe(RU['speech.on']);
    expect(heard()[count + 1]).toBe(await ui.text('home-title'));
  });

  it('withholds the status without headphones, offers «Озвучить личное», and speaks it once agreed', async () => {
    await freshAtHome();
    await speechOn();
    await choose('home-status', heard().find((text) => text.startsWith('Узнать статус')) ?? 'Узнать статус');
    await ui.page.getByTestId('screen-status').waitFor();
    speech.output.clear();
    await ui.scanner().scan(READY, { suffix: 'CR' });
    await ui.page.getByTestId('screen-status-result').waitFor();
    await untilHeard(RU['speech.privateWithheld']);
    const headline = await ui.text('status-headline');
    expect(heard()).toContain('Ответ по вашему заявлению');
    expect(heard().join('\n')).not.toContain(headline);

    await choose('speech-consent', RU['speech.consent']);
    await untilHeard(headline);
    expect(heard()).toContain(await ui.text('status-next-step'));
  });

  it('headphones plugged in on the status screen: the withheld answer is spoken without asking', async () => {
    await freshAtHome();
    await speechOn();
    await choose('home-status', heard().find((text) => text.startsWith('Узнать статус')) ?? 'Узнать статус');
    await ui.page.getByTestId('screen-status').waitFor();
    speech.output.clear();
    await ui.scanner().scan(READY, { suffix: 'CR' });
    await ui.page.getByTestId('screen-status-result').waitFor();
    await untilHeard(RU['speech.privateWithheld']);
    expect(await ui.page.getByTestId('speech-consent').count()).toBe(1);
    // Plugged in: the page hears it and the screen is spoken again, the answer with it.
    speech.output.clear();
    speech.headphones.set('in');
    const headline = await ui.text('status-headline');
    await untilHeard(headline);
    await ui.page.getByTestId('speech-consent').waitFor({ state: 'detached' });
  });

  it('headphones plugged in turn speech on (config `onHeadphones`)', async () => {
    await freshAtHome();
    speech.headphones.set('in');
    await untilHeard(RU['speech.on']);
    await expect(ui.page.getByTestId('access-speech').getAttribute('aria-pressed')).resolves.toBe('true');
  });

  it('the physical key (`speechKey`) turns speech on', async () => {
    await freshAtHome();
    await ui.page.keyboard.press('F9');
    await untilHeard(RU['speech.on']);
    await expect(ui.page.getByTestId('access-speech').getAttribute('aria-pressed')).resolves.toBe('true');
  });

  it('the session’s end turns speech off and the volume back to the safe level', async () => {
    await freshAtHome();
    await speechOn();
    await choose('home-ticket', heard().find((text) => text.startsWith('Взять талон')) ?? 'Взять талон');
    await ui.page.getByTestId('screen-categories').waitFor();
    const settings = speech.volume.settings.length;
    await choose('nav-home', 'На главную');
    await ui.page.getByTestId('screen-home').waitFor();
    await eventually(() => speech.volume.settings.length > settings, 'the volume set');
    expect(speech.volume.settings.at(-1)).toBe(45);
    await expect(ui.page.getByTestId('access-speech').getAttribute('aria-pressed')).resolves.toBe('false');
  });
});
