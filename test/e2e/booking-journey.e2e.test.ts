import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteHubRepository } from '../../hub/db/sqlite/sqlite-hub-repository';
import { BOOKING_QR_PREFIX, bookingCodeFromBody, isValidBookingCode } from '../../kiosk-config/src/index';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/** The demo office the test kiosk enrolls in (hub/db/demo-seed.ts). */
const OFFICE_ID = 'mfc-demo-01';
/** A service of the demo catalogue (kiosk-config/defaults/demo-catalogue.json), queue «Б». */
const SERVICE_ID = 'passport-foreign';

/** Bookings this test puts into the hub, their slots relative to now (the hub's window: 15 min early, 10 late). */
const TYPED = bookingCodeFromBody('1122334'); // slot in 5 minutes: checks in
const SCANNED = bookingCodeFromBody('5566778'); // slot in 5 minutes: checks in, from its QR
const EARLY = bookingCodeFromBody('9988776'); // slot in 3 hours: too early
const UNKNOWN = bookingCodeFromBody('1231231'); // a well-formed code the hub has never issued
/** Eight digits whose check digit is wrong: refused on the kiosk, never sent to the hub. */
const MISTYPED = `${TYPED.slice(0, 7)}${(Number(TYPED[7]) + 1) % 10}`;

const MINUTE = 60_000;

/** `HH:MM` on the office's clock. */
function officeTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    at,
  );
}

/**
 * Booking check-in end to end: real Chromium → browser host → the kiosk's ticket service → the
 * real hub on a temp SQLite file (bookings written into it through the hub's own repository) →
 * the priority ticket on the simulated printer's paper. Typed on the keypad and scanned as the
 * confirmation's QR code through the serial scanner simulator.
 */
describe('booking check-in in Chromium through the browser host and a real hub', () => {
  let ui: KioskInChromium;
  const now = Date.now();
  const onTimeSlot = new Date(now + 5 * MINUTE);
  const earlySlot = new Date(now + 3 * 60 * MINUTE);

  /**
   * Puts this test's bookings into the hub through a second connection to its file, as the admin
   * CLI makes: WAL lets both write.
   */
  async function bookSlots(dbPath: string) {
    const repository = SqliteHubRepository.open(dbPath);
    try {
      for (const [code, slot] of [
        [TYPED, onTimeSlot],
        [SCANNED, onTimeSlot],
        [EARLY, earlySlot],
      ] as const) {
        await repository.upsertBooking({
          code,
          officeId: OFFICE_ID,
          serviceId: SERVICE_ID,
          slotStart: slot.toISOString(),
          state: 'booked',
        });
      }
    } finally {
      await repository.close();
    }
  }

  beforeAll(async () => {
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
      beforeBrowser: (kiosk) => bookSlots(kiosk.hub.dbPath),
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** From wherever the page is: home, then «У меня запись». */
  async function openBooking() {
    await ui.goHome();
    await ui.page.getByTestId('home-booking').click();
    await ui.page.getByTestId('screen-booking').waitFor();
  }

  async function typeCode(code: string) {
    for (const digit of code) await ui.page.getByTestId(`keypad-key-${digit}`).click();
  }

  it('has codes that are what the test means them to be', () => {
    for (const code of [TYPED, SCANNED, EARLY, UNKNOWN]) expect(isValidBookingCode(code)).toBe(true);
    expect(isValidBookingCode(MISTYPED)).toBe(false);
  });

  it('checks in a code typed on the keypad and prints a priority ticket', async () => {
    await openBooking();
    await expect(ui.page.getByTestId('booking-submit').isDisabled()).resolves.toBe(true);
    await typeCode(`${TYPED}9`); // a ninth digit is not taken
    expect(await ui.text('booking-code-display')).toBe(`${TYPED.slice(0, 4)} ${TYPED.slice(4)}`);
    await ui.screenshot('e2e-booking-typed');

    const ticketPrinted = ui.printer().waitForTicket(15_000);
    await ui.page.getByTestId('booking-submit').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor();
    const number = await ui.text('ticket-number');
    expect(number).toMatch(/^Б-\d{3}$/u);
    expect(await ui.text('ticket-priority')).toBe(
      `По записи на ${officeTime(onTimeSlot, ui.kiosk.core.info.timeZone)}`,
    );
    await ui.screenshot('e2e-booking-issued');

    const paper = (await ticketPrinted).lines.join('\n');
    expect(paper).toContain(number);
    expect(paper).toContain('Загранпаспорт');
    expect(paper).toMatch(/ПО ЗАПИСИ/u);
  });

  it('checks in the confirmation’s QR code held to the scanner', async () => {
    await openBooking();
    await typeCode('12'); // a scan wins over half-typed digits
    const ticketPrinted = ui.printer().waitForTicket(15_000);
    await ui.scanner().scan(`${BOOKING_QR_PREFIX}${SCANNED}`, { suffix: 'CR' });
    await ui.page.getByTestId('screen-ticket-issued').waitFor();
    const number = await ui.text('ticket-number');
    expect(number).toMatch(/^Б-\d{3}$/u);
    await ui.page.getByTestId('ticket-priority').waitFor();
    expect((await ticketPrinted).lines.join('\n')).toContain(number);
    // The code itself is never shown.
    expect(await ui.page.locator('body').textContent()).not.toContain(SCANNED);
  });

  it('says when registration opens for a visitor who came too early, and prints nothing', async () => {
    await openBooking();
    await typeCode(EARLY);
    const printedBefore = ui.printer().tickets?.length;
    await ui.page.getByTestId('booking-submit').click();
    await ui.page.getByTestId('booking-outcome-too_early').waitFor();
    const { timeZone } = ui.kiosk.core.info;
    expect(await ui.text('booking-outcome-too_early')).toMatch(
      new RegExp(
        `^Вы пришли раньше\\. Запись на ${officeTime(earlySlot, timeZone)}, регистрация откроется в ${officeTime(
          new Date(earlySlot.getTime() - 15 * MINUTE),
          timeZone,
        )}\\.`,
        'u',
      ),
    );
    await ui.screenshot('e2e-booking-too-early');
    expect(ui.printer().tickets?.length).toBe(printedBefore);
    await ui.page.getByTestId('booking-done').click();
    await ui.page.getByTestId('screen-home').waitFor();
  });

  it('says inline that a mistyped code has an error, without leaving the keypad', async () => {
    await openBooking();
    await typeCode(MISTYPED);
    await ui.page.getByTestId('booking-submit').click();
    await ui.page.getByTestId('booking-code-invalid').waitFor();
    expect(await ui.text('booking-code-invalid')).toBe('В коде ошибка, проверьте цифры.');
    expect(await ui.page.getByTestId('screen-booking').count()).toBe(1);
    // The digits stay for correcting; the next key clears the notice.
    expect(await ui.text('booking-code-display')).toBe(`${MISTYPED.slice(0, 4)} ${MISTYPED.slice(4)}`);
    await ui.page.getByTestId('keypad-backspace').click();
    await expect(ui.page.getByTestId('booking-code-invalid').count()).resolves.toBe(0);
    await typeCode(TYPED.slice(7));
    expect(await ui.text('booking-code-display')).toBe(`${TYPED.slice(0, 4)} ${TYPED.slice(4)}`);
  });

  it('tells a code used once already apart from one the hub does not know', async () => {
    // TYPED was checked in by the first test: its ticket is named.
    await ui.page.getByTestId('booking-submit').click();
    await ui.page.getByTestId('booking-outcome-already_used').waitFor();
    expect(await ui.text('booking-outcome-already_used')).toMatch(/^По этой записи уже выдан талон Б-\d{3}\./u);

    await openBooking();
    await typeCode(UNKNOWN);
    await ui.page.getByTestId('booking-submit').click();
    await ui.page.getByTestId('booking-outcome-not_found').waitFor();
    expect(await ui.text('booking-outcome-not_found')).toMatch(/^Запись не найдена\. Проверьте код/u);
    await ui.page.getByTestId('booking-edit-code').click();
    expect(await ui.text('booking-code-display')).toBe(`${UNKNOWN.slice(0, 4)} ${UNKNOWN.slice(4)}`);
  });
});
