import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrinterProfile } from '../../drivers/printer/load-printer-profile';
import { type SimulatedPrinter, startSimulatedPrinter } from '../../drivers/sim/escpos-printer-simulator';
import { CHECK_SLIP_TITLE } from '../../electron/services/technician/ports/check-slip';
import { KioskConfig } from '../../kiosk-config/src/index';
import { eventually } from '../support/eventually';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/** A saved device change waits this long for «Работает» here (the kiosk's minute is long for a test). */
const CONFIRM_MS = 6000;

/**
 * The technician moves the receipt printer to another port: the first simulator's cable is
 * pulled and the printer comes back on a new pseudo-terminal. On «Подключение» the new port is
 * listed as a simulator, chosen with the printer's profile; «Проверить» prints the check slip on
 * it (decoded from the simulator's paper), «Сохранить» re-attaches the printer there, «Работает»
 * keeps it, and once the technician has left a visitor's ticket comes out of the new port. Then a
 * port that does not answer is saved and left unconfirmed: the kiosk rolls it back by itself and
 * prints again. «Настройки» checks a field in Russian as it is typed and saves the ticket footer.
 */
describe('technician: «Подключение» and «Настройки», in Chromium', () => {
  let kiosk: KioskInChromium;
  const started: SimulatedPrinter[] = [];

  const startPrinter = async (): Promise<SimulatedPrinter> => {
    const printer = await startSimulatedPrinter({ profile: await loadPrinterProfile('generic-80mm') });
    started.push(printer);
    return printer;
  };
  const configuredPrinterPath = async (): Promise<string | undefined> => {
    const config = KioskConfig.parse(JSON.parse(await readFile(kiosk.kiosk.core.configFile, 'utf8')));
    const connection = config.devices.printer?.connection;
    return connection?.kind === 'serial' ? connection.path : connection?.kind;
  };
  const openPortsPage = async () => {
    kiosk.kiosk.core.technician.open('Петров И.', 'qr');
    await kiosk.page.getByTestId('technician-mode').waitFor();
    await kiosk.page.getByTestId('technician-tab-ports').click();
    await kiosk.page.getByTestId('ports-page').waitFor();
  };
  const portOption = (path: string) => kiosk.page.locator(`[data-testid="port-option"][data-path="${path}"]`);

  beforeAll(async () => {
    kiosk = await startKioskInChromium({
      session: { idleResetSeconds: 120, idleWarningSeconds: 15 },
      configConfirmMs: CONFIRM_MS,
    });
    await eventually(() => kiosk.kiosk.core.hub.link.enrolled, 'the kiosk enrolling', 15_000);
  }, 60_000);
  afterAll(async () => {
    // The kiosk lets go of the ports first, then the simulators stop.
    await kiosk?.close();
    await Promise.all(started.map((printer) => printer.close()));
  });

  it('replug on another port → pick it → check slip decodes → save → «Работает» → a ticket prints there', async () => {
    const { page } = kiosk;
    const core = kiosk.kiosk.core;
    await core.simulators.unplug('printer');
    const moved = await startPrinter();

    await openPortsPage();
    await page.getByTestId('ports-refresh').click();
    await portOption(moved.devicePath).waitFor();
    expect(await portOption(moved.devicePath).textContent()).toContain('симулятор: принтер');
    await portOption(moved.devicePath).click();
    await page.getByTestId('profile-option-generic-80mm').click();
    await page.getByTestId('baud-option-115200').click();
    await kiosk.screenshot('technician-ports');

    await page.getByTestId('ports-try').click();
    const slip = await moved.simulator.waitForTicket(15_000);
    expect(slip.lines[0]?.trim()).toBe(CHECK_SLIP_TITLE);
    expect(slip.lines.join('\n')).toContain(`Порт: ${moved.devicePath}`);
    expect(slip.lines).toContain('АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ');
    expect(slip.lines).toContain('абвгдеёжзийклмнопрстуфхцчшщъыьэюя №');
    expect(slip.cut).toBe(true);
    await expect(page.getByTestId('ports-try-result').textContent()).resolves.toContain('Напечатан');
    // Nothing was saved by trying.
    expect(await configuredPrinterPath()).toBe('simulated');

    await page.getByTestId('ports-save').click();
    await page.getByTestId('config-pending').waitFor();
    expect(await configuredPrinterPath()).toBe(moved.devicePath);
    await eventually(() => core.devices.ready('printer'), 'the printer ready on its new port', 10_000);
    await page.getByTestId('config-confirm').click();
    await expect(page.getByTestId('config-last').textContent()).resolves.toContain('подтверждено');

    await page.getByTestId('technician-exit').click();
    await page.getByTestId('screen-home').waitFor();
    await page.getByTestId('home-ticket').click();
    await page.getByTestId('category-passports').click();
    await page.getByTestId('service-passport-rf').click();
    await page.getByTestId('ticket-confirm').click();
    await page.getByTestId('screen-ticket-issued').waitFor({ timeout: 15_000 });
    const ticket = await moved.simulator.waitForTicket(15_000);
    expect(ticket.lines.join('\n')).toContain('Б-');
    await page.getByTestId('nav-home').click();
    await page.getByTestId('screen-home').waitFor();
    // Well past the window: a confirmed change stays.
    expect(await configuredPrinterPath()).toBe(moved.devicePath);
  }, 120_000);

  it('a port that does not answer, saved and not confirmed, is rolled back by itself and the printer prints again', async () => {
    const { page } = kiosk;
    const core = kiosk.kiosk.core;
    const working = started[0];
    if (!working) throw new Error('the first test moves the printer');
    const dead = await startPrinter();
    // A printer switched off, or a wrong speed: it answers nothing at all.
    dead.simulator.setState({ silent: true });

    await openPortsPage();
    await page.getByTestId('ports-refresh').click();
    await portOption(dead.devicePath).click();
    await page.getByTestId('ports-save').click();
    await page.getByTestId('config-pending').waitFor();
    expect(await configuredPrinterPath()).toBe(dead.devicePath);

    await page.getByTestId('config-last').waitFor({ timeout: CONFIRM_MS + 10_000 });
    await expect(page.getByTestId('config-last').textContent()).resolves.toContain('отменено');
    expect(await configuredPrinterPath()).toBe(working.devicePath);
    await eventually(() => core.devices.ready('printer'), 'the printer ready on its old port again', 10_000);
    const printed = await core.dispatch('tickets.issue', { serviceId: 'passport-rf' });
    expect(printed.ok).toBe(true);
    await working.simulator.waitForTicket(15_000);
    expect(dead.simulator.tickets).toHaveLength(0);
  }, 120_000);

  it('«Настройки»: checks a field in Russian as it is typed and saves the ticket footer', async () => {
    const { page } = kiosk;
    if ((await page.getByTestId('technician-mode').count()) === 0) {
      kiosk.kiosk.core.technician.open('Петров И.', 'qr');
      await page.getByTestId('technician-mode').waitFor();
    }
    await page.getByTestId('technician-tab-settings').click();
    await page.getByTestId('settings-page').waitFor();

    await page.getByTestId('settings-field-session-idleResetSeconds').click();
    for (let i = 0; i < 3; i++) await page.getByTestId('osk-backspace').click();
    await page.getByTestId('osk-key-5').click();
    await expect(page.getByTestId('settings-issue-session-idleResetSeconds').textContent()).resolves.toBe(
      'Не меньше 10',
    );
    expect(await page.getByTestId('settings-save').isDisabled()).toBe(true);
    await kiosk.screenshot('technician-settings');
    await page.getByTestId('osk-key-0').click();
    expect(await page.getByTestId('settings-issue-session-idleResetSeconds').count()).toBe(0);
    await page.getByTestId('osk-done').click();

    await page.getByTestId('settings-field-tickets-footer').click();
    const before = await kiosk.text('osk-value');
    for (let i = 0; i < before.length; i++) await page.getByTestId('osk-backspace').click();
    for (const char of 'тел') await page.getByTestId(`osk-key-${char}`).click();
    await page.getByTestId('osk-key-space').click();
    await expect(kiosk.text('osk-value')).resolves.toBe('тел');
    await page.getByTestId('osk-done').click();

    await page.getByTestId('settings-save').click();
    await page.getByTestId('config-restart-required').waitFor();
    const saved = JSON.parse(await readFile(kiosk.kiosk.core.configFile, 'utf8')) as {
      tickets: { footer: string };
      session: { idleResetSeconds: number };
    };
    expect(saved.tickets.footer).toBe('тел ');
    expect(saved.session.idleResetSeconds).toBe(50);
    // No secret reaches the page: the form has no hub section.
    const form = await kiosk.kiosk.core.dispatch('technician.settings.form', {});
    expect(JSON.stringify(form)).not.toMatch(/provisioningToken|hub\./);
  }, 120_000);
});
