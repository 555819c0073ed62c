import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail } from '../../kiosk-config/src/index';
import { CATALOGUE, ok, TICKET } from '../support/journey-fixtures';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';

/**
 * The ticket journey's hook (`useTicketJourney`) driven through React in Chromium, on a fake
 * KioskApi: the screens from «Взять талон» to the ticket, and one call per double tap.
 */
describe('ticket journey (useTicketJourney) on a fake KioskApi', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium();
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('goes from «Взять талон» to the ticket; a double tap on «Да, взять талон» issues one ticket', async () => {
    await ui.mount({ canned: { 'tickets.catalogue': ok(CATALOGUE) } });
    await ui.page.getByTestId('home-ticket').click();
    await ui.screen('screen-categories');
    await ui.page.getByTestId('category-docs').click();
    await ui.screen('screen-services');
    await ui.page.getByTestId('service-passport').click();
    await ui.screen('screen-confirm');
    await ui.tapTwice('ticket-confirm');
    await ui.screen('screen-ticket-printing');
    expect(await ui.calls('tickets.issue')).toEqual([
      { name: 'tickets.issue', input: { serviceId: 'passport', language: 'ru' } },
    ]);
    await ui.answer('tickets.issue', ok(TICKET));
    await ui.screen('screen-ticket-issued');
    expect(await ui.page.getByTestId('ticket-number').textContent()).toBe('П-001');
    expect(await ui.calls('tickets.issue')).toHaveLength(1);
  });

  it('a fault: the error screen, and «Попробовать ещё раз» asks once more, once', async () => {
    await ui.mount({ canned: { 'tickets.catalogue': ok(CATALOGUE) } });
    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('category-docs').click();
    await ui.page.getByTestId('service-passport').click();
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.answer('tickets.issue', fail('printer_error', 'jam'));
    await ui.screen('screen-ticket-error');
    await ui.tapTwice('ticket-retry');
    await ui.screen('screen-ticket-printing');
    expect(await ui.calls('tickets.issue')).toHaveLength(2);
    await ui.answer('tickets.issue', ok(TICKET));
    await ui.screen('screen-ticket-issued');
  });

  it('with the printer faulty: «Взять талон» says so at once and loads no catalogue for it', async () => {
    await ui.mount({
      printer: { state: 'faulty', fault: 'paper_out' },
      canned: { 'tickets.catalogue': ok(CATALOGUE) },
    });
    const homeLoads = (await ui.calls('tickets.catalogue')).length;
    await ui.page.getByTestId('home-ticket').click();
    await ui.screen('screen-ticket-unavailable');
    expect(await ui.calls('tickets.catalogue')).toHaveLength(homeLoads);
  });
});
