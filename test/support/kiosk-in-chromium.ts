import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { type KioskUnderTest, type KioskUnderTestOptions, startKioskUnderTest } from './kiosk-under-test';
import { testArtifactsDir } from './test-artifacts';

/** The kiosk's portrait touch screen. */
export const KIOSK_VIEWPORT = { width: 1080, height: 1920 } as const;

/**
 * What an end-to-end test asks of a kiosk shown in Chromium: the session timings, and the rest of
 * `KioskUnderTestOptions` (hub link tuning, config changes, the payment policy).
 */
export interface StartKioskInChromiumOptions extends Omit<KioskUnderTestOptions, 'session'> {
  session: NonNullable<KioskUnderTestOptions['session']>;
  /** Runs once the kiosk and its hub are up, before Chromium opens the page (e.g. to put data into the hub). */
  beforeBrowser?: (kiosk: KioskUnderTest) => Promise<void>;
  /** A touch screen: the page takes `page.touchscreen.tap` (mouse clicks still work). */
  touch?: boolean;
}

/** A kiosk under test (`startKioskUnderTest`) with its UI open in real headless Chromium. */
export interface KioskInChromium {
  kiosk: KioskUnderTest;
  browser: Browser;
  page: Page;
  /** The trimmed text of the element with this `data-testid`. */
  text(testId: string): Promise<string>;
  /** Saves the page as `test-artifacts/<name>.png`. */
  screenshot(name: string): Promise<void>;
  /** From wherever the page is, back to the home screen (through «На главную» unless already there). */
  goHome(): Promise<void>;
  /** The simulated receipt printer of the default config. */
  printer(): NonNullable<KioskUnderTest['core']['simulators']['printer']>;
  /** The simulated serial scanner of the default config. */
  scanner(): NonNullable<KioskUnderTest['core']['simulators']['scanner']>;
  /** Closes Chromium, then the kiosk and its hub. */
  close(): Promise<void>;
}

/**
 * Starts a kiosk under test and opens its UI in Chromium at the kiosk screen's size, waiting for
 * the home screen. The renderer must have been built (`npm test` builds it first).
 */
export async function startKioskInChromium(options: StartKioskInChromiumOptions): Promise<KioskInChromium> {
  const artifacts = await testArtifactsDir();
  const { session, beforeBrowser, touch = false, ...kioskOptions } = options;
  const kiosk = await startKioskUnderTest(session, kioskOptions);
  let browser: Browser | undefined;
  try {
    await beforeBrowser?.(kiosk);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: KIOSK_VIEWPORT, hasTouch: touch });
    await page.goto(kiosk.host.url);
    await page.getByTestId('screen-home').waitFor();
    const opened = browser;
    return {
      kiosk,
      browser: opened,
      page,
      text: async (testId) => ((await page.getByTestId(testId).textContent()) ?? '').trim(),
      screenshot: async (name) => {
        await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
      },
      goHome: async () => {
        if ((await page.getByTestId('screen-home').count()) === 0) await page.getByTestId('nav-home').click();
      },
      printer: () => {
        const simulator = kiosk.core.simulators.printer;
        if (!simulator) throw new Error('the default config should run a simulated printer');
        return simulator;
      },
      scanner: () => {
        const simulator = kiosk.core.simulators.scanner;
        if (!simulator) throw new Error('the default config should run a simulated scanner');
        return simulator;
      },
      close: async () => {
        await opened.close();
        await kiosk.close();
      },
    };
  } catch (error) {
    // Nothing is handed back to close: do it here.
    await browser?.close();
    await kiosk.close();
    throw error;
  }
}
