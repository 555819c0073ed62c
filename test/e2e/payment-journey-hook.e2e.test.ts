import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, FEE, ok } from '../support/journey-fixtures';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';

/**
 * The payment journey's hook (`usePaymentJourney`) driven through React in Chromium, on a fake
 * KioskApi: the fee chosen, one payment however many taps on «Оплатить картой», the terminal's
 * prompts and the end from events, and the page told exactly while the payment's screen shows.
 * The page sends nothing to hold the session (the main side holds it): no `session.*` call here.
 */
describe('payment journey (usePaymentJourney) on a fake KioskApi', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium();
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function confirmFee() {
    await ui.mount({
      canned: {
        'tickets.catalogue': ok(CATALOGUE),
        'payments.fees': ok({ fees: [FEE], terminalReady: true }),
        'payments.state': ok({ phase: 'in_progress', paymentId: 'p1', stage: 'present_card', cardRead: false }),
      },
    });
    await ui.page.getByTestId('home-pay').click();
    await ui.screen('screen-pay');
    await ui.page.getByTestId('pay-choose-list').click();
    await ui.page.getByTestId(`fee-${FEE.serviceId}`).click();
    await ui.screen('screen-pay-confirm');
  }

  it('a double tap on «Оплатить картой» starts one payment; prompts and the end come by events', async () => {
    await confirmFee();
    await ui.tapTwice('pay-confirm');
    await ui.screen('screen-pay-card');
    expect(await ui.calls('payments.start')).toEqual([
      {
        name: 'payments.start',
        input: { subject: { kind: 'fee', serviceId: FEE.serviceId }, amountMinor: FEE.amountMinor, language: 'ru' },
      },
    ]);
    expect(await ui.paymentOnScreen()).toEqual([false, true]);
    await ui.answer('payments.start', ok({ paymentId: 'p1', noAnswerMs: 15_000 }));
    await ui.emit('payment.progress', { paymentId: 'p1', stage: 'enter_pin', cardRead: true });
    await ui.page.locator('[data-testid="pay-stage"][data-stage="enter_pin"]').waitFor();
    // Another payment's end is not this one's.
    await ui.emit('payment.finished', { paymentId: 'other', end: { outcome: 'declined' } });
    await ui.emit('payment.finished', { paymentId: 'p1', end: { outcome: 'declined' } });
    await ui.page.getByTestId('pay-result-declined').waitFor();
    expect(await ui.paymentOnScreen()).toEqual([false, true, false]);
    expect(await ui.calls('payments.start')).toHaveLength(1);
    expect((await ui.calls()).filter((call) => call.name.startsWith('session.'))).toEqual([]);
  });

  it('«Отмена» tapped twice asks the terminal once', async () => {
    await confirmFee();
    await ui.page.getByTestId('pay-confirm').click();
    await ui.answer('payments.start', ok({ paymentId: 'p1', noAnswerMs: 15_000 }));
    await ui.emit('payment.progress', { paymentId: 'p1', stage: 'present_card', cardRead: false });
    await ui.tapTwice('pay-card-cancel');
    await ui.page.getByTestId('pay-cancelling').waitFor();
    expect(await ui.calls('payments.cancel')).toEqual([{ name: 'payments.cancel', input: { paymentId: 'p1' } }]);
    await ui.answer('payments.cancel', ok({ accepted: true }));
    await ui.emit('payment.finished', { paymentId: 'p1', end: { outcome: 'cancelled' } });
    await ui.page.getByTestId('pay-result-cancelled').waitFor();
  });
});
