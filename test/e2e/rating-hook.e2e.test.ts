import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContentView, fail, type KioskInfo } from '../../kiosk-config/src/index';
import { APP_INFO, CATALOGUE, ok } from '../support/journey-fixtures';
import { type JourneyInChromium, startJourneyInChromium } from '../support/journey-in-chromium';

const INFO: KioskInfo = { ...APP_INFO, idleResetSeconds: 600 };
const CONTENT = { announcements: [], texts: {}, attract: [], office: { hours: {} } } as unknown as ContentView;
const FOLLOW_LINK = 'http://127.0.0.1:8080/q/AbCdEfGhIjKlMnOpQrStUvWx';

/**
 * The rating screen on the whole kiosk page in Chromium, on a fake KioskApi: a ticket's QR scanned
 * on the home screen opens it; when the kiosk can neither reach the hub nor keep the rating for
 * it, the visitor is told so (not thanked as if it would be sent), keeps the score, and can send
 * it again.
 */
describe('the rating screen on the kiosk page', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium();
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('says a rating it could not send or keep was not sent, and sends it on a second try', async () => {
    await ui.mount({
      app: true,
      canned: {
        'kiosk.info': ok(INFO),
        'tickets.catalogue': ok(CATALOGUE),
        'content.current': ok(CONTENT),
        'content.healthy': ok({ accepted: true }),
        'session.activity': ok({}),
        'rating.offer': ok({ outcome: 'open', serviceName: 'Замена паспорта', number: 'П-007' }),
      },
    });
    await ui.screen('screen-home');
    await ui.emit('scanner.scanned', { text: FOLLOW_LINK, kind: 'text' });
    await ui.screen('screen-rating');
    await ui.page.getByTestId('rating-score-2').click();
    await ui.page.getByTestId('rating-send').click();
    await ui.answer(
      'rating.submit',
      fail('hub_unreachable', 'the hub is out of reach and the rating could not be kept'),
    );

    const unsent = ui.page.getByTestId('rating-unsent');
    await unsent.waitFor();
    expect(await unsent.textContent()).toBe(
      'Оценку не удалось отправить. Попробуйте ещё раз или оцените позже с телефона по QR-коду на талоне.',
    );
    expect(await ui.page.getByText('Спасибо за оценку!').count()).toBe(0);
    expect(await ui.page.getByText('Оценка будет передана').count()).toBe(0);
    expect(await ui.page.getByTestId('rating-score-2').getAttribute('aria-pressed')).toBe('true');

    await ui.page.getByTestId('rating-send').click();
    await ui.answer('rating.submit', ok({ outcome: 'queued' }));
    await ui.page.getByText('Спасибо за оценку!').waitFor();
    expect(await ui.page.getByTestId('rating-message').textContent()).toBe('Спасибо за оценку!');
    expect(await ui.calls('rating.submit')).toEqual([
      { name: 'rating.submit', input: { score: 2, reasons: [] } },
      { name: 'rating.submit', input: { score: 2, reasons: [] } },
    ]);
  });
});
