import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRecord } from '../../hub/db/hub-repository';
import { SqliteHubRepository } from '../../hub/db/sqlite/sqlite-hub-repository';
import { officeDate } from '../../kiosk-config/src/index';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/** The hub link's timeout here: with the hub stopped, the ticket must not wait much longer. */
const HUB_TIMEOUT_MS = 1500;

/**
 * A ticket while the hub is away, end to end: real Chromium → browser host → the kiosk's ticket
 * service, which issues from its reserved block (`Б-К1-01`) with the hub stopped, prints it with
 * the offline mark, and delivers it through the outbox once the hub is back, where it joins the
 * office's queue (read from the hub's SQLite through its repository).
 */
describe('a ticket taken while the hub is unreachable', () => {
  let ui: KioskInChromium;
  /** The offline ticket's follow link, from its QR. */
  let followUrl: string | undefined;

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
      hub: { requestTimeoutMs: HUB_TIMEOUT_MS, circuitFailureThreshold: 3, circuitOpenSeconds: 1 },
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Home → «Взять талон» → passports → replacement passport → «Да, взять талон». */
  async function takePassportTicket() {
    await ui.goHome();
    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('category-passports').click();
    await ui.page.getByTestId('service-passport-rf').click();
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor({ timeout: HUB_TIMEOUT_MS + 15_000 });
  }

  /** The office's queue today, as the hub stored it. */
  async function hubQueue(): Promise<TicketRecord[]> {
    const repository = SqliteHubRepository.open(ui.kiosk.hub.dbPath);
    try {
      return await repository.listQueue(
        ui.kiosk.core.info.office.id,
        officeDate(new Date(), ui.kiosk.core.info.timeZone),
      );
    } finally {
      await repository.close();
    }
  }

  it('takes an online ticket first: the kiosk learns its offline block from the hub', async () => {
    const printed = ui.printer().waitForTicket(15_000);
    await takePassportTicket();
    expect(await ui.text('ticket-number')).toBe('Б-001');
    expect(await ui.page.getByTestId('ticket-offline-note').count()).toBe(0);
    await ui.page.getByTestId('ticket-people-ahead').waitFor();
    await printed;
  });

  it('issues and prints an offline number with the offline mark while the hub is stopped', async () => {
    await ui.kiosk.hub.stop();
    const printed = ui.printer().waitForTicket(HUB_TIMEOUT_MS + 15_000);
    await takePassportTicket();
    expect(await ui.text('ticket-number')).toBe('Б-К1-01');
    expect(await ui.text('ticket-offline-note')).toBe('Нет связи с сервером. Талон действителен, следите за табло.');
    // Nothing is promised that the kiosk cannot know.
    expect(await ui.page.getByTestId('ticket-people-ahead').count()).toBe(0);
    expect(await ui.page.getByTestId('ticket-wait').count()).toBe(0);
    await ui.screenshot('e2e-ticket-offline');

    const paper = await printed;
    const lines = paper.lines.join('\n');
    expect(lines).toContain('Б-К1-01');
    expect(lines).toContain('Замена паспорта гражданина РФ');
    expect(lines).toMatch(/БЕЗ СВЯЗИ/u);
    expect(paper.cut).toBe(true);
    followUrl = paper.qr[0];
    expect(followUrl).toMatch(/\/q\/o_[A-Za-z0-9_-]{22}$/);
  });

  it('hands the offline ticket to the hub once it is back, where it joins the queue', async () => {
    await ui.kiosk.hub.start();
    // The visitor scans the QR at once: never «не найден»; the page says the data comes soon, or
    // already shows the ticket, and reloads itself until it does.
    const phone = await ui.browser.newPage();
    try {
      const answer = await phone.goto(followUrl ?? 'about:blank');
      expect(answer?.status()).toBe(200);
      expect(await phone.textContent('body')).not.toContain('не найден');
      await phone.getByText('Б-К1-01').waitFor({ timeout: 15_000 });
    } finally {
      await phone.close();
    }
    const deadline = Date.now() + 60_000;
    let offline: TicketRecord | undefined;
    while (Date.now() < deadline) {
      offline = (await hubQueue()).find((ticket) => ticket.number === 'Б-К1-01');
      if (offline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(offline).toMatchObject({ number: 'Б-К1-01', serviceId: 'passport-rf', source: 'offline', state: 'waiting' });
    // Stored once, beside the online ticket taken before.
    const numbers = (await hubQueue()).map((ticket) => ticket.number);
    expect(numbers.filter((number) => number === 'Б-К1-01')).toHaveLength(1);
    expect(numbers).toContain('Б-001');
  }, 90_000);
});
