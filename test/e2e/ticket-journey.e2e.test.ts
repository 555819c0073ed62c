import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { launchChromium } from '../support/chromium';
import { type KioskUnderTest, startKioskUnderTest } from '../support/kiosk-under-test';

/**
 * The first journey end to end: real Chromium → browser host (WebSocket, token) → services →
 * ESC/POS driver → real serialport on a PTY → the printer simulator's paper.
 */
describe('ticket journey in Chromium through the browser host', () => {
  let kiosk: KioskUnderTest;
  let browser: Browser;
  let page: Page;
  const artifacts = path.join(findAppRoot().dir, 'test-artifacts');

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    kiosk = await startKioskUnderTest({ idleResetSeconds: 10, idleWarningSeconds: 4 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.goto(kiosk.host.url);
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.close();
  });

  /** Home → «Взять талон» → the passport category → the passport service → confirm screen. */
  async function chooseReplacementPassport() {
    await page.getByTestId('home-ticket').click();
    await page.getByTestId('category-passports').click();
    await page.getByTestId('service-passport-rf').click();
    await page.getByTestId('screen-confirm').waitFor();
  }

  function printerSimulator() {
    const simulator = kiosk.core.simulators.printer;
    if (!simulator) throw new Error('the default config should run a simulated printer');
    return simulator;
  }

  it('shows the Russian home screen with three big buttons', async () => {
    await page.getByTestId('screen-home').waitFor();
    await expect(page.getByTestId('home-status').textContent()).resolves.toContain('Узнать статус заявления');
    await expect(page.getByTestId('home-ticket').textContent()).resolves.toContain('Взять талон');
    await expect(page.getByTestId('home-pay').textContent()).resolves.toContain('Оплатить госпошлину');
    await page.screenshot({ path: path.join(artifacts, 'e2e-home.png') });
  });

  it('takes a ticket and prints it on the simulated printer through the PTY', async () => {
    const ticketPrinted = printerSimulator().waitForTicket(15_000);
    await chooseReplacementPassport();
    await page.getByTestId('ticket-confirm').click();
    await page.getByTestId('screen-ticket-issued').waitFor();
    const number = (await page.getByTestId('ticket-number').textContent())?.trim();
    expect(number).toBe('Б-001');
    await page.screenshot({ path: path.join(artifacts, 'e2e-ticket-issued.png') });

    const paper = await ticketPrinted;
    const text = paper.lines.join('\n');
    // CP866 has no «», so the driver prints straight quotes; the Cyrillic comes through intact.
    expect(text).toContain('МФЦ "Мои Документы", с. Берёзовка');
    expect(text).toContain('Б-001');
    expect(text).toContain('Замена паспорта гражданина РФ');
    expect(text).toMatch(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    expect(paper.cut).toBe(true);
  });

  it('says calmly that the paper ran out, takes no number, and recovers when paper is loaded', async () => {
    await page.getByTestId('nav-home').click();
    await chooseReplacementPassport();
    // The paper runs out while the visitor reads the confirm screen.
    printerSimulator().setState({ paperOut: true });
    await page.getByTestId('ticket-confirm').click();
    await page.getByTestId('screen-ticket-error').waitFor();
    await expect(page.getByTestId('error-message').textContent()).resolves.toMatch(/бумаг/i);

    // Home now says so quietly, and «Взять талон» explains instead of failing again.
    await page.getByTestId('nav-home').click();
    await page.getByTestId('device-warning').waitFor();
    await page.getByTestId('home-ticket').click();
    await page.getByTestId('screen-ticket-unavailable').waitFor();
    await page.getByTestId('nav-home').click();

    // A technician loads paper: the status poll notices and tickets work again.
    printerSimulator().setState({ paperOut: false });
    await page.getByTestId('device-warning').waitFor({ state: 'detached', timeout: 15_000 });
    const ticketPrinted = printerSimulator().waitForTicket(15_000);
    await chooseReplacementPassport();
    await page.getByTestId('ticket-confirm').click();
    await page.getByTestId('screen-ticket-issued').waitFor();
    // The refused attempt spent no number: the next ticket follows Б-001.
    expect((await page.getByTestId('ticket-number').textContent())?.trim()).toBe('Б-002');
    expect((await ticketPrinted).lines.join('\n')).toContain('Б-002');
  });

  it('warns, then returns home and forgets the journey when the visitor walks away', async () => {
    await page.getByTestId('nav-home').click();
    await page.getByTestId('home-ticket').click();
    await page.getByTestId('category-passports').click();
    await page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    await page.getByTestId('screen-home').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('service-passport-rf').count()).resolves.toBe(0);
    await expect(page.getByTestId('idle-warning').count()).resolves.toBe(0);
  });
});
