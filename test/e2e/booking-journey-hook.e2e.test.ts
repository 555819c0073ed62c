import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, ok, TICKET } from '../support/journey-fixtures';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';

/**
 * The booking journey's hook (`useBookingJourney`) driven through React in Chromium, on a fake
 * KioskApi: the code typed or scanned, one check-in however many taps or scans, its outcomes.
 */
describe('booking journey (useBookingJourney) on a fake KioskApi', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium();
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function openBooking() {
    await ui.mount({ canned: { 'tickets.catalogue': ok(CATALOGUE) } });
    await ui.page.getByTestId('home-booking').click();
    await ui.screen('screen-booking');
  }

  it('a typed code: a double tap on «Проверить» checks in once, and the ticket shows with its time', async () => {
    await openBooking();
    for (const digit of '12345678') await ui.page.getByTestId(`keypad-key-${digit}`).click();
    await ui.tapTwice('booking-submit');
    await ui.screen('screen-booking-checking');
    expect(await ui.calls('tickets.checkIn')).toEqual([
      { name: 'tickets.checkIn', input: { code: '12345678', language: 'ru' } },
    ]);
    await ui.answer(
      'tickets.checkIn',
      ok({ outcome: 'issued', ticket: { ...TICKET, priority: true }, slotTime: '14:30' }),
    );
    await ui.screen('screen-ticket-issued');
    expect(await ui.calls('tickets.checkIn')).toHaveLength(1);
  });

  it('a scanned code, scanned twice while checking: one check-in; «Взять талон без записи» from its outcome', async () => {
    await openBooking();
    await ui.emit('scanner.scanned', { text: 'BOOKING:87654321', kind: 'text' });
    await ui.screen('screen-booking-checking');
    await ui.emit('scanner.scanned', { text: 'BOOKING:87654321', kind: 'text' });
    expect(await ui.calls('tickets.checkIn')).toEqual([
      { name: 'tickets.checkIn', input: { code: 'BOOKING:87654321', language: 'ru' } },
    ]);
    await ui.answer('tickets.checkIn', ok({ outcome: 'cancelled' }));
    await ui.screen('screen-booking-outcome');
    await ui.page.getByTestId('booking-walk-in').click();
    await ui.screen('screen-categories');
  });

  it('a payment QR is no booking: the keypad says so and nothing is sent', async () => {
    await openBooking();
    await ui.emit('scanner.scanned', { text: 'ST00012|Sum=100', kind: 'payment_qr' });
    await ui.page.getByTestId('booking-code-invalid').waitFor();
    expect(await ui.calls('tickets.checkIn')).toEqual([]);
  });
});
