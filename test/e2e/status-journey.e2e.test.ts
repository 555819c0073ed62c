import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/** Demo applications of the embedded hub (hub/db/demo-seed.ts, docs/operations/hub.md). */
const READY = 'КУВД-001/2021-3670443'; // ready for pickup, window 3, kept 30 days from today
const IN_PROGRESS = 'PKPVDMFC-2021-01-28-548444'; // in progress, expected in 5 days
const PHONE_CHECKED = 'КУВД-003/2025-7788990'; // in a region that asks for the phone's last 4 digits: 4321
const UNKNOWN = '9137528146';

/** The hub link's timeout here: the offline answer must come within it (plus the page's share). */
const HUB_TIMEOUT_MS = 1500;

/** `YYYY-MM-DD` + days as the visitor reads it, `DD.MM.YYYY`, in the office's zone. */
function ruDateInDays(days: number, timeZone: string): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  const date = new Date(Date.UTC(today[0] ?? 0, (today[1] ?? 1) - 1, (today[2] ?? 1) + days));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}

/** Every file the kiosk wrote under its data folder, except the hub's own (which holds the demo numbers). */
async function kioskFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(dir, file).startsWith(`hub${path.sep}`));
}

/**
 * The status journey end to end: real Chromium → browser host → status service → the real hub on
 * a temp SQLite file with the demo data → the slip on the simulated printer's paper.
 */
describe('status journey in Chromium through the browser host and a real hub', () => {
  let ui: KioskInChromium;

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 10, idleWarningSeconds: 4 },
      hub: { requestTimeoutMs: HUB_TIMEOUT_MS, circuitFailureThreshold: 3, circuitOpenSeconds: 1 },
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** From wherever the page is: home, then «Узнать статус заявления». */
  async function openStatus() {
    await ui.goHome();
    await ui.page.getByTestId('home-status').click();
    await ui.page.getByTestId('screen-status').waitFor();
  }

  /** Types on the on-screen keypad, switching the letters pad as a visitor would. */
  async function typeOnKeypad(text: string) {
    for (const char of text) {
      if (/[A-Z]/u.test(char)) await ui.page.getByTestId('keypad-mode-latin').click();
      if (/[А-ЯЁ]/u.test(char)) await ui.page.getByTestId('keypad-mode-cyrillic').click();
      await ui.page.getByTestId(`keypad-key-${char}`).click();
    }
  }

  it('answers a number typed on the keypad with the window and the date, and prints a slip with the number masked', async () => {
    await openStatus();
    await expect(ui.page.getByTestId('status-search').isDisabled()).resolves.toBe(true);
    await typeOnKeypad(`${READY}9`);
    await ui.page.getByTestId('keypad-backspace').click();
    expect(await ui.text('status-number-display')).toBe(READY);
    await expect(ui.page.getByTestId('status-search').isEnabled()).resolves.toBe(true);
    await ui.screenshot('e2e-status-typed');

    await ui.page.getByTestId('status-search').click();
    await ui.page.getByTestId('screen-status-result').waitFor();
    expect(await ui.text('status-headline')).toContain('Документы готовы');
    expect(await ui.text('status-next-step')).toBe(
      `Подойдите в окно 3 с паспортом до ${ruDateInDays(30, ui.kiosk.core.info.timeZone)}.`,
    );
    expect(await ui.text('status-masked-number')).toBe('КУВД-***-***0443');
    // Once answered, the full number is no longer on the screen.
    expect(await ui.page.locator('body').textContent()).not.toContain('3670443');
    await ui.screenshot('e2e-status-result');

    const slip = ui.printer().waitForTicket(15_000);
    await ui.page.getByTestId('status-print').click();
    await ui.page.getByTestId('status-print-done').waitFor();
    const paper = (await slip).lines.join('\n');
    expect(paper).toContain('КУВД-***-***0443');
    expect(paper).toContain('Документы готовы');
    expect(paper).toContain('окно 3');
    expect(paper).not.toContain('3670443');
    expect(await ui.page.getByTestId('status-print').count()).toBe(0);
  });

  /** From home, in `language`: looks the ready application up and prints its slip; the lines printed. */
  async function printSlipIn(language: 'en' | 'tt'): Promise<string> {
    await ui.goHome();
    await ui.page.getByTestId(`access-language-${language}`).click();
    await ui.page.locator(`.app[lang="${language}"]`).waitFor();
    await ui.page.getByTestId('home-status').click();
    await ui.page.getByTestId('screen-status').waitFor();
    await typeOnKeypad(READY);
    await ui.page.getByTestId('status-search').click();
    await ui.page.getByTestId('screen-status-result').waitFor();
    const slip = ui.printer().waitForTicket(15_000);
    await ui.page.getByTestId('status-print').click();
    await ui.page.getByTestId('status-print-done').waitFor();
    return (await slip).lines.join('\n');
  }

  it("prints a Tatar visitor's slip in Russian on the CP866 printer, and the screen says so; an English one's in English", async () => {
    const tatar = await printSlipIn('tt');
    expect(await ui.text('status-printed-in-russian')).toBe(
      'Бит рус телендә басылды: бу принтер татар хәрефләрен баса алмый.',
    );
    await ui.screenshot('e2e-status-slip-tatar');
    expect(tatar).toContain('СТАТУС ЗАЯВЛЕНИЯ');
    expect(tatar).toContain('Документы готовы');

    const english = await printSlipIn('en');
    expect(await ui.page.getByTestId('status-printed-in-russian').count()).toBe(0);
    expect(english).toContain('APPLICATION STATUS');
    expect(english).toContain('Documents ready');
    expect(english).toContain('КУВД-***-***0443');
    expect(english).not.toContain('3670443');
  });

  it('looks up a number scanned from the receipt at once, and ignores scans outside the status screens', async () => {
    await ui.page.getByTestId('nav-home').click();
    await ui.page.getByTestId('screen-home').waitFor();
    await ui.scanner().scan(IN_PROGRESS, { suffix: 'CR' });
    // Give the scan time to arrive; home must stay as it is, without the scanned text.
    await ui.page.waitForTimeout(700);
    expect(await ui.page.getByTestId('screen-home').count()).toBe(1);
    expect(await ui.page.locator('body').textContent()).not.toContain('548444');

    await openStatus();
    await typeOnKeypad('КУ');
    await ui.scanner().scan(IN_PROGRESS, { suffix: 'CR' });
    await ui.page.getByTestId('screen-status-result').waitFor();
    expect(await ui.text('status-headline')).toContain('Заявление рассматривается');
    expect(await ui.text('status-next-step')).toContain(ruDateInDays(5, ui.kiosk.core.info.timeZone));
    expect(await ui.text('status-masked-number')).toBe('PKPVDMFC-***-***8444');

    // On the answer screen a new scan is a new lookup.
    await ui.scanner().scan(READY, { suffix: 'CR' });
    await ui.page.getByTestId('status-masked-number').filter({ hasText: 'КУВД-***-***0443' }).waitFor();
    expect(await ui.text('status-headline')).toContain('Документы готовы');
  });

  it('says calmly that a number is not found and keeps it for correcting', async () => {
    await openStatus();
    await ui.page.getByTestId('keypad-mode-digits').click();
    await typeOnKeypad(UNKNOWN);
    await ui.page.getByTestId('status-search').click();
    await ui.page.getByTestId('screen-status-error').waitFor();
    expect(await ui.text('status-error-message')).toMatch(/^Заявления с таким номером нет\..*сотруднику центра\.$/u);
    await ui.screenshot('e2e-status-not-found');
    await ui.page.getByTestId('status-retry').click();
    await ui.page.getByTestId('screen-status').waitFor();
    expect(await ui.text('status-number-display')).toBe(UNKNOWN);
    await ui.page.getByTestId('keypad-clear').click();
    expect(await ui.text('status-number-display')).toBe('');
    await expect(ui.page.getByTestId('status-search').isDisabled()).resolves.toBe(true);
  });

  it('asks for the last digits of the phone where the region wants them, and retries after a wrong answer', async () => {
    await openStatus();
    await typeOnKeypad(PHONE_CHECKED);
    await ui.page.getByTestId('status-search').click();
    await ui.page.getByTestId('screen-second-factor').waitFor();
    await expect(ui.page.getByTestId('second-factor-submit').isDisabled()).resolves.toBe(true);
    await typeOnKeypad('1234');
    expect(await ui.text('second-factor-display')).toBe('1 2 3 4');
    await ui.page.getByTestId('second-factor-submit').click();
    await ui.page.getByTestId('screen-status-error').waitFor();
    expect(await ui.text('status-error-message')).toMatch(/телефон/u);

    await ui.page.getByTestId('status-retry').click();
    await ui.page.getByTestId('screen-second-factor').waitFor();
    await typeOnKeypad('4321');
    await ui.page.getByTestId('second-factor-submit').click();
    await ui.page.getByTestId('screen-status-result').waitFor();
    expect(await ui.text('status-headline')).toContain('Документы готовы');
    // Filed in another office: the answer says where to go.
    expect(await ui.text('status-next-step')).toContain('пгт Сосновка');
  });

  it('says calmly that there is no connection, within the hub timeout, when the hub stops mid-journey', async () => {
    await openStatus();
    await typeOnKeypad(READY);
    await ui.kiosk.hub.stop();
    try {
      const started = Date.now();
      await ui.page.getByTestId('status-search').click();
      await ui.page.getByTestId('screen-status-error').waitFor({ timeout: HUB_TIMEOUT_MS + 5_000 });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(HUB_TIMEOUT_MS + 1_500);
      const message = await ui.text('status-error-message');
      expect(message).toMatch(/нет связи/u);
      expect(message).toMatch(/сотрудника центра\.$/u);
      expect(message).not.toMatch(/[a-z_]{3,}|\d{3}/iu);
      await ui.screenshot('e2e-status-offline');
    } finally {
      await ui.kiosk.hub.start();
    }

    // The link is back (once the circuit breaker lets a probe through): «Попробовать ещё раз» answers.
    await ui.page.waitForTimeout(1_200);
    for (let attempt = 0; attempt < 5; attempt++) {
      await ui.page.getByTestId('status-retry').click();
      await ui.page
        .locator('[data-testid="screen-status-result"], [data-testid="screen-status-error"]')
        .first()
        .waitFor({ timeout: HUB_TIMEOUT_MS + 5_000 });
      if ((await ui.page.getByTestId('screen-status-result').count()) === 1) break;
      await ui.page.waitForTimeout(1_000);
    }
    expect(await ui.text('status-headline')).toContain('Документы готовы');
  });

  it('forgets the number when the visitor walks away: nothing of it stays in the page', async () => {
    await openStatus();
    await typeOnKeypad(READY);
    expect(await ui.text('status-number-display')).toBe(READY);
    await ui.page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    await ui.page.getByTestId('screen-home').waitFor({ timeout: 15_000 });
    const html = await ui.page.content();
    expect(html).not.toContain('3670443');
    expect(html).not.toContain('КУВД');
    expect(html).not.toContain('0443');

    // The next visitor: the attract loop started at the idle reset, and their first touch ends it.
    await ui.page.getByTestId('attract-loop').waitFor();
    await ui.page.mouse.click(540, 960);
    await ui.page.getByTestId('input-shield').waitFor({ state: 'detached' });
    // They start with an empty field.
    await ui.page.getByTestId('home-status').click();
    expect(await ui.text('status-number-display')).toBe('');
  });

  it('keeps the full numbers out of everything the kiosk wrote: logs, outbox, paper', async () => {
    const full = [READY, IN_PROGRESS, PHONE_CHECKED, UNKNOWN].map((number) => number.slice(-7));
    const files = await kioskFiles(ui.kiosk.dataDir);
    const names = files.map((file) => path.relative(ui.kiosk.dataDir, file)).join(' ');
    // Not vacuous: the log, the outbox journal and the slip's paper are among them.
    expect(names).toMatch(/logs\//u);
    expect(names).toMatch(/outbox\//u);
    expect(names).toMatch(/paper\//u);
    for (const file of files) {
      const content = await readFile(file, 'utf8');
      for (const tail of full) expect(content, path.relative(ui.kiosk.dataDir, file)).not.toContain(tail);
    }
  });
});
