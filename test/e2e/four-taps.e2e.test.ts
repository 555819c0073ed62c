import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHost, startBrowserHost } from '../../electron/host/host-server';
import { createCallDispatcher } from '../../electron/services/api/call-dispatcher';
import { fixedHandlers, TEST_KIOSK_INFO } from '../../electron/services/api/fixed-handlers';
import { findAppRoot } from '../../electron/services/app-root';
import type { KioskCore } from '../../electron/services/kiosk-core';
import { memoryLogger } from '../../electron/services/test-support';
import { ok } from '../../kiosk-config/src/index';
import { launchChromium } from '../support/chromium';
import { CATALOGUE, FOUND_APPLICATION } from '../support/journey-fixtures';
import { KIOSK_VIEWPORT } from '../support/kiosk-in-chromium';

/** The rule: every journey within this many taps beyond the data typed, in every mode. */
const MOST_TAPS = 4;

/** The modes the access bar offers, each set by its buttons before a journey (those taps are the mode's, not the journey's). */
const MODES: { name: string; buttons: string[] }[] = [
  { name: 'normal', buttons: [] },
  { name: 'larger', buttons: ['access-larger'] },
  { name: 'contrast', buttons: ['access-contrast'] },
  { name: 'low', buttons: ['access-low'] },
  { name: 'English', buttons: ['access-language-en'] },
  { name: 'Tatar', buttons: ['access-language-tt'] },
  // Longer words at a larger size: the modes together, as a visitor may choose them.
  { name: 'larger, English', buttons: ['access-larger', 'access-language-en'] },
  { name: 'larger, Tatar', buttons: ['access-larger', 'access-language-tt'] },
  { name: 'larger, contrast, low', buttons: ['access-larger', 'access-contrast', 'access-low'] },
];

/** The kiosk's two orientations: the cabinet's screen stands upright or lies on its side. */
const VIEWPORTS = [KIOSK_VIEWPORT, { width: 1920, height: 1080 }] as const;

/** A visitor's step: a tap on a control, or data typed on the keys (which the rule does not count). */
type Step = { tap: string } | { type: string };

/** Each journey from the home screen to its end, as a visitor walks it. */
const JOURNEYS: { name: string; steps: Step[]; end: string }[] = [
  {
    name: 'ticket',
    steps: [{ tap: 'home-ticket' }, { tap: 'category-docs' }, { tap: 'service-passport' }, { tap: 'ticket-confirm' }],
    end: 'screen-ticket-issued',
  },
  {
    name: 'booking check-in',
    steps: [{ tap: 'home-booking' }, { type: '12345678' }, { tap: 'booking-submit' }],
    end: 'screen-ticket-issued',
  },
  {
    name: 'status',
    steps: [{ tap: 'home-status' }, { type: 'КУВД-001/2021-3670443' }, { tap: 'status-search' }],
    end: 'screen-status-result',
  },
  {
    name: 'payment from the list',
    steps: [{ tap: 'home-pay' }, { tap: 'pay-choose-list' }, { tap: 'fee-passport-rf' }, { tap: 'pay-confirm' }],
    // From here the card terminal leads (no more taps on the screen) to the result; the fixed
    // terminal ends the payment at once, so the card screen may already have given way.
    end: 'screen-pay-result',
  },
];

/**
 * The 4-tap rule (issue 17): each journey walked from the home screen in real Chromium on the
 * built page served by the browser host with fixed handlers, in each mode of the access bar,
 * counting every tap that is not typing the visitor's data: the journey's buttons, a switch of
 * the keypad's letters, and a «Показать ещё» (or a swipe) to reach a control below the fold.
 */
describe('every journey within 4 taps beyond the data typed, in every mode', () => {
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const { log } = memoryLogger();
    const handlers = fixedHandlers({
      'kiosk.info': async () => ok({ ...TEST_KIOSK_INFO, idleResetSeconds: 600 }),
      'tickets.catalogue': async () => ok(CATALOGUE),
      'status.lookup': async () => ok(FOUND_APPLICATION),
      // The page asks the payment's state soon: it ends (cancelled at the terminal), so the page goes on.
      'payments.start': async () => ok({ paymentId: 'p1', noAnswerMs: 1_000 }),
    });
    const core: KioskCore = {
      info: TEST_KIOSK_INFO,
      dispatch: createCallDispatcher(handlers, log),
      acceptScan: () => {},
      onEvent: () => () => {},
      close: async () => {},
    };
    const rendererDir = path.join(findAppRoot().dir, 'dist', 'renderer');
    host = await startBrowserHost({ core, rendererDir, port: 0, log });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: KIOSK_VIEWPORT });
    await page.goto(host.url);
    await page.getByTestId('screen-home').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  /** Whether the control is on screen where a finger can reach it without scrolling. */
  async function inView(testId: string): Promise<boolean> {
    const box = await page.getByTestId(testId).boundingBox();
    const viewport = page.viewportSize();
    return box !== null && viewport !== null && box.y >= 0 && box.y + box.height <= viewport.height;
  }

  /** A tap on a control, with the taps it takes to bring it into view first; returns how many taps. */
  async function tap(testId: string): Promise<number> {
    await page.getByTestId(testId).waitFor();
    let taps = 0;
    while (!(await inView(testId)) && taps < 5) {
      const more = page.getByTestId('scroll-more');
      if ((await more.count()) === 1) await more.click();
      else await page.getByTestId(testId).scrollIntoViewIfNeeded();
      taps += 1;
    }
    await page.getByTestId(testId).click();
    return taps + 1;
  }

  /** Types data on the keys; only switching the keypad's letters to reach a key counts as a tap. */
  async function type(text: string): Promise<number> {
    let taps = 0;
    for (const char of text) {
      const key = page.getByTestId(`keypad-key-${char}`);
      if ((await key.count()) === 0)
        taps += await tap(/[A-Z]/u.test(char) ? 'keypad-mode-latin' : 'keypad-mode-cyrillic');
      await key.click();
    }
    return taps;
  }

  for (const viewport of VIEWPORTS) {
    for (const mode of MODES) {
      for (const journey of JOURNEYS) {
        const name = `${journey.name}, ${mode.name}, at ${viewport.width}×${viewport.height}`;
        it(name, async () => {
          await page.setViewportSize(viewport);
          if ((await page.getByTestId('screen-home').count()) === 0) await page.getByTestId('nav-home').click();
          await page.getByTestId('screen-home').waitFor();
          for (const button of mode.buttons) await page.getByTestId(button).click();
          let taps = 0;
          for (const step of journey.steps) taps += 'tap' in step ? await tap(step.tap) : await type(step.type);
          await page.getByTestId(journey.end).waitFor({ timeout: 20_000 });
          // Not vacuous: at least the journey's own buttons were counted.
          expect(taps).toBeGreaterThanOrEqual(journey.steps.filter((step) => 'tap' in step).length);
          expect(taps, `${journey.name} in the ${mode.name} mode`).toBeLessThanOrEqual(MOST_TAPS);
        });
      }
    }
  }
});
