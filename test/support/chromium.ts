import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium; Playwright's own browser download does not work on our machines. */
export const CHROMIUM_PATH = process.env.OKNO_TEST_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Launches real headless Chromium (Playwright gives each launch a fresh temporary profile) with no calls home (the test machines
 * have no route out, and background networking would only produce refused connections).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
