import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConsoleUser } from '../../hub/console/console-test-support';
import { SqliteRatingStore } from '../../hub/rating/sqlite-rating-store';
import { officeDate } from '../../kiosk-config/src/time/office-time';
import { eventually } from '../support/eventually';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/** A phone's screen, for the follow page. */
const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

/**
 * Rating the service end to end: a ticket taken in real Chromium through the browser host and a
 * real hub, its QR read from the simulated printer's paper, the visit finished at the hub, then
 * the QR scanned on the home screen (the simulated scanner) and the visit rated on the kiosk; and
 * the follow page's form on a phone, without script; and a rating taken while the hub is down.
 */
describe('rating the service in Chromium through the browser host and a real hub', () => {
  let ui: KioskInChromium;

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 60, idleWarningSeconds: 10 },
      hub: { requestTimeoutMs: 1500, circuitFailureThreshold: 3, circuitOpenSeconds: 1 },
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Takes a replacement passport's ticket on the kiosk; its follow link as the QR on its paper carries it. */
  async function takeTicket(): Promise<{ number: string; followUrl: string }> {
    await ui.goHome();
    const printed = ui.printer().waitForTicket(15_000);
    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('category-passports').click();
    await ui.page.getByTestId('service-passport-rf').click();
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor();
    const number = await ui.text('ticket-number');
    const [followUrl] = (await printed).qr;
    if (followUrl === undefined) throw new Error('the ticket has no QR');
    await ui.goHome();
    return { number, followUrl };
  }

  /** The operator calls the next visitor to `window` and finishes the visit as served. */
  async function serveNext(window: string): Promise<void> {
    const repository = ui.kiosk.hub.repository();
    const { office, timeZone } = ui.kiosk.core.info;
    const at = new Date().toISOString();
    const { called } = await repository.callNext({
      officeId: office.id,
      day: officeDate(new Date(), timeZone),
      window,
      at,
    });
    if (!called) throw new Error('nobody to call');
    await repository.finishTicket({ ticketId: called.ticketId, officeId: office.id, outcome: 'served', at });
  }

  async function ratings() {
    const db = new Database(ui.kiosk.hub.dbPath, { readonly: true });
    try {
      return await new SqliteRatingStore(db).summarize(ui.kiosk.core.info.office.id, '2000-01-01', '2999-12-31');
    } finally {
      db.close();
    }
  }

  it('rates a visit at the kiosk by scanning the ticket on the home screen, once the visit has ended', async () => {
    const ticket = await takeTicket();
    expect(ticket.followUrl).toMatch(/\/q\/[A-Za-z0-9_-]{22,64}$/);

    // Before the visit: the screen says when a rating can be given.
    await ui.scanner().scan(ticket.followUrl, { suffix: 'CR' });
    await ui.page.getByTestId('screen-rating').waitFor();
    expect(await ui.text('rating-message')).toBe('Оценить обслуживание можно после приёма у сотрудника.');
    await ui.page.getByTestId('rating-done').click();
    await ui.page.getByTestId('screen-home').waitFor();

    // Other codes on the home screen start nothing: another site's link, a booking code.
    await ui.scanner().scan(`https://example.org/q/${ticket.followUrl.split('/q/')[1]}`, { suffix: 'CR' });
    await ui.scanner().scan('12345674', { suffix: 'CR' });
    await ui.page.waitForTimeout(700);
    expect(await ui.page.getByTestId('screen-home').count()).toBe(1);

    await serveNext('4');
    await ui.scanner().scan(ticket.followUrl, { suffix: 'CR' });
    await ui.page.getByTestId('rating-visit').waitFor();
    expect(await ui.text('rating-visit')).toBe(`Талон ${ticket.number} · Замена паспорта гражданина РФ · Окно 4`);
    await expect(ui.page.getByTestId('rating-send').isDisabled()).resolves.toBe(true);
    await ui.page.getByTestId('rating-score-2').click();
    expect(await ui.text('rating-chosen')).toBe('2 — Плохо');
    await expect(ui.page.getByText('Что было не так? Можно не отмечать').count()).resolves.toBe(1);
    await ui.page.getByTestId('rating-reason-waiting_time').click();
    await ui.page.getByTestId('rating-reason-information').click();
    await ui.page.getByTestId('rating-reason-information').click();
    // Nothing sticks out of the screen at 1080 px: the five scores and the long criteria fit.
    expect(
      await ui.page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      ),
    ).toBeLessThanOrEqual(1080);
    await ui.screenshot('e2e-rating-kiosk');
    await ui.page.getByTestId('rating-send').click();
    await ui.page.getByTestId('rating-message').filter({ hasText: 'Спасибо за оценку!' }).waitFor();
    expect(await ratings()).toEqual([
      {
        serviceId: 'passport-rf',
        window: '4',
        count: 1,
        scoreSum: 2,
        reasons: { waiting_time: { low: 1, high: 0 } },
      },
    ]);

    // A second scan of the same ticket: rated already.
    await ui.page.getByTestId('rating-done').click();
    await ui.page.getByTestId('screen-home').waitFor();
    await ui.scanner().scan(ticket.followUrl, { suffix: 'CR' });
    await ui.page.getByTestId('rating-message').filter({ hasText: 'Этот талон уже оценён. Спасибо!' }).waitFor();
    await ui.page.getByTestId('rating-done').click();
  });

  it("rates a visit on the follow page on a phone, without the page's script", async () => {
    const ticket = await takeTicket();
    await serveNext('5');
    const phone = await ui.browser.newPage({ viewport: PHONE_VIEWPORT, javaScriptEnabled: false });
    try {
      await phone.goto(ticket.followUrl);
      await phone.getByText('Оцените, как вас обслужили').waitFor();
      await phone.getByRole('radio', { name: /5\s*Отлично/ }).check();
      await phone.getByRole('checkbox', { name: 'Вежливость и компетентность сотрудника' }).check();
      await phone.screenshot({ path: 'test-artifacts/e2e-rating-follow-page.png', fullPage: true });
      await phone.getByRole('button', { name: 'Отправить оценку' }).click();
      await phone.getByText('Спасибо за оценку!').waitFor();
      expect(new URL(phone.url()).pathname).toBe(new URL(ticket.followUrl).pathname);
      expect(await phone.locator('form').count()).toBe(0);
    } finally {
      await phone.close();
    }
    expect((await ratings()).find((group) => group.window === '5')).toEqual({
      serviceId: 'passport-rf',
      window: '5',
      count: 1,
      scoreSum: 5,
      reasons: { staff: { low: 0, high: 1 } },
    });
  });

  it('takes a rating while the hub is down and delivers it through the outbox when the link is back', async () => {
    const ticket = await takeTicket();
    await serveNext('6');
    await ui.kiosk.hub.stop();
    try {
      await ui.scanner().scan(ticket.followUrl, { suffix: 'CR' });
      await ui.page.getByTestId('screen-rating').waitFor();
      expect(await ui.page.getByTestId('rating-visit').count()).toBe(0);
      await ui.page.getByTestId('rating-score-4').click();
      await ui.page.getByTestId('rating-reason-comfort').click();
      await ui.page.getByTestId('rating-send').click();
      await ui.page.getByText('Оценка будет передана, как только появится связь.').waitFor();
    } finally {
      await ui.kiosk.hub.start();
    }
    await eventually(
      async () => (await ratings()).some((group) => group.window === '6'),
      'the outbox rating reaching the hub',
      30_000,
      200,
    );
    expect((await ratings()).find((group) => group.window === '6')).toMatchObject({
      count: 1,
      scoreSum: 4,
      reasons: { comfort: { low: 0, high: 1 } },
    });
    await ui.page.getByTestId('rating-done').click();
  });

  it("shows the office's ratings in the console to the roles that see that office, and to nobody else", async () => {
    const officeId = ui.kiosk.core.info.office.id;
    const password = 'an office head password';
    await addConsoleUser({ console: ui.kiosk.hub.console() }, 'head', 'office_head', password, officeId);
    await addConsoleUser({ console: ui.kiosk.hub.console() }, 'other-head', 'office_head', password, 'mfc-demo-02');
    const page = await ui.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const signIn = async (login: string) => {
      await page.goto(`${ui.kiosk.hub.url}/console/sign-in`);
      await page.getByLabel('Имя пользователя').fill(login);
      await page.getByLabel('Пароль').fill(password);
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.getByRole('heading', { name: 'Терминалы' }).waitFor();
    };
    try {
      await signIn('head');
      await page.getByRole('link', { name: 'оценки' }).click();
      await page.getByRole('heading', { name: 'Оценки обслуживания' }).waitFor();
      const row = (window: string) =>
        page.getByRole('row').filter({ has: page.getByRole('cell', { name: window, exact: true }) });
      expect(await row('4').textContent()).toContain('Замена паспорта гражданина РФ');
      expect(await row('4').locator('td').nth(2).textContent()).toBe('1');
      expect(await row('4').locator('td').nth(3).textContent()).toBe('2,0');
      expect(await row('4').locator('td').nth(4).textContent()).toBe('Время ожидания в очереди: 1');
      expect(await row('5').locator('td').nth(5).textContent()).toBe('Вежливость и компетентность сотрудника: 1');
      expect(await page.locator('main').textContent()).toContain('оценок: 3, средняя 3,7');
      await page.screenshot({ path: 'test-artifacts/e2e-rating-console.png', fullPage: true });
      // No script error, no CSP violation on the way.
      expect(problems).toEqual([]);
      const ratingsUrl = page.url();
      await page.getByRole('button', { name: 'Выйти' }).click();
      await page.getByRole('heading', { name: 'Вход в консоль' }).waitFor();

      // The head of another office is told the page does not exist.
      await signIn('other-head');
      const answer = await page.goto(ratingsUrl);
      expect(answer?.status()).toBe(404);
      expect(await page.locator('main').textContent()).toContain('Такой страницы нет.');
    } finally {
      await page.close();
    }
  });
});
