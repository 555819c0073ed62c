import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConsoleUser, enrollKioskIn, printer, reportDevices } from '../../hub/console/console-test-support';
import { startTestHub, type TestHub, type TestKiosk } from '../../hub/test/hub-test-support';
import { launchChromium } from '../support/chromium';

const PASSWORD = 'a technician password';

/**
 * The web console end to end: real Chromium, the real hub on a SQLite file over HTTP on
 * 127.0.0.1. A kiosk's printer reports paper near end through its outbox; the alert appears on
 * the open alerts page by itself (its live refresh), a technician acknowledges it, the paper is
 * loaded, the alert closes; then sign-out. No CSP violation, no script error on the way.
 */
describe('the web console in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let kiosk: TestKiosk;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
    await addConsoleUser(hub, 'tech', 'technician', PASSWORD);
    kiosk = await enrollKioskIn(hub, 'kiosk-console-1', 'mfc-demo-01');
    await reportDevices(hub, kiosk, [printer([])]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it('signs in, shows the fleet, raises and acknowledges an alert, closes it, signs out', async () => {
    await page.goto(`${hub.url}/console`);
    await page.getByRole('heading', { name: 'Вход в консоль' }).waitFor();
    await page.getByLabel('Имя пользователя').fill('tech');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();

    await page.getByRole('heading', { name: 'Терминалы' }).waitFor();
    const fleet = page.locator('main');
    await expect.poll(() => fleet.textContent()).toContain('kiosk-console-1');
    expect(await fleet.textContent()).toContain('МФЦ «Мои Документы», с. Берёзовка');
    expect(await page.locator('header').textContent()).not.toContain('Платежи');

    await page.getByRole('link', { name: 'Тревоги' }).click();
    await page.getByRole('heading', { name: 'Тревоги' }).waitFor();
    await page.getByText('Открытых тревог нет.').waitFor();

    // The kiosk's printer runs low: the page shows it without a reload.
    await reportDevices(hub, kiosk, [printer(['paper_near_end'])]);
    const alertRow = page.getByRole('row').filter({ hasText: 'Принтер: бумага скоро закончится' });
    await alertRow.waitFor({ timeout: 15_000 });
    await alertRow.getByRole('button', { name: 'Принять' }).click();
    await page.getByText('принята: tech').waitFor();
    const [alert] = await hub.console.fleet.listAlerts();
    expect(alert).toMatchObject({ rule: 'paper_near_end', acknowledgedBy: 'tech' });

    // Paper loaded: the alert closes, and the page says so by itself.
    await reportDevices(hub, kiosk, [printer([])]);
    await page.getByText('Открытых тревог нет.').waitFor({ timeout: 15_000 });

    await page.goto(`${hub.url}/console/kiosks/kiosk-console-1`);
    await page.getByRole('heading', { name: 'Терминал kiosk-console-1' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('device.changed');

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByRole('heading', { name: 'Вход в консоль' }).waitFor();
    await page.goto(`${hub.url}/console/alerts`);
    await page.getByRole('heading', { name: 'Вход в консоль' }).waitFor();

    const actions = hub.console.store.listAudit(20).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['sign_in', 'alert_acknowledged', 'sign_out']));
    expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
    expect(consoleLines.filter((line) => line.startsWith('error') || line.startsWith('pageerror'))).toEqual([]);
  });
});
