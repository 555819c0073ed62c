import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContentView, fail, type KioskInfo } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { APP_INFO, CATALOGUE, ok } from '../support/journey-fixtures';
import type { HarnessMount } from '../support/journey-harness-types';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';

/** The whole page's `kiosk.info` with a long idle time, so no reset cuts a dialog short. */
const INFO: KioskInfo = { ...APP_INFO, idleResetSeconds: 600 };

const REMOTE: KioskInfo = { ...INFO, accessibility: { ...INFO.accessibility, staffOnSite: false } };

const OFFICE_PHONE = '+7 (3532) 00-00-00';
const CONTENT: ContentView = {
  announcements: [],
  texts: {},
  attract: [],
  office: { address: 'с. Берёзовка', phone: OFFICE_PHONE, hours: {} },
} as unknown as ContentView;

/**
 * «Позвать сотрудника» on the whole kiosk page in Chromium, on a fake KioskApi: the request names
 * the screen on display (its test id, never what was typed), the visitor reads «Сотрудник подойдёт»
 * with those waiting before them, or where to turn when the hub cannot be reached; where no staff
 * are on site, the call-back's number typed on the big digit keys, and when to expect the call.
 */
describe('the help button on the kiosk page', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium();
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function mountApp(info: KioskInfo, more: HarnessMount['canned'] = {}) {
    await ui.mount({
      app: true,
      canned: {
        'kiosk.info': ok(info),
        'tickets.catalogue': ok(CATALOGUE),
        'content.current': ok(CONTENT),
        'content.healthy': ok({ accepted: true }),
        ...more,
      },
    });
    await ui.screen('screen-home');
  }

  const dialog = () => ui.page.getByTestId('help-dialog');
  const title = () => ui.page.getByTestId('help-title').textContent();

  it('sends the screen on display, never what was typed, and shows «Сотрудник подойдёт» with those ahead and the queue', async () => {
    await mountApp(INFO);
    await ui.page.getByTestId('home-status').click();
    await ui.screen('screen-status');
    await ui.page.getByTestId('keypad-mode-digits').click();
    for (const digit of '9137528146') await ui.page.getByTestId(`keypad-key-${digit}`).click();

    await ui.page.getByTestId('access-help').click();
    await dialog().waitFor();
    expect(await title()).toBe('Зовём сотрудника…');
    expect(await ui.calls('help.request')).toEqual([{ name: 'help.request', input: { screen: 'screen-status' } }]);
    expect(JSON.stringify(await ui.calls('help.request'))).not.toContain('9137528146');
    await ui.answer('help.request', ok({ ahead: 2, waiting: 5 }));
    await ui.page.locator('[data-testid="help-title"]', { hasText: 'Сотрудник подойдёт' }).waitFor();
    expect(await ui.page.getByTestId('help-ahead').textContent()).toContain('Ждут помощи перед вами: 2');
    expect(await ui.page.getByTestId('help-queue').textContent()).toBe('В очереди к окнам сейчас 5 человек.');

    await ui.page.getByTestId('help-close').click();
    await dialog().waitFor({ state: 'detached' });
    await ui.screen('screen-status');
  });

  it("tells the office queue's size in the visitor's language and its plural forms, and nothing of it when the hub does not count it", async () => {
    await mountApp(INFO);
    /** Opens the dialog, answers the request with `answer`, and gives what the queue's line says (null: no line). */
    async function queueLine(answer: { ahead: number; waiting?: number }): Promise<string | null> {
      await ui.page.getByTestId('access-help').click();
      await ui.answer('help.request', ok(answer));
      await ui.page.getByTestId('help-ahead').waitFor();
      const line = ui.page.getByTestId('help-queue');
      const text = (await line.count()) === 0 ? null : await line.textContent();
      await ui.page.getByTestId('help-close').click();
      await dialog().waitFor({ state: 'detached' });
      return text;
    }
    expect(await queueLine({ ahead: 0, waiting: 1 })).toBe('В очереди к окнам сейчас 1 человек.');
    expect(await queueLine({ ahead: 0, waiting: 3 })).toBe('В очереди к окнам сейчас 3 человека.');
    expect(await queueLine({ ahead: 0, waiting: 12 })).toBe('В очереди к окнам сейчас 12 человек.');
    expect(await queueLine({ ahead: 0, waiting: 21 })).toBe('В очереди к окнам сейчас 21 человек.');
    expect(await queueLine({ ahead: 0, waiting: 0 })).toBe('В очереди к окнам сейчас никого нет.');
    // A hub older than the count: the help requests alone, no empty line.
    expect(await queueLine({ ahead: 1 })).toBeNull();
    await ui.page.getByTestId('access-language-en').click();
    expect(await queueLine({ ahead: 0, waiting: 1 })).toBe('In the queue for the windows now: 1 person.');
    expect(await queueLine({ ahead: 0, waiting: 4 })).toBe('In the queue for the windows now: 4 people.');
    await ui.page.getByTestId('access-language-tt').click();
    expect(await queueLine({ ahead: 0, waiting: 4 })).toBe('Хәзер тәрәзәләргә чиратта 4 кеше.');
  });

  it('tells the visitor to go to the reception desk when the hub cannot be reached, and that staff were called already when limited', async () => {
    await mountApp(INFO);
    await ui.page.getByTestId('access-help').click();
    expect(await ui.calls('help.request')).toEqual([{ name: 'help.request', input: { screen: 'screen-home' } }]);
    await ui.answer('help.request', fail('hub_unreachable', 'down'));
    await ui.page.getByText('Не получилось позвать сотрудника').waitFor();
    expect(await ui.page.getByTestId('help-elsewhere').textContent()).toContain('стойке администратора');
    await ui.page.getByTestId('help-close').click();

    // Too many from this kiosk: staff were called already.
    await ui.page.getByTestId('access-help').click();
    await ui.answer('help.request', fail('rate_limited', 'too many'));
    await ui.page.getByText('Сотрудника уже позвали с этого терминала', { exact: false }).waitFor();
  });

  it('where no staff are on site: a call-back to the number typed on the digit keys, and when to expect it', async () => {
    await mountApp(REMOTE);
    await ui.page.getByTestId('access-help').click();
    await ui.page.getByText('Вам перезвонят').waitFor();
    const confirm = ui.page.getByTestId('help-callback-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    const keys = dialog();
    for (const digit of '9123456789') await keys.getByTestId(`keypad-key-${digit}`).click();
    expect(await ui.page.getByTestId('help-phone').textContent()).toBe('+7 912 345-67-89');
    expect(await ui.calls('help.request')).toEqual([]);
    await confirm.click();
    await ui.page.getByText('Передаём номер…').waitFor();
    expect(await ui.calls('help.callback')).toEqual([
      { name: 'help.callback', input: { screen: 'screen-home', phone: '9123456789' } },
    ]);
    await ui.answer('help.callback', ok({ outcome: 'queued', ahead: 1, expectedWithinMinutes: 15 }));
    await ui.page.getByText('Ждите звонка').waitFor();
    expect(await ui.page.getByTestId('help-queued').textContent()).toBe(
      'Специалист позвонит на номер +7 912 345-67-89 в течение 15 мин.',
    );
    await ui.page.getByTestId('help-close').click();

    // Opened again: the last number is gone; the hub unreachable: the office's phone instead, nothing queued.
    await ui.page.getByTestId('access-help').click();
    expect(await ui.page.getByTestId('help-phone').textContent()).toBe('+7');
    for (const digit of '9001112233') await keys.getByTestId(`keypad-key-${digit}`).click();
    await confirm.click();
    await ui.answer('help.callback', fail('hub_unreachable', 'down'));
    await ui.page.getByText('Не получилось позвать сотрудника').waitFor();
    expect(await ui.page.getByTestId('help-elsewhere').textContent()).toBe(
      `Позвоните, пожалуйста, в центр: ${OFFICE_PHONE}`,
    );
  });

  it('is modal: the page under the dialog takes no focus, and voice guidance speaks the dialog alone', async () => {
    await mountApp(INFO, {
      'help.request': ok({ ahead: 0 }),
      'speech.state': ok({ headphones: 'unknown' }),
      'speech.say': ok({ withheld: 0 }),
      'speech.stop': ok({}),
    });
    await ui.page.getByTestId('access-speech').click();
    // Speech on: the first touch on a control names it, the second presses it.
    await ui.page.getByTestId('access-help').click();
    await ui.page.getByTestId('access-help').click();
    await ui.page.locator('[data-testid="help-title"]', { hasText: 'Сотрудник подойдёт' }).waitFor();

    const takesFocus = (testId: string) =>
      ui.page.evaluate(`(() => {
        const element = document.querySelector('[data-testid="${testId}"]');
        element.focus();
        return document.activeElement === element;
      })()`);
    expect(await takesFocus('home-status')).toBe(false);
    expect(await takesFocus('access-larger')).toBe(false);
    expect(await takesFocus('help-close')).toBe(true);

    const screensSpoken = async () =>
      (await ui.calls('speech.say'))
        .map((call) => call.input as { parts: { text: string }[]; what: string })
        .filter((input) => input.what === 'screen')
        .map((input) => input.parts.map((part) => part.text));
    await eventually(
      async () => (await screensSpoken()).at(-1)?.includes('Сотрудник подойдёт') === true,
      'the dialog spoken',
    );
    const dialogSpoken = (await screensSpoken()).at(-1) ?? [];
    expect(dialogSpoken).toContain('Закрыть');
    expect(dialogSpoken.join(' ')).not.toContain('Взять талон');

    await ui.page.getByTestId('help-close').click();
    await ui.page.getByTestId('help-close').click();
    await dialog().waitFor({ state: 'detached' });
    expect(await takesFocus('home-status')).toBe(true);
  });

  it('closes the dialog and forgets the number when the page ends the session itself (no `session.reset` came)', async () => {
    await mountApp(REMOTE);
    await ui.page.getByTestId('access-help').click();
    for (const digit of '912') await dialog().getByTestId(`keypad-key-${digit}`).click();
    // The warning's countdown has run out and the main side's reset never comes (its connection
    // lost): the page returns home by itself, a new visitor's session with no `session.reset`.
    await ui.emit('session.idleWarning', { secondsLeft: 0 });
    await ui.page.getByTestId('idle-warning').waitFor({ state: 'detached', timeout: 15_000 });
    // The return home may come a render after the warning goes: wait for it (the old page never closed it).
    await dialog().waitFor({ state: 'detached', timeout: 15_000 });
    // An idle reset all the same: the attract loop starts at once, and a touch ends it.
    await ui.page.getByTestId('attract-loop').waitFor();
    await ui.page.mouse.click(540, 960);
    await ui.page.getByTestId('input-shield').waitFor({ state: 'detached' });
    await ui.page.getByTestId('access-help').click();
    expect(await ui.page.getByTestId('help-phone').textContent()).toBe('+7');
  });

  it('closes the dialog and forgets the number at the session reset', async () => {
    await mountApp(REMOTE);
    await ui.page.getByTestId('access-help').click();
    for (const digit of '912') await dialog().getByTestId(`keypad-key-${digit}`).click();
    await ui.emit('session.reset', { reason: 'idle', sessionId: 's2' });
    await dialog().waitFor({ state: 'detached' });
    // The idle reset starts the attract loop at once: a touch ends it, and presses nothing beneath.
    await ui.page.getByTestId('attract-loop').waitFor();
    await ui.page.mouse.click(540, 960);
    await ui.page.getByTestId('input-shield').waitFor({ state: 'detached' });
    await ui.page.getByTestId('access-help').click();
    expect(await ui.page.getByTestId('help-phone').textContent()).toBe('+7');
  });
});
