import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHost, startBrowserHost } from '../../electron/host/host-server';
import { findAppRoot } from '../../electron/services/app-root';
import { type StartedKioskCore, startKioskCore } from '../../electron/services/composition-root';
import { hashPassword } from '../../hub/console/password-hash';
import { eventually } from '../support/eventually';
import { KIOSK_VIEWPORT, type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

const PIN = '2468';

/** A held press on one point: the hidden gesture's corners need two seconds. */
async function longPress(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.waitForTimeout(2_300);
  await page.mouse.up();
}

/** The hidden gesture: the top-left corner held, then the bottom-right one. */
async function cornerGesture(page: Page): Promise<void> {
  await longPress(page, 20, 20);
  await longPress(page, KIOSK_VIEWPORT.width - 20, KIOSK_VIEWPORT.height - 20);
}

/**
 * Getting into the technician mode in real Chromium, on the real core and hub: the hidden corner
 * gesture, a QR token the hub signed read by the simulated scanner, the audit reaching the hub;
 * nothing during a visitor session; five wrong PINs lock the PIN across a restart of the core.
 */
describe('technician access, in Chromium', () => {
  let ui: KioskInChromium;
  let restarted: { core: StartedKioskCore; host: BrowserHost } | undefined;

  beforeAll(async () => {
    const pinHash = await hashPassword(PIN);
    ui = await startKioskInChromium({
      session: { idleResetSeconds: 60, idleWarningSeconds: 15 },
      adjust: (config) => {
        config.technician = { idleMinutes: 5, pinHash };
      },
    });
    const { core } = ui.kiosk;
    await eventually(() => core.hub.link.enrolled, 'the kiosk enrolling', 15_000);
    await eventually(
      async () => {
        await core.tickets.setup.refresh();
        return core.tickets.setup.setup?.technician !== undefined;
      },
      "the hub's technician key in the setup",
      15_000,
      500,
    );
  }, 90_000);
  afterAll(async () => {
    if (restarted) {
      await ui.browser.close();
      await restarted.host.close();
      await restarted.core.close();
      await ui.kiosk.hub.stop();
    } else {
      await ui?.close();
    }
  });

  it('the gesture opens the sign-in; a QR token the hub signed opens the mode; the audit reaches the hub', async () => {
    const { page } = ui;
    const { core, hub } = ui.kiosk;
    await cornerGesture(page);
    await page.getByTestId('technician-sign-in').waitFor({ timeout: 5_000 });
    expect(await ui.text('technician-sign-in-qr')).toBe('Покажите QR-код техника сканеру');
    // The corners and the sign-in are the technician's touches, not a visit.
    expect(core.session.active).toBe(false);
    await ui.screenshot('technician-sign-in');

    // A code that is not a technician's is named as such.
    await ui.scanner().scan('4607012345678', { suffix: 'CR' });
    await eventually(
      async () => (await ui.text('technician-sign-in-problem')) === 'Это не QR-код техника.',
      'the refusal',
    );

    const issued = await hub
      .technician()
      .issue({ person: 'Петров И.', scope: { kind: 'kiosk', id: core.config.kiosk.id }, hours: 2, issuer: 'admin' });
    if (!issued.ok) throw new Error(issued.problem);
    await ui.scanner().scan(issued.token, { suffix: 'CR' });
    await page.getByTestId('technician-mode').waitFor({ timeout: 10_000 });
    expect(await ui.text('technician-banner')).toContain('Идёт обслуживание терминала');
    expect(await ui.text('technician-banner')).toContain('Петров И.');
    await ui.screenshot('technician-mode-entered');

    await page.getByTestId('technician-exit').click();
    await page.getByTestId('screen-home').waitFor({ timeout: 10_000 });

    // Left with «Выйти»: the same code is spent on this kiosk.
    await cornerGesture(page);
    await page.getByTestId('technician-sign-in').waitFor({ timeout: 5_000 });
    await ui.scanner().scan(issued.token, { suffix: 'CR' });
    await eventually(
      async () => (await ui.text('technician-sign-in-problem')).startsWith('С этим кодом уже вышли'),
      'the spent code refused',
    );
    await page.getByTestId('technician-sign-in-cancel').click();
    await page.getByTestId('screen-home').waitFor();

    // The hub got the entry and the exit through the outbox (no token text anywhere).
    const kioskId = core.config.kiosk.id;
    await eventually(
      async () => (await hub.technician().store.auditOfKiosk(kioskId)).some((line) => line.event === 'exit'),
      'the audit at the hub',
      15_000,
    );
    const lines = await hub.technician().store.auditOfKiosk(kioskId);
    expect(lines.filter((line) => line.event !== 'entry_refused').map((line) => [line.event, line.person])).toEqual([
      ['exit', 'Петров И.'],
      ['entry', 'Петров И.'],
    ]);
    expect(lines.find((line) => line.event === 'entry_refused')?.reason).toBe('spent');
    const outbox = await hub.outbox(kioskId);
    expect(JSON.stringify(outbox)).not.toContain(issued.token.split('.')[1]);
  }, 90_000);

  it('does nothing during a visitor session, and the main side refuses the sign-in meanwhile', async () => {
    const { page } = ui;
    const { core } = ui.kiosk;
    await page.getByTestId('home-ticket').click();
    await eventually(() => core.session.active, 'the visitor session starting');
    await cornerGesture(page);
    expect(await page.getByTestId('technician-sign-in').count()).toBe(0);
    expect(await page.getByTestId('technician-corner-top-left').count()).toBe(0);
    expect(await core.dispatch('technician.access', {})).toEqual({
      ok: true,
      value: { available: false, reason: 'visitor_session' },
    });
    expect(await core.dispatch('technician.signIn', { method: 'pin', pin: PIN })).toEqual({
      ok: true,
      value: { signedIn: false, reason: 'visitor_session' },
    });
    expect(core.technician.isOpen).toBe(false);
    await page.getByTestId('nav-home').click();
    await eventually(() => !core.session.active, 'the visitor session ending');
  }, 60_000);

  it('five wrong PINs lock the PIN, and the lock survives a restart of the core', async () => {
    const { page } = ui;
    await cornerGesture(page);
    await page.getByTestId('technician-pin-open').click();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      for (const digit of '1111') await page.getByTestId(`keypad-key-${digit}`).click();
      await page.getByTestId('technician-pin-submit').click();
      if (attempt < 5) {
        await eventually(
          async () =>
            (await ui.text('technician-sign-in-problem')) === `Неверный PIN. Осталось попыток: ${5 - attempt}.`,
          `wrong PIN ${attempt}`,
        );
      }
    }
    await page.getByTestId('technician-pin-locked').waitFor({ timeout: 5_000 });
    expect(await ui.text('technician-pin-locked')).toMatch(
      /^Слишком много неверных PIN\. Вход по PIN заблокирован до \d\d:\d\d\.$/,
    );
    await ui.screenshot('technician-pin-locked');

    // The core restarts on the same config and data folder; the page comes back on the new host.
    const configPath = ui.kiosk.core.configFile;
    await ui.kiosk.host.close();
    await ui.kiosk.core.close();
    const core = await startKioskCore({
      host: 'browser-host',
      configPath,
      hub: { url: ui.kiosk.hub.url, provisioningToken: ui.kiosk.hub.provisioningToken },
    });
    const host = await startBrowserHost({
      core,
      rendererDir: path.join(findAppRoot().dir, 'dist', 'renderer'),
      port: 0,
      log: core.log,
    });
    restarted = { core, host };
    await page.goto(host.url);
    await page.getByTestId('screen-home').waitFor({ timeout: 15_000 });
    // The right PIN now is refused too: the lock holds until its end.
    expect(await core.dispatch('technician.signIn', { method: 'pin', pin: PIN })).toMatchObject({
      ok: true,
      value: { signedIn: false, reason: 'locked' },
    });
    await cornerGesture(page);
    await page.getByTestId('technician-pin-open').click();
    await page.getByTestId('technician-pin-locked').waitFor({ timeout: 5_000 });
    expect(core.technician.isOpen).toBe(false);
  }, 120_000);
});
