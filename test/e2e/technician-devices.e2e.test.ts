import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codePageRows } from '../../electron/services/technician/devices/test-page';
import { eventually } from '../support/eventually';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/**
 * The technician's «Устройства» page in real Chromium on the browser host, with the default
 * config's simulated devices: «Пробная печать» prints through the real driver onto the
 * simulator's paper; «Проверить сканер» takes the next scan away from every visitor screen and
 * shows its text, symbology and AIM identifier.
 */
describe('the technician’s devices page, in Chromium', () => {
  let kiosk: KioskInChromium;

  beforeAll(async () => {
    kiosk = await startKioskInChromium({ session: { idleResetSeconds: 60, idleWarningSeconds: 15 } });
    kiosk.kiosk.core.technician.open('Петров И.', 'qr');
    await kiosk.page.getByTestId('technician-page-devices').waitFor({ timeout: 10_000 });
    await kiosk.page.getByTestId('device-printer').waitFor({ timeout: 10_000 });
  }, 60_000);
  afterAll(async () => {
    await kiosk?.close();
  });

  it('shows every configured device with its state, and the printer out of paper in words', async () => {
    for (const kind of ['printer', 'scanner', 'payment_terminal']) {
      await kiosk.page.getByTestId(`device-${kind}`).waitFor();
    }
    await eventually(async () => (await kiosk.text('device-printer-state')) === 'Готов', 'the printer ready');
    await kiosk.screenshot('technician-devices');

    kiosk.printer().setState({ paperOut: true });
    await eventually(
      async () => (await kiosk.text('device-printer-state')) === 'Закончилась бумага',
      'the page showing the paper out',
      10_000,
    );
    expect(await kiosk.text('device-printer-advice')).toContain('Талоны не выдаются: закончилась бумага');
    expect(await kiosk.text('device-printer-last-fault')).toContain('нет бумаги');
    await kiosk.screenshot('technician-devices-paper-out');
    kiosk.printer().setState({ paperOut: false });
    await eventually(
      async () => (await kiosk.text('device-printer-state')) === 'Готов',
      'the printer ready again',
      10_000,
    );
  }, 60_000);

  it('«Пробная печать» prints the test page on the simulator’s paper and says it printed', async () => {
    const printed = kiosk.printer().tickets.length;
    await kiosk.page.getByTestId('device-test-print').click();
    await eventually(
      async () => (await kiosk.text('device-test-print-result')).startsWith('Напечатано'),
      'the test print confirmed',
      20_000,
    );
    expect(await kiosk.text('device-test-print-detail')).toBe(
      'Производитель: Generic · Модель: POS-80 · Прошивка: 1.0',
    );
    const paper = kiosk.printer().tickets[printed];
    if (!paper) throw new Error('no test page on the simulator’s paper');
    expect(paper.lines).toContain('ПРОБНАЯ ПЕЧАТЬ');
    expect(paper.lines.some((line) => /^Модель +POS-80$/.test(line))).toBe(true);
    for (const row of codePageRows('cp866')) expect(paper.lines).toContain(row);
    expect(paper.qr[0]).toMatch(new RegExp(`^okno:test-page:${kiosk.kiosk.core.config.kiosk.id}:`));
    expect(paper.items.find((item) => item.type === 'barcode')).toMatchObject({ symbology: 'CODE128' });
    await kiosk.screenshot('technician-devices-test-print');
  }, 60_000);

  it('«Диагностика терминала» runs the ZVT diagnosis; «Закрыть смену» closes the day through the centre’s path', async () => {
    const { page } = kiosk;
    await page.getByTestId('device-terminal').click();
    await eventually(
      async () => (await kiosk.text('device-terminal-result')).startsWith('Терминал отвечает и готов'),
      'the terminal diagnosis',
      20_000,
    );
    expect(await kiosk.text('device-terminal-detail')).toContain('ДИАГНОСТИКА');
    expect(kiosk.kiosk.core.simulators.paymentTerminal?.received.some((c) => c.type === 'diagnosis')).toBe(true);

    await page.getByTestId('device-close-day').click();
    await eventually(
      async () => (await kiosk.text('device-terminal-result')).startsWith('Смена закрыта'),
      'the day closed',
      30_000,
    );
    await eventually(
      async () => (await kiosk.text('device-terminal-day')).startsWith('закрыта'),
      'the card showing the day closed',
    );
    expect(kiosk.kiosk.core.payments.service.lastEndOfDayAt).toBeDefined();
    await page.getByTestId('device-terminal-result').scrollIntoViewIfNeeded();
    await kiosk.screenshot('technician-devices-terminal');
  }, 60_000);

  it('«Проверить сканер» shows the next scan’s text, symbology and AIM id, and no visitor screen gets it', async () => {
    const visitorScans: unknown[] = [];
    const stop = kiosk.kiosk.core.onEvent((name, payload) => {
      if (name === 'scanner.scanned') visitorScans.push(payload);
    });
    try {
      await kiosk.page.getByTestId('device-test-scan').click();
      await eventually(
        async () => (await kiosk.text('device-test-scan-result')).includes('30 секунд'),
        'the page waiting for a scan',
      );
      await kiosk.scanner().scan('TEST-4601', { symbology: ']Q1' });
      await kiosk.page.getByTestId('device-scan').waitFor({ timeout: 10_000 });
      expect(await kiosk.text('device-scan-text')).toBe('TEST-4601');
      expect(await kiosk.text('device-scan-symbology')).toBe('QR Code');
      expect(await kiosk.text('device-scan-aim')).toBe(']Q1');
      await eventually(
        async () => (await kiosk.text('device-scanner-last-scan')).startsWith('QR Code (]Q1), 9 знаков'),
        'the last code on the scanner’s card',
      );
      expect(visitorScans).toEqual([]);
      await kiosk.page.getByTestId('device-scan').scrollIntoViewIfNeeded();
      await kiosk.screenshot('technician-devices-test-scan');

      // Outside the test a scan goes on to the screen as always.
      await kiosk.scanner().scan('4601234567893', { symbology: ']E0' });
      await eventually(() => visitorScans.length === 1, 'the scan reaching the screen');
    } finally {
      stop();
    }
  }, 60_000);
});
