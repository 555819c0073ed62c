import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConsoleUser } from '../../hub/console/console-test-support';
import { DEMO_OFFICE_ID } from '../../hub/db/demo-seed';
import { enrollKiosk, postJson, startTestHub, type TestHub, type TestKiosk } from '../../hub/test/hub-test-support';
import { launchChromium } from '../support/chromium';

const PASSWORD = 'a console password';
const PHONE = '9123456789';

/**
 * The console's help pages in real Chromium, on a real hub (SQLite file, HTTP on 127.0.0.1): a
 * kiosk's help request appears on the office's «Помощь» page by itself (its live refresh) with
 * the screen and leaves it at «Подошёл»; a call-back appears on the call centre's page with the
 * number, which «Позвонили» erases. No CSP violation or script error on the way.
 */
describe('the help pages of the web console in Chromium', () => {
  let hub: TestHub;
  let kiosk: TestKiosk;
  let browser: Browser;
  let page: Page;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
    kiosk = await enrollKiosk(hub.url, 'kiosk-help-console');
    await addConsoleUser(hub, 'head', 'office_head', PASSWORD, DEMO_OFFICE_ID);
    await addConsoleUser(hub, 'centre', 'office_head', PASSWORD, '000');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  async function signIn(login: string) {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await page.goto(`${hub.url}/console`);
    await page.getByLabel('Имя пользователя').fill(login);
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Терминалы' }).waitFor();
  }

  it('shows a help request by itself with the screen, and «Подошёл» takes it off', async () => {
    await signIn('head');
    await page.getByRole('link', { name: 'Помощь' }).click();
    await page.getByRole('heading', { name: 'Помощь у терминалов' }).waitFor();
    await page.getByText('Никто не ждёт помощи.').waitFor();

    const asked = await postJson(
      `${hub.url}/v1/help/requests`,
      { requestId: randomUUID(), screen: 'screen-pay-uin' },
      kiosk.headers,
    );
    expect(asked.status).toBe(200);
    const row = page.getByRole('row').filter({ hasText: 'оплата: ввод УИН' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('kiosk-help-console');
    await row.getByRole('button', { name: 'Подошёл' }).click();
    await page.getByText('Никто не ждёт помощи.').waitFor();
    expect(await page.locator('header').textContent()).not.toContain('Обратные звонки');
    await page.close();
  });

  it("shows the call centre's call-back with the number, and «Позвонили» erases it", async () => {
    const queued = await postJson(
      `${hub.url}/v1/help/callbacks`,
      { requestId: randomUUID(), screen: 'screen-home', phone: PHONE },
      kiosk.headers,
    );
    expect(queued.body).toEqual({ outcome: 'queued', ahead: 0, expectedWithinMinutes: 15 });
    await signIn('centre');
    await page.getByRole('link', { name: 'Обратные звонки' }).click();
    const row = page.getByRole('row').filter({ hasText: '+7 912 345-67-89' });
    await row.waitFor();
    expect(await row.textContent()).toContain('главный экран');
    await row.getByRole('button', { name: 'Позвонили' }).click();
    await page.getByText('Звонков не ждут.').waitFor();
    expect(await hub.hub.help?.openCallbacks()).toEqual([]);
    expect(consoleLines.filter((line) => /pageerror|error|Content Security Policy/i.test(line))).toEqual([]);
    await page.close();
  });
});
