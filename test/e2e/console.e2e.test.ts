import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConsoleUser } from '../../hub/console/console-test-support';
import { launchChromium } from '../support/chromium';
import { eventually } from '../support/eventually';
import { type KioskCoreUnderTest, startKioskCoreUnderTest } from '../support/kiosk-under-test';

const PASSWORD = 'a technician password';
/** The default config's kiosk (kiosk-config/defaults/kiosk.json). */
const KIOSK_ID = 'demo-kiosk-01';

/**
 * The web console end to end: real Chromium; the real hub on a SQLite file over HTTP on
 * 127.0.0.1; a real kiosk core whose simulated printer (on a pseudo-terminal) runs low on paper.
 * The kiosk's health reporter tells the hub through its outbox, the hub's alert rule opens the
 * alert, it appears on the open alerts page by itself (its live refresh), a technician
 * acknowledges it (the fleet store, so the webhook hears of it), paper is loaded, the alert
 * closes. Then a remote command from the kiosk page, run by the kiosk, its result shown; then
 * sign-out. No CSP violation, no script error on the way.
 */
describe('the web console in Chromium', () => {
  let kiosk: KioskCoreUnderTest;
  let browser: Browser;
  let page: Page;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    kiosk = await startKioskCoreUnderTest();
    await addConsoleUser({ console: kiosk.hub.console() }, 'tech', 'technician', PASSWORD);
    // The kiosk has enrolled and told the hub about its devices.
    await eventually(
      async () => (await kiosk.hub.console().fleet.findKiosk(KIOSK_ID))?.devices.length !== 0,
      'devices reported',
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.close();
  });

  it('signs in, shows the fleet, raises and acknowledges a paper alert, closes it', async () => {
    const hubUrl = kiosk.hub.url;
    const simulatedPrinter = kiosk.core.simulators.printer;
    if (!simulatedPrinter) throw new Error('the default config has a simulated printer');

    await page.goto(`${hubUrl}/console`);
    await page.getByRole('heading', { name: 'Вход в консоль' }).waitFor();
    await page.getByLabel('Имя пользователя').fill('tech');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();

    await page.getByRole('heading', { name: 'Терминалы' }).waitFor();
    const fleet = await page.locator('main').textContent();
    expect(fleet).toContain(KIOSK_ID);
    expect(fleet).toContain('МФЦ «Мои Документы», с. Берёзовка');
    expect(await page.locator('header').textContent()).not.toContain('Платежи');

    await page.getByRole('link', { name: 'Тревоги' }).click();
    await page.getByRole('heading', { name: 'Тревоги' }).waitFor();
    await page.getByText('Открытых тревог нет.').waitFor();

    // The printer runs low: the kiosk's device poll sees it, its outbox tells the hub, the page shows it without a reload.
    simulatedPrinter.setState({ paperNearEnd: true });
    const alertRow = page.getByRole('row').filter({ hasText: 'Бумага в принтере талонов заканчивается' });
    await alertRow.waitFor({ timeout: 20_000 });
    await alertRow.getByRole('button', { name: 'Принять' }).click();
    await page.getByText('принята: tech').waitFor();
    const [alert] = await kiosk.hub.console().fleet.listAlerts();
    expect(alert).toMatchObject({ kioskId: KIOSK_ID, rule: 'paper_near_end', acknowledgedBy: 'tech' });
    const stored = await kiosk.hub.fleetStore().findAlert(alert?.alertId ?? '');
    expect(stored).toMatchObject({ acknowledgedBy: 'tech' });

    // Paper loaded: the alert closes, and the page says so by itself.
    simulatedPrinter.setState({ paperNearEnd: false });
    await page.getByText('Открытых тревог нет.').waitFor({ timeout: 20_000 });
    expect((await kiosk.hub.fleetStore().findAlert(alert?.alertId ?? ''))?.closedAt).toBeDefined();

    await page.goto(`${hubUrl}/console/kiosks/${KIOSK_ID}`);
    await page.getByRole('heading', { name: `Терминал ${KIOSK_ID}` }).waitFor();
    await page.getByText('printer: paper_near_end → ok').waitFor({ timeout: 20_000 });
  });

  it('issues a command from the kiosk page and shows its result after the kiosk ran it', async () => {
    await page.goto(`${kiosk.hub.url}/console/kiosks/${KIOSK_ID}`);
    await page.getByRole('heading', { name: `Терминал ${KIOSK_ID}` }).waitFor();
    const state = page.locator('.card.figures');
    expect(await state.textContent()).toContain('работает');

    // Out of service with the form's default advice: the kiosk runs it, acknowledges, and reports its new state.
    await page.getByRole('button', { name: 'Вывести из работы' }).click();
    const commandRow = page.getByRole('row').filter({ hasText: 'Вывести из работы' });
    await commandRow.filter({ hasText: 'выполнена' }).waitFor({ timeout: 20_000 });
    await state.getByText('не работает').waitFor({ timeout: 20_000 });
    expect(kiosk.core.fleet.serviceMode.view).toMatchObject({
      inService: false,
      instead: 'Талон можно получить у сотрудника центра',
    });

    await page.getByRole('button', { name: 'Вернуть в работу' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Вернуть в работу' })
      .filter({ hasText: 'выполнена' })
      .waitFor({ timeout: 20_000 });
    await state.getByText('работает', { exact: true }).waitFor({ timeout: 20_000 });
    expect(kiosk.core.fleet.serviceMode.view.inService).toBe(true);
    expect(consoleLines.filter((line) => line.startsWith('error') || line.startsWith('pageerror'))).toEqual([]);
  });

  it('signs out', async () => {
    const hubUrl = kiosk.hub.url;
    await page.goto(`${hubUrl}/console`);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByRole('heading', { name: 'Вход в консоль' }).waitFor();
    await page.goto(`${hubUrl}/console/alerts`);
    await page.getByRole('heading', { name: 'Вход в консоль' }).waitFor();

    const actions = (await kiosk.hub.console().store.listAudit(20)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['sign_in', 'alert_acknowledged', 'command_issued', 'sign_out']));
    expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
    expect(consoleLines.filter((line) => line.startsWith('error') || line.startsWith('pageerror'))).toEqual([]);
  });
});
