import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WireCall, WireFromHost } from '../../kiosk-config/src/index';
import { launchChromium } from '../support/chromium';
import { KIOSK_VIEWPORT } from '../support/kiosk-in-chromium';
import { type KioskUnderTest, startKioskUnderTest } from '../support/kiosk-under-test';

/** How long the test holds back the answer to `kiosk.info`: a host still starting, a slow link. */
const INFO_DELAY_MS = 1500;
/** The default config's office and zone. */
const OFFICE_NAME = 'МФЦ «Мои Документы», с. Берёзовка';
const OFFICE_ZONE = 'Europe/Moscow';
/** The browser's own zone: far from the office's, so a clock on the machine's zone shows. */
const BROWSER_ZONE = 'Asia/Kamchatka';
/** The header's clock ticks every 10 s: what it shows may be that much older than the frame. */
const CLOCK_TICK_MS = 10_000;

/** One frame of the page, recorded by the page itself on every change of the DOM. */
interface Frame {
  at: number;
  text: string;
  splash: boolean;
  officeName: string | null;
  clock: string | null;
}

/** The little of the page's DOM the recorder uses (this file is type-checked without the DOM's types). */
interface FramesPage {
  document: {
    body: { textContent: string | null } | null;
    querySelector(selector: string): { textContent: string | null } | null;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: object, options: { childList: boolean; subtree: boolean; characterData: boolean }): void };
  oknoFrames?: Frame[];
}

/** Records every DOM change from the first one (runs in the page before its scripts). */
function recordFrames() {
  const page = globalThis as unknown as FramesPage;
  const frames: Frame[] = [];
  page.oknoFrames = frames;
  const record = () =>
    frames.push({
      at: Date.now(),
      text: (page.document.body?.textContent ?? '').trim(),
      splash: page.document.querySelector('[data-testid="splash"]') !== null,
      officeName: page.document.querySelector('[data-testid="office-name"]')?.textContent ?? null,
      clock: page.document.querySelector('.clock-time')?.textContent ?? null,
    });
  new page.MutationObserver(record).observe(page.document, { childList: true, subtree: true, characterData: true });
}

const officeTime = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone: OFFICE_ZONE });

describe('the first frames of the kiosk screen, before kiosk.info has arrived', () => {
  let kiosk: KioskUnderTest;
  let browser: Browser;
  let frames: Frame[];

  beforeAll(async () => {
    kiosk = await startKioskUnderTest(undefined, {
      adjust: (config) => {
        config.devices = { printer: null, scanner: null, documentReader: null, paymentTerminal: null };
      },
    });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: KIOSK_VIEWPORT, timezoneId: BROWSER_ZONE });
    // Between the page and the host: every message passes, but the answer to `kiosk.info` late.
    await page.routeWebSocket(/\/api\?/, (socket) => {
      const host = socket.connectToServer();
      const infoCalls = new Set<number>();
      socket.onMessage((message) => {
        const call = WireCall.safeParse(JSON.parse(String(message)));
        if (call.success && call.data.name === 'kiosk.info') infoCalls.add(call.data.id);
        host.send(message);
      });
      host.onMessage((message) => {
        const answer = WireFromHost.safeParse(JSON.parse(String(message)));
        if (answer.success && answer.data.type === 'result' && infoCalls.has(answer.data.id)) {
          setTimeout(() => socket.send(message), INFO_DELAY_MS);
        } else {
          socket.send(message);
        }
      });
    });
    await page.addInitScript(recordFrames);
    await page.goto(kiosk.host.url);
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId('office-name').waitFor();
    frames = await page.evaluate(() => (globalThis as unknown as FramesPage).oknoFrames ?? []);
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.close();
  });

  it('shows the splash while kiosk.info is on its way', () => {
    const waiting = frames.filter((frame) => frame.officeName === null && frame.text !== '');
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((frame) => frame.splash)).toBe(true);
  });

  it('never shows a generic office name', () => {
    expect(frames.filter((frame) => frame.text.includes('Центр государственных услуг'))).toEqual([]);
    const named = frames.filter((frame) => frame.officeName !== null).map((frame) => frame.officeName);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([OFFICE_NAME]));
  });

  it("never shows a time other than the office's", () => {
    const clocks = frames.filter((frame) => frame.clock !== null);
    expect(clocks.length).toBeGreaterThan(0);
    for (const frame of clocks) {
      const shown = [officeTime.format(frame.at), officeTime.format(frame.at - CLOCK_TICK_MS)];
      expect(shown, `the clock at ${new Date(frame.at).toISOString()}`).toContain(frame.clock);
    }
  });
});
