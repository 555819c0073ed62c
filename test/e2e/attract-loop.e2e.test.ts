import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentView, KioskInfo } from '../../kiosk-config/src/index';
import { solidPng } from '../support/decodable-png';
import { eventually } from '../support/eventually';
import { APP_INFO, CATALOGUE, FEE, ok } from '../support/journey-fixtures';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';

const INFO: KioskInfo = APP_INFO;

const GREEN_PNG = solidPng(64, 96, [30, 160, 60]);
const GREEN_URL = `/content/${createHash('sha256').update(GREEN_PNG).digest('hex')}`;

const NO_ITEMS: ContentView = { releaseId: 'r-plain', version: 1, announcements: [], texts: {}, attract: [] };

/**
 * The attract loop (`AttractLoop`, `useAttract`) on the whole page in real Chromium on a fake
 * KioskApi: it plays without any content, says in large text what the kiosk can do (Russian, the
 * other offered languages beneath), takes turns with the release's images, starts at once after
 * the idle reset, and the touch that stops it starts a session on the home screen.
 */
describe('the attract loop says what the kiosk can do', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium({
      files: new Map([[GREEN_URL, { contentType: 'image/png', body: GREEN_PNG }]]),
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function mountApp(content: ContentView, info: KioskInfo) {
    await ui.mount({
      app: true,
      canned: {
        'kiosk.info': ok(info),
        'tickets.catalogue': ok(CATALOGUE),
        'content.healthy': ok({ accepted: true }),
        'content.current': ok(content),
      },
    });
  }

  const loop = () => ui.page.getByTestId('attract-loop');

  it('plays with no content at all: a slide per journey, Russian first with English and Tatar beneath', async () => {
    await mountApp(NO_ITEMS, INFO);
    const slide = ui.page.getByTestId('attract-slide-ticket');
    await slide.waitFor();
    const lines = await slide
      .locator('p')
      .evaluateAll((ps) => ps.map((p) => `${p.getAttribute('lang')}: ${(p.textContent ?? '').trim()}`));
    expect(lines).toEqual([
      'ru: Здесь можно',
      'en: Here you can',
      'tt: Монда мөмкин',
      'ru: Взять талон в очередь',
      'en: Take a queue ticket',
      'tt: Чиратка талон алырга',
    ]);
    expect(await ui.page.getByTestId('attract-hint').textContent()).toContain('Touch the screen to start');

    // The next journey's slide follows.
    await ui.page.getByTestId('attract-slide-booking').waitFor({ timeout: 15_000 });
  });

  it('takes turns with the release’s images', async () => {
    await mountApp(
      { ...NO_ITEMS, releaseId: 'r-images', attract: [{ url: GREEN_URL, kind: 'image', seconds: 1 }] },
      INFO,
    );
    await ui.page.getByTestId('attract-slide-ticket').waitFor();
    await eventually(
      async () => (await loop().getAttribute('data-shows')) === 'image',
      'the image after the slide',
      15_000,
    );
    expect(await loop().getAttribute('data-step')).toBe('1');
    await ui.page.getByTestId('attract-slide-booking').waitFor();
    expect(await loop().getAttribute('data-step')).toBe('2');
  });

  it('starts at once after the idle reset, not after a visitor ended their own session', async () => {
    // A long idle time: only the idle reset can start the loop within this test.
    await mountApp(NO_ITEMS, { ...INFO, idleResetSeconds: 600 });
    await ui.page.getByTestId('home-status').click();
    await ui.screen('screen-status');
    await ui.emit('session.reset', { reason: 'visitor', sessionId: 's-1' });
    await ui.page.getByTestId('home-status').click();
    await ui.screen('screen-status');
    await ui.emit('session.reset', { reason: 'idle', sessionId: 's-2' });
    await ui.page.getByTestId('screen-home').waitFor();
    await loop().waitFor();
  });

  it('does not start at once after an idle reset the page did not follow (a card payment on screen)', async () => {
    await ui.mount({
      app: true,
      canned: {
        'kiosk.info': ok({ ...INFO, idleResetSeconds: 600 }),
        'tickets.catalogue': ok(CATALOGUE),
        'content.healthy': ok({ accepted: true }),
        'content.current': ok(NO_ITEMS),
        'payments.fees': ok({ fees: [FEE], terminalReady: true }),
        'payments.start': ok({ paymentId: 'p1', noAnswerMs: 15_000 }),
        'payments.state': ok({ phase: 'in_progress', paymentId: 'p1', stage: 'present_card', cardRead: false }),
      },
    });
    await ui.page.getByTestId('home-pay').click();
    await ui.page.getByTestId('pay-choose-list').click();
    await ui.page.getByTestId(`fee-${FEE.serviceId}`).click();
    await ui.page.getByTestId('pay-confirm').click();
    await ui.emit('payment.progress', { paymentId: 'p1', stage: 'present_card', cardRead: false });
    await ui.screen('screen-pay-card');
    // Not followed: the card screen stays, and the visitor is still there.
    await ui.emit('session.reset', { reason: 'idle', sessionId: 's-1' });
    await ui.emit('payment.finished', { paymentId: 'p1', end: { outcome: 'declined' } });
    await ui.page.getByTestId('pay-result-declined').waitFor();
    await ui.page.getByTestId('nav-home').click();
    await ui.page.getByTestId('home-status').waitFor();
    // The loop would start at once (a zero timer) after an idle reset; its wait here is 600 s.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await loop().count()).toBe(0);
  });

  // The touch that ends the loop starts a session on home and presses nothing beneath:
  // content-screens-hook.e2e.test.ts, «the attract loop starts when idle, cycles…».
});
