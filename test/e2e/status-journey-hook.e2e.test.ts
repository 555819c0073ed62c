import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail } from '../../kiosk-config/src/index';
import { CATALOGUE, FOUND_APPLICATION as FOUND, ok } from '../support/journey-fixtures';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';

/**
 * The status journey's hook (`useStatusJourney`) driven through React in Chromium, on a fake
 * KioskApi: the number typed or scanned, one lookup per double tap or double scan, the answer,
 * and one slip per double tap.
 */
describe('status journey (useStatusJourney) on a fake KioskApi', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium();
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function openStatus() {
    await ui.mount({ canned: { 'tickets.catalogue': ok(CATALOGUE) } });
    await ui.page.getByTestId('home-status').click();
    await ui.screen('screen-status');
  }

  it('a typed number: a double tap on «Найти» looks up once; the result prints one slip per double tap', async () => {
    await openStatus();
    await ui.page.getByTestId('keypad-mode-digits').click();
    for (const digit of '9137528146') await ui.page.getByTestId(`keypad-key-${digit}`).click();
    await ui.tapTwice('status-search');
    await ui.screen('screen-status-searching');
    expect(await ui.calls('status.lookup')).toEqual([
      { name: 'status.lookup', input: { applicationNumber: '9137528146' } },
    ]);
    await ui.answer('status.lookup', ok(FOUND));
    await ui.screen('screen-status-result');
    await ui.tapTwice('status-print');
    await ui.answer('status.printSlip', ok({ printed: true }));
    await ui.page.getByTestId('status-print-done').waitFor();
    expect(await ui.calls('status.printSlip')).toEqual([{ name: 'status.printSlip', input: { language: 'ru' } }]);
  });

  it('a receipt scanned twice while searching: one lookup; a fault offers «Попробовать ещё раз»', async () => {
    await openStatus();
    await ui.emit('scanner.scanned', { text: 'КУВД-001/2021-3670443', kind: 'text' });
    await ui.screen('screen-status-searching');
    await ui.emit('scanner.scanned', { text: 'КУВД-001/2021-3670443', kind: 'text' });
    expect(await ui.calls('status.lookup')).toHaveLength(1);
    await ui.answer('status.lookup', fail('hub_unreachable', 'down'));
    await ui.screen('screen-status-error');
    await ui.page.getByTestId('status-retry').click();
    await ui.screen('screen-status-searching');
    expect(await ui.calls('status.lookup')).toHaveLength(2);
  });
});
