import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OFFICE_ID } from '../../hub/db/demo-seed';
import { enrollKiosk, postJson, startTestHub, type TestHub } from '../../hub/test/hub-test-support';
import { launchChromium } from '../support/chromium';

/** An old, small phone: 320 CSS pixels wide, no high-density screen. */
const OLD_PHONE = { width: 320, height: 480 };

describe('the public office load page in real Chromium on a small phone', () => {
  let hub: TestHub;
  let browser: Browser;
  let context: BrowserContext;
  /** What the page wrote to the console (a CSP violation is reported there) and its errors. */
  const logged: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
    const kiosk = await enrollKiosk(hub.url, 'kiosk-load-e2e');
    for (const serviceId of ['passport-rf', 'passport-rf', 'property-extract']) {
      await postJson(`${hub.url}/v1/tickets`, { ticketId: randomUUID(), serviceId }, kiosk.headers);
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: OLD_PHONE, deviceScaleFactor: 1, locale: 'ru-RU' });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await hub?.dispose();
  });

  const open = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (message) => logged.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => logged.push(`pageerror: ${error.message}`));
    const answer = await page.goto(`${hub.url}${path}`);
    expect(answer?.status(), path).toBeLessThan(500);
    return page;
  };
  /** The computed font size (px) of the first element matching `selector` (an expression: no DOM types here). */
  const pixels = async (page: Page, selector: string) =>
    Number(
      await page.evaluate(`parseFloat(getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fontSize)`),
    );

  it('is readable at 320 px: its own stylesheet applies, large type, nothing wider than the screen', async () => {
    const page = await open(`/offices/${DEMO_OFFICE_ID}`);
    await page.getByText('Сейчас в очереди: 3 человека').waitFor();
    await page.getByText('Очередь Б').waitFor();
    await page.getByText('Ожидание сейчас: 20–35 минут').waitFor();
    // The stylesheet passed the CSP (by its hash): without it the type would be the default 16 px.
    expect(await pixels(page, 'body')).toBe(18);
    expect(await pixels(page, 'h1')).toBeGreaterThanOrEqual(24);
    expect(await pixels(page, '.now')).toBeGreaterThanOrEqual(20);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(OLD_PHONE.width);
    expect(logged).toEqual([]);
    await page.close();
  });

  it('runs no script: the page has none, and one slipped in is refused by the CSP', async () => {
    const page = await open(`/offices/${DEMO_OFFICE_ID}`);
    expect(await page.evaluate('document.scripts.length')).toBe(0);
    expect(logged).toEqual([]);
    // The page's own world cannot run script: an injected inline script is blocked, and said so.
    await page.addScriptTag({ content: 'window.okno_ran = true;' }).catch(() => undefined);
    expect(await page.evaluate('window.okno_ran === true')).toBe(false);
    expect(logged.some((line) => line.includes('Content Security Policy'))).toBe(true);
    logged.length = 0;
    await page.close();
  });

  it('leads from the list of offices to an office by a plain link, and says so of an unknown one', async () => {
    const page = await open('/offices');
    expect(await pixels(page, 'h1')).toBeGreaterThanOrEqual(24);
    await page.getByRole('link', { name: 'МФЦ «Мои Документы», с. Берёзовка' }).click();
    await page.waitForURL(`${hub.url}/offices/${DEMO_OFFICE_ID}`);
    await page.getByText('Сейчас в очереди').waitFor();
    const missing = await page.goto(`${hub.url}/offices/mfc-nowhere`);
    expect(missing?.status()).toBe(404);
    await page.getByText('Офис не найден').waitFor();
    // Chromium reports the 404 of the document itself; nothing else.
    expect(logged).toEqual(['error: Failed to load resource: the server responded with a status of 404 (Not Found)']);
    await page.close();
  });
});
