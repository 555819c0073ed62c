import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/**
 * A ticket the printer took whole but never confirmed (its port was lost just after the last
 * byte): the hub keeps it in the queue, so the screen must give the visitor the number, large,
 * with what to do if no paper came out.
 */
describe('an unconfirmed ticket in Chromium through the browser host', () => {
  let ui: KioskInChromium;

  beforeAll(async () => {
    ui = await startKioskInChromium({ session: { idleResetSeconds: 60, idleWarningSeconds: 15 } });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** The computed font size of an element, in CSS pixels. */
  const fontSize = (testId: string) =>
    ui.page
      .getByTestId(testId)
      .evaluate((element) =>
        Number.parseFloat(element.ownerDocument.defaultView?.getComputedStyle(element).fontSize ?? '0'),
      );

  it('shows the number and «Если талон не вышел, назовите этот номер сотруднику» large', async () => {
    const printer = ui.printer();
    const paper = printer.waitForTicket(15_000);
    printer.dropPortAfterJob = true;

    await ui.page.getByTestId('home-ticket').click();
    await ui.page.getByTestId('category-passports').click();
    await ui.page.getByTestId('service-passport-rf').click();
    await ui.page.getByTestId('ticket-confirm').click();
    await ui.page.getByTestId('screen-ticket-issued').waitFor();

    expect(await ui.text('ticket-number')).toBe('Б-001');
    expect(await ui.text('ticket-unconfirmed-note')).toBe('Если талон не вышел, назовите этот номер сотруднику');
    expect((await ui.page.locator('.screen-title').textContent())?.trim()).toBe('Запомните ваш номер');
    expect(await fontSize('ticket-number')).toBeGreaterThanOrEqual(110);
    expect(await fontSize('ticket-unconfirmed-note')).toBeGreaterThanOrEqual(32);
    expect(await ui.page.getByTestId('screen-ticket-error').count()).toBe(0);
    await ui.screenshot('e2e-ticket-unconfirmed');

    // The printer did print it: it just could not say so before its port went.
    expect((await paper).lines.join('\n')).toContain('Б-001');
    await ui.kiosk.core.simulators.replug('printer');
  });
});
