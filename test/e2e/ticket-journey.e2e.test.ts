import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/**
 * The first journey end to end: real Chromium → browser host (WebSocket, token) → services →
 * ESC/POS driver → real serialport on a PTY → the printer simulator's paper.
 */
describe('ticket journey in Chromium through the browser host', () => {
  let ui: KioskInChromium;

  beforeAll(async () => {
    ui = await startKioskInChromium({ session: { idleResetSeconds: 10, idleWarningSeconds: 4 } });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Home → «Взять талон» → the passport category → the passport service → confirm screen. */
  async function chooseReplacementPassport() {
    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('category-passports').click();
    // Says why up front if the demo office's hours (or the clock) closed the service.
    await expect(ui.page.getByTestId('service-passport-rf').getAttribute('data-availability')).resolves.toBe('open');
    await ui.page.getByTestId('service-passport-rf').click();
    await ui.page.getByTestId('screen-confirm').waitFor();
  }

  it('shows the Russian home screen with four big buttons, the queue first', async () => {
    await ui.page.getByTestId('screen-home').waitFor();
    await expect(ui.page.getByTestId('home-ticket').textContent()).resolves.toContain('Взять талон');
    await expect(ui.page.getByTestId('home-booking').textContent()).resolves.toContain('У меня запись');
    await expect(ui.page.getByTestId('home-status').textContent()).resolves.toContain('Узнать статус заявления');
    await expect(ui.page.getByTestId('home-pay').textContent()).resolves.toContain('Оплатить госпошлину');
    expect(await ui.page.getByTestId('home-office-closed').count()).toBe(0);
    await ui.screenshot('e2e-home');
  });

  it('takes a ticket and prints it on the simulated printer through the PTY', async () => {
    const ticketPrinted = ui.printer().waitForTicket(15_000);
    await chooseReplacementPassport();
    // The full list of what to bring, before the ticket.
    await expect(ui.page.getByTestId('confirm-documents').locator('li').count()).resolves.toBeGreaterThan(0);
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor();
    expect(await ui.text('ticket-number')).toBe('Б-001');
    expect(await ui.text('ticket-service')).toBe('Замена паспорта гражданина РФ');
    // Online: the queue before the ticket (nobody yet on a fresh hub), never the offline note.
    expect(await ui.text('ticket-people-ahead')).toMatch(/^(Вы следующий|Перед вами: \d+ человека?)$/u);
    expect(await ui.page.getByTestId('ticket-offline-note').count()).toBe(0);
    expect(await ui.page.getByTestId('ticket-priority').count()).toBe(0);
    await ui.screenshot('e2e-ticket-issued');

    const paper = await ticketPrinted;
    const lines = paper.lines.join('\n');
    // CP866 has no «», so the driver prints straight quotes; the Cyrillic comes through intact.
    expect(lines).toContain('МФЦ "Мои Документы", с. Берёзовка');
    expect(lines).toContain('Б-001');
    expect(lines).toContain('Замена паспорта гражданина РФ');
    expect(lines).toMatch(/\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    expect(lines).not.toMatch(/БЕЗ СВЯЗИ/u);
    // The QR code leads to the ticket's follow page: an unguessable token, not the number.
    expect(paper.qr).toHaveLength(1);
    expect(paper.qr[0]).toMatch(/\/q\/[A-Za-z0-9_-]{22,}$/u);
    expect(paper.qr[0]).not.toContain('001');
    expect(paper.cut).toBe(true);
  });

  it('says calmly that the paper ran out, takes no number, and recovers when paper is loaded', async () => {
    await ui.page.getByTestId('nav-home').click();
    await chooseReplacementPassport();
    // The paper runs out while the visitor reads the confirm screen.
    ui.printer().setState({ paperOut: true });
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-error').waitFor();
    await expect(ui.page.getByTestId('error-message').textContent()).resolves.toMatch(/бумаг/i);

    // Home now says so quietly, and «Взять талон» explains instead of failing again.
    await ui.page.getByTestId('nav-home').click();
    await ui.page.getByTestId('device-warning').waitFor();
    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('screen-ticket-unavailable').waitFor();
    await ui.page.getByTestId('nav-home').click();

    // A technician loads paper: the status poll notices and tickets work again.
    ui.printer().setState({ paperOut: false });
    await ui.page.getByTestId('device-warning').waitFor({ state: 'detached', timeout: 15_000 });
    const ticketPrinted = ui.printer().waitForTicket(15_000);
    await chooseReplacementPassport();
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor();
    // The refused attempt spent no number: the next ticket follows Б-001.
    expect(await ui.text('ticket-number')).toBe('Б-002');
    expect((await ticketPrinted).lines.join('\n')).toContain('Б-002');
  });

  /** From home, in `language`: takes the passport ticket; the lines printed, once on the issued screen. */
  async function takeTicketIn(language: 'en' | 'tt'): Promise<string> {
    await ui.page.getByTestId(`access-language-${language}`).click();
    await ui.page.locator(`.app[lang="${language}"]`).waitFor();
    const ticketPrinted = ui.printer().waitForTicket(15_000);
    await chooseReplacementPassport();
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor();
    return (await ticketPrinted).lines.join('\n');
  }

  it("prints a Tatar visitor's ticket in Russian on the CP866 printer, and the screen says so", async () => {
    await ui.page.getByTestId('nav-home').click();
    const lines = await takeTicketIn('tt');
    expect(await ui.text('ticket-printed-in-russian')).toBe(
      'Талон рус телендә басылды: бу принтер татар хәрефләрен баса алмый.',
    );
    await ui.screenshot('e2e-ticket-issued-tatar');
    expect(lines).toContain('ТАЛОН');
    expect(lines).toContain('Следите за очередью с телефона');

    // English prints in English (every code page has Latin letters): no note.
    await ui.page.getByTestId('ticket-done').click();
    await ui.page.getByTestId('screen-home').waitFor();
    // «Готово» ended the session: the next visitor starts in Russian.
    await ui.page.locator('.app[lang="ru"]').waitFor();
    const english = await takeTicketIn('en');
    expect(await ui.page.getByTestId('ticket-printed-in-russian').count()).toBe(0);
    expect(english).toContain('TICKET');
    expect(english).toContain('Follow the queue on your phone');
    expect(english).toContain('Замена паспорта гражданина РФ');
  });

  it('warns, then returns home and forgets the journey when the visitor walks away', async () => {
    await ui.page.getByTestId('nav-home').click();
    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('category-passports').click();
    await ui.page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    await ui.page.getByTestId('screen-home').waitFor({ timeout: 15_000 });
    await expect(ui.page.getByTestId('service-passport-rf').count()).resolves.toBe(0);
    await expect(ui.page.getByTestId('idle-warning').count()).resolves.toBe(0);
  });
});
