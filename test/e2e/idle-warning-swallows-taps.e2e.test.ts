import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { KIOSK_VIEWPORT, type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';
import { ManualSessionClock } from '../support/manual-session-clock';
import { TEST_STEP_DELAY_MS, terminalReady, terminalSimulator } from '../support/payments';

/** The session's timings; the warning itself is fired by the test through the session's clock. */
const SESSION = { idleResetSeconds: 60, idleWarningSeconds: 15 };

/** How long after the touch whatever leaked of it is given to show on the screen beneath. */
const LEAK_SHOWS_WITHIN_MS = 400;

/** A point of the screen the visitor touches while «Вы ещё здесь?» is up. */
interface Point {
  name: string;
  x: number;
  y: number;
}

/** One way of touching the screen through the warning. */
type Touch = { kind: 'mouse' | 'touch'; point: Point } | { kind: 'key'; key: string };

/** A screen under the warning: how to reach it, what «nothing changed» means on it, and the control beneath. */
interface ScreenUnder {
  name: string;
  /** From wherever the page is, opens this screen with its starting state. */
  open(): Promise<void>;
  /** What a leaked touch would change: the screen shown, what is typed, what the devices did. */
  state(): Promise<unknown>;
  /** The control of the screen a leaked touch would press (focused beneath for the key presses). */
  control: string;
}

/**
 * «Вы ещё здесь?» must swallow the touch that dismisses it, whole (pointerdown through click, touch
 * and mouse, and keys), and nothing beneath it may be reachable while it is up. Real Chromium with
 * a touch screen; the warning comes from the main side's session, whose clock the test runs.
 */
describe('the idle warning swallows the touch that dismisses it', () => {
  const clock = new ManualSessionClock(SESSION.idleResetSeconds * 1000);
  let ui: KioskInChromium;
  let page: Page;

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: SESSION,
      sessionClock: clock,
      touch: true,
      adjust: (config) => {
        config.devices.paymentTerminal = {
          kind: 'zvt',
          connection: { kind: 'simulated', transport: 'serial', stepDelayMs: TEST_STEP_DELAY_MS },
        };
      },
      beforeBrowser: (started) => terminalReady(started.core),
    });
    page = ui.page;
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Which of these screens is shown (a leaked tap moves the journey on). */
  async function shownScreen(): Promise<string> {
    const shown = await page.locator('[data-testid^="screen-"]').first().getAttribute('data-testid');
    return shown ?? 'none';
  }

  /** Back home from wherever a leaked tap took the journey (a ticket printing, a payment at the card). */
  async function home(): Promise<void> {
    await page.locator('[data-testid="screen-home"], [data-testid="nav-home"]').first().waitFor({ timeout: 20_000 });
    await ui.goHome();
    await page.getByTestId('screen-home').waitFor();
  }

  const confirm: ScreenUnder = {
    name: 'the ticket confirm screen',
    control: 'ticket-confirm',
    open: async () => {
      await home();
      await page.getByTestId('home-ticket').click();
      await page.getByTestId('category-passports').click();
      await page.getByTestId('service-passport-rf').click();
      await page.getByTestId('screen-confirm').waitFor();
    },
    state: async () => ({ screen: await shownScreen(), paper: ui.printer().tickets.length }),
  };

  const keypad: ScreenUnder = {
    name: 'the status number keypad',
    control: 'keypad-key-1',
    open: async () => {
      await home();
      await page.getByTestId('home-status').click();
      await page.getByTestId('screen-status').waitFor();
      await page.getByTestId('keypad-key-К').click();
      await page.getByTestId('keypad-key-2').click();
    },
    state: async () => ({
      screen: await shownScreen(),
      typed:
        (await page.getByTestId('status-number-display').count()) > 0 ? await ui.text('status-number-display') : null,
    }),
  };

  const payment: ScreenUnder = {
    name: 'the payment confirm screen',
    control: 'pay-confirm',
    open: async () => {
      await home();
      await page.getByTestId('home-pay').click();
      await page.getByTestId('pay-choose-list').click();
      await page.getByTestId('fee-passport-rf').click();
      await page.getByTestId('screen-pay-confirm').waitFor();
    },
    state: async () => ({
      screen: await shownScreen(),
      authorisations: terminalSimulator(ui.kiosk.core).received.filter((command) =>
        ['authorisation', 'pre_authorisation'].includes(command.type),
      ).length,
    }),
  };

  /**
   * The five points of the overlay: the centre of «Да, продолжить», beside it (on the card, over
   * what lies beneath), two corners of the dimmed background (the bottom one over «На главную»),
   * and the centre of the screen's own control beneath.
   */
  async function fivePoints(control: string): Promise<Point[]> {
    const button = await page.getByTestId('idle-continue').boundingBox();
    const beneath = await page.getByTestId(control).boundingBox();
    if (!button || !beneath) throw new Error('the warning’s button and the control beneath should be laid out');
    const { width, height } = KIOSK_VIEWPORT;
    return [
      { name: 'the centre of «Да, продолжить»', x: button.x + button.width / 2, y: button.y + button.height / 2 },
      { name: 'beside «Да, продолжить»', x: button.x + button.width + 40, y: button.y + 30 },
      { name: 'the top-left corner', x: 12, y: 12 },
      { name: 'the bottom-right corner', x: width - 50, y: height - 50 },
      { name: `over ${control}`, x: beneath.x + beneath.width / 2, y: beneath.y + beneath.height / 2 },
    ];
  }

  /** The centre of a control, where a finger would tap it. */
  async function centreOf(testId: string): Promise<[number, number]> {
    const box = await page.getByTestId(testId).boundingBox();
    if (!box) throw new Error(`${testId} should be laid out`);
    return [box.x + box.width / 2, box.y + box.height / 2];
  }

  /** Raises the warning from the main side, touches the screen once, and waits until it is over. */
  async function touchThroughWarning(under: ScreenUnder, touch: Touch): Promise<void> {
    if (touch.kind === 'key') await page.getByTestId(under.control).focus();
    clock.fireIdleWarning();
    await page.getByTestId('idle-warning').waitFor();
    const armed = clock.armed;
    const touchedAt = Date.now();
    if (touch.kind === 'touch') await page.touchscreen.tap(touch.point.x, touch.point.y);
    if (touch.kind === 'mouse') await page.mouse.click(touch.point.x, touch.point.y);
    if (touch.kind === 'key') await page.keyboard.press(touch.key);
    // Dismissed, and the session goes on: the touch reached the main side, which counts again.
    await page.getByTestId('idle-warning').waitFor({ state: 'detached', timeout: 5000 });
    await eventually(() => clock.armed > armed, 'session.activity from the touch that dismissed the warning', 5000);
    await page.getByTestId('input-shield').waitFor({ state: 'detached', timeout: 5000 });
    // Whatever a leaked click or key started would be on the screen by now (the shield stays up
    // longer than this after the touch: the fixed page waits no more).
    await page.waitForTimeout(Math.max(0, touchedAt + LEAK_SHOWS_WITHIN_MS - Date.now()));
  }

  /** Every touch at the five points (mouse and finger) and the keys; the ones that changed the screen beneath. */
  async function leaksUnder(under: ScreenUnder): Promise<string[]> {
    await under.open();
    clock.fireIdleWarning();
    await page.getByTestId('idle-warning').waitFor();
    const points = await fivePoints(under.control);
    await dismissWithShift();
    const touches: Touch[] = [
      ...points.flatMap((point): Touch[] => [
        { kind: 'touch', point },
        { kind: 'mouse', point },
      ]),
      { kind: 'key', key: 'Enter' },
      { kind: 'key', key: ' ' },
    ];
    const leaks: string[] = [];
    let before = await under.state();
    for (const touch of touches) {
      await touchThroughWarning(under, touch);
      const after = await under.state();
      if (JSON.stringify(after) === JSON.stringify(before)) continue;
      const how = touch.kind === 'key' ? `key «${touch.key}»` : `${touch.kind} at ${touch.point.name}`;
      leaks.push(`${how}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      await under.open();
      before = await under.state();
    }
    return leaks;
  }

  /** Dismisses the warning with a key that types nothing and presses nothing. */
  async function dismissWithShift(): Promise<void> {
    await page.keyboard.press('Shift');
    await page.getByTestId('idle-warning').waitFor({ state: 'detached' });
    await page.getByTestId('input-shield').waitFor({ state: 'detached', timeout: 5000 });
  }

  it('on the ticket confirm screen: no ticket is issued or printed, the visitor stays on the screen', async () => {
    expect(await leaksUnder(confirm)).toEqual([]);
  });

  it('on the status keypad: nothing is typed into the application number', async () => {
    expect(await leaksUnder(keypad)).toEqual([]);
  });

  it('on the payment confirm screen: no card payment starts', async () => {
    expect(await leaksUnder(payment)).toEqual([]);
  });

  it('keeps everything beneath out of reach while it is up, and gives the page back after the touch', async () => {
    await keypad.open();
    await page.getByTestId('keypad-key-1').focus();
    clock.fireIdleWarning();
    await page.getByTestId('idle-warning').waitFor();
    // The key focused beneath has lost the focus (a key press cannot reach it)…
    const focusedBeneath = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } | null } })
        .document;
      return doc.activeElement?.closest('[data-testid="screen-status"]') != null;
    });
    expect(focusedBeneath).toBe(false);
    // …and a pointer cannot reach it, though it is enabled.
    await expect(page.getByTestId('keypad-key-1').isEnabled()).resolves.toBe(true);
    const blocked = await page
      .getByTestId('keypad-key-1')
      .click({ trial: true, timeout: 500 })
      .then(() => false)
      .catch(() => true);
    expect(blocked).toBe(true);
    await dismissWithShift();
    expect(await ui.text('status-number-display')).toBe('К2');
    // Once the touch that answered the warning is over, the next one is the visitor's.
    await page.touchscreen.tap(...(await centreOf('keypad-key-3')));
    await page.getByTestId('keypad-key-1').click();
    expect(await ui.text('status-number-display')).toBe('К231');
  });
});
