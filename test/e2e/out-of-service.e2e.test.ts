import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { type KioskInChromium, startKioskInChromium } from '../support/kiosk-in-chromium';

/**
 * The centre puts a kiosk out of service and back with remote commands: in real Chromium the
 * visitor screen says «Терминал временно не работает» with what to do instead and the office's
 * hours, and nothing else to touch; back in service, the home screen returns. A visitor in the
 * middle of something finishes first.
 */
describe('out of service by a remote command, in Chromium', () => {
  let kiosk: KioskInChromium;

  beforeAll(async () => {
    kiosk = await startKioskInChromium({ session: { idleResetSeconds: 60, idleWarningSeconds: 15 } });
    await eventually(() => kiosk.kiosk.core.hub.link.enrolled, 'the kiosk enrolling', 15_000);
  }, 60_000);
  afterAll(async () => {
    await kiosk?.close();
  });

  const issue = async (kind: string, params: Record<string, unknown> = {}) => {
    const issued = await kiosk.kiosk.hub
      .commands()
      .issueCommand({ kioskId: kiosk.kiosk.core.config.kiosk.id, kind, params, issuer: 'техник Петров' });
    if (!issued.ok) throw new Error(issued.reason);
    return issued.command.id;
  };

  it('waits for the visitor, shows «Терминал временно не работает» with what to do instead, then comes back', async () => {
    const { page } = kiosk;
    // A visitor is choosing a ticket: the command waits for their session to end.
    await page.getByTestId('home-ticket').click();
    await eventually(() => kiosk.kiosk.core.session.active, 'the visitor session starting');
    const id = await issue('service.out', { hours: 'пн–пт 8:00–20:00, сб 9:00–15:00' });
    await eventually(
      async () => (await kiosk.kiosk.hub.commands().store.find(id))?.state === 'delivered',
      'the hand-out',
    );
    expect(await page.getByTestId('screen-out-of-service').count()).toBe(0);

    await page.getByTestId('nav-home').click();
    await page.getByTestId('screen-out-of-service').waitFor({ timeout: 10_000 });
    expect(await kiosk.text('screen-out-of-service')).toContain('Терминал временно не работает');
    expect(await kiosk.text('out-of-service-instead')).toBe('Талон можно получить у сотрудника центра');
    expect(await kiosk.text('out-of-service-hours')).toBe('Часы работы центра: пн–пт 8:00–20:00, сб 9:00–15:00');
    expect(await page.getByTestId('home-ticket').count()).toBe(0);
    await kiosk.screenshot('out-of-service');

    // A reload (the window restarted) still shows it: the mode is the main side's, kept on disk.
    await page.reload();
    await page.getByTestId('screen-out-of-service').waitFor({ timeout: 10_000 });

    await issue('service.in');
    await page.getByTestId('screen-home').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('screen-out-of-service').count()).toBe(0);
  }, 60_000);
});
