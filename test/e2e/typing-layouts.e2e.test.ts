import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/** Demo applications of the embedded hub (hub/db/demo-seed.ts): Cyrillic letters, then Latin ones. */
const READY = 'КУВД-001/2021-3670443';
const IN_PROGRESS = 'PKPVDMFC-2021-01-28-548444';

/**
 * Typing letters in both layouts (А Б В … and ЙЦУКЕН / QWERTY) end to end: real Chromium → the
 * browser host → the status service → the real hub with its demo data. The layout lasts for the
 * visitor's session; the region's letters (Tatar in the default config) show while Tatar is chosen.
 */
describe('letter layouts on the status keypad in Chromium through the browser host and a real hub', () => {
  let ui: KioskInChromium;

  beforeAll(async () => {
    ui = await startKioskInChromium({ session: { idleResetSeconds: 120, idleWarningSeconds: 10 } });
  });

  afterAll(async () => {
    await ui?.close();
  });

  const pad = () => ui.page.getByTestId('letter-pad');

  /** The letters of the pad, row by row as drawn (a phone layout's rows; an alphabetical pad is one). */
  async function padRows(): Promise<string[]> {
    const rows = pad().locator('.letter-row');
    if ((await rows.count()) === 0) return [(await pad().locator('button').allTextContents()).join('')];
    return (await rows.all())
      .map(async (row) => (await row.locator('button').allTextContents()).join(''))
      .reduce(async (all, row) => [...(await all), await row], Promise.resolve([] as string[]));
  }

  /** Types a number on the keypad as a visitor would: Latin letters one tap away, then back. */
  async function typeNumber(text: string) {
    for (const char of text) {
      if (/[A-Z]/u.test(char) && (await pad().getAttribute('aria-label')) !== 'Латинские буквы') {
        await ui.page.getByTestId('keypad-mode-latin').click();
      }
      if (/[А-ЯЁ]/u.test(char) && (await pad().getAttribute('aria-label')) !== 'Русские буквы') {
        await ui.page.getByTestId('keypad-mode-cyrillic').click();
      }
      await ui.page.getByTestId(`keypad-key-${char}`).click();
    }
  }

  async function searchAndExpect(headline: string) {
    await ui.page.getByTestId('status-search').click();
    await ui.page.getByTestId('screen-status-result').waitFor();
    expect(await ui.text('status-headline')).toContain(headline);
  }

  it('finds a number typed in alphabetical order, the layout a session starts with', async () => {
    await ui.page.getByTestId('home-status').click();
    await ui.page.getByTestId('screen-status').waitFor();
    expect(await pad().getAttribute('data-layout')).toBe('alphabetical');
    expect(await ui.page.getByTestId('keypad-layout-alphabetical').getAttribute('aria-pressed')).toBe('true');
    expect(await padRows()).toEqual(['АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ']);
    await typeNumber(READY);
    expect(await ui.text('status-number-display')).toBe(READY);
    await searchAndExpect('Документы готовы');
  });

  it('finds numbers typed on ЙЦУКЕН and on QWERTY, and keeps the layout for the rest of the session', async () => {
    await ui.page.getByTestId('status-new-search').click();
    await ui.page.getByTestId('screen-status').waitFor();
    await ui.page.getByTestId('keypad-layout-jcuken').click();
    await ui.page.locator('[data-testid="letter-pad"][data-layout="jcuken"]').waitFor();
    expect(await padRows()).toEqual(['ЙЦУКЕНГШЩЗХ', 'ФЫВАПРОЛДЖЭ', 'ЯЧСМИТЬБЮЪЁ']);
    expect(await ui.text('keypad-layout-jcuken')).toBe('ЙЦУКЕН');
    await ui.screenshot('e2e-typing-jcuken');
    await typeNumber(READY);
    await searchAndExpect('Документы готовы');

    // The same session: back on the keypad, still ЙЦУКЕН; the Latin letters are QWERTY.
    await ui.page.getByTestId('status-new-search').click();
    await ui.page.getByTestId('screen-status').waitFor();
    expect(await pad().getAttribute('data-layout')).toBe('jcuken');
    await ui.page.getByTestId('keypad-mode-latin').click();
    expect(await padRows()).toEqual(['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM']);
    expect(await ui.text('keypad-layout-jcuken')).toBe('QWERTY');
    await ui.screenshot('e2e-typing-qwerty');
    await typeNumber(IN_PROGRESS);
    expect(await ui.text('status-number-display')).toBe(IN_PROGRESS);
    await searchAndExpect('Заявление рассматривается');

    // Landscape screens take the phone rows beside the digits, each key still a full target.
    await ui.page.getByTestId('status-new-search').click();
    await ui.page.setViewportSize({ width: 1920, height: 1080 });
    await ui.page.getByTestId('keypad-mode-cyrillic').click();
    const key = await ui.page.getByTestId('keypad-key-Й').boundingBox();
    expect(key?.width).toBeGreaterThanOrEqual(88);
    await ui.screenshot('e2e-typing-jcuken-landscape');
    await ui.page.setViewportSize({ width: 1080, height: 1920 });
    const portraitKey = await ui.page.getByTestId('keypad-key-Й').boundingBox();
    expect(portraitKey?.width).toBeGreaterThanOrEqual(88);

    // «На главную» ends the session: the next visitor starts with the alphabet again.
    await ui.page.getByTestId('nav-home').click();
    await ui.page.getByTestId('home-status').click();
    expect(await pad().getAttribute('data-layout')).toBe('alphabetical');
  });

  it('shows Tatar’s letters only while Tatar is chosen, in both layouts', async () => {
    expect(await ui.page.getByTestId('keypad-key-Ә').count()).toBe(0);
    // Tatar chosen among the access bar's languages.
    await ui.page.getByTestId('access-language-tt').click();
    await ui.page.locator('.app[lang="tt"]').waitFor();
    await expect(ui.page.locator('.app').getAttribute('lang')).resolves.toBe('tt');
    expect((await padRows()).join('')).toContain('ӘӨҮҖҢҺ');
    await ui.page.getByTestId('keypad-layout-jcuken').click();
    expect(await padRows()).toEqual(['ЙЦУКЕНГШЩЗХ', 'ФЫВАПРОЛДЖЭ', 'ЯЧСМИТЬБЮЪЁ', 'ӘӨҮҖҢҺ']);
    await ui.screenshot('e2e-typing-jcuken-tatar');
    await ui.page.getByTestId('keypad-key-Ә').click();
    expect(await ui.text('status-number-display')).toBe('Ә');
    // Latin letters never carry them.
    await ui.page.getByTestId('keypad-mode-latin').click();
    expect(await ui.page.getByTestId('keypad-key-Ә').count()).toBe(0);
  });
});
