import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes } from '../../kiosk-config/src/content/media-test-support';
import { type ContentView, fail, type KioskInfo } from '../../kiosk-config/src/index';
import { solidPng } from '../support/decodable-png';
import { eventually } from '../support/eventually';
import { APP_INFO, CATALOGUE, ok } from '../support/journey-fixtures';
import { type JourneyInChromium, type ServedFile, startJourneyInChromium } from '../support/journey-in-chromium';

/** Seconds idle before the attract loop: `kiosk.info`'s `idleResetSeconds`, short here. */
const INFO: KioskInfo = APP_INFO;

/** A file served at `/content/<its sha256>`, as the browser host serves a release's files. */
function contentFile(body: Uint8Array): { url: string; served: ServedFile } {
  const url = `/content/${createHash('sha256').update(body).digest('hex')}`;
  return { url, served: { contentType: 'image/png', body } };
}

const RED = contentFile(solidPng(64, 96, [200, 30, 30]));
const BLUE = contentFile(solidPng(64, 96, [30, 30, 200]));
/** PNG headers and nothing to draw: the main side's magic-byte check passes it, Chromium cannot decode it. */
const BROKEN = contentFile(pngBytes(64, 96));

const EMPTY: ContentView = { announcements: [], texts: {}, attract: [] };

function release(releaseId: string, changes: Partial<ContentView> = {}): ContentView {
  return { ...EMPTY, releaseId, version: 1, ...changes };
}

/**
 * The visitor's side of the content channel, the whole page (`App`) in real Chromium on a fake
 * KioskApi: texts and announcements from the release with the built-in Russian as fallback, the
 * attract loop after idle that swallows the touch that stops it, a new release applied only at
 * an idle moment, and the health report after the release's files loaded.
 */
describe('content on the screens (useContent, attract loop) on a fake KioskApi', () => {
  let ui: JourneyInChromium;

  beforeAll(async () => {
    ui = await startJourneyInChromium({
      files: new Map([RED, BLUE, BROKEN].map((f) => [f.url, f.served])),
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** The whole page; `content.current` waits for the test's answer unless canned. */
  async function mountApp(content?: ContentView, info: KioskInfo = { ...INFO, idleResetSeconds: 600 }) {
    await ui.mount({
      app: true,
      canned: {
        'kiosk.info': ok(info),
        'tickets.catalogue': ok(CATALOGUE),
        'content.healthy': ok({ accepted: true }),
        ...(content === undefined ? {} : { 'content.current': ok(content) }),
      },
    });
  }

  const title = () => ui.page.getByTestId('home-title').textContent();

  async function healthReports() {
    return (await ui.calls('content.healthy')).map((call) => call.input);
  }

  it('shows the release’s texts and announcements on home; unknown keys ignored, an empty text falls back', async () => {
    await mountApp(
      release('r-texts', {
        texts: {
          ru: {
            'home.title': 'Добро пожаловать в МФЦ!',
            'home.ticket.label': 'Получить талон',
            'home.help': '',
            'home.nosuchkey': 'не показывается',
          },
        },
        announcements: [
          { id: 'water', title: 'Отключение воды 12 декабря', body: 'Центр работает до 14:00.' },
          { id: 'pension', title: 'Приём по пенсиям', body: 'По вторникам, окно 3.' },
        ],
      }),
    );
    await ui.page.getByText('Добро пожаловать в МФЦ!').waitFor();
    expect(await ui.page.getByTestId('home-ticket').textContent()).toContain('Получить талон');
    expect(await ui.page.getByTestId('home-help').textContent()).toBe(
      'Если что-то непонятно, вам поможет сотрудник центра.',
    );
    expect(await ui.page.getByTestId('announcement-water').textContent()).toContain('Центр работает до 14:00.');
    expect(await ui.page.getByTestId('announcement-pension').isVisible()).toBe(true);
    expect(await ui.page.getByText('не показывается').count()).toBe(0);
  });

  it('without content, or with an answer that breaks the contract, the built-in Russian and no announcements', async () => {
    await mountApp(EMPTY);
    await eventually(async () => (await ui.calls('content.current')).length === 1, 'content.current asked');
    expect(await title()).toBe('Здравствуйте! Что вы хотите сделать?');
    expect(await ui.page.getByTestId('home-announcements').count()).toBe(0);

    await mountApp();
    await ui.answer('content.current', ok({ ...EMPTY, texts: { ru: { 'home.title': 42 } } }));
    await ui.page.getByTestId('home-ticket').waitFor();
    expect(await title()).toBe('Здравствуйте! Что вы хотите сделать?');
    // A failed call keeps the built-in texts (and is asked again later).
    await mountApp();
    await ui.answer('content.current', fail('internal', 'down'));
    expect(await title()).toBe('Здравствуйте! Что вы хотите сделать?');
  });

  it('the attract loop starts when idle, cycles, and the touch that stops it presses nothing beneath', async () => {
    await mountApp(
      release('r-attract', {
        texts: { ru: { 'attract.touchToStart': 'Нажмите, чтобы начать' } },
        attract: [
          { url: RED.url, kind: 'image', seconds: 1 },
          { url: BLUE.url, kind: 'image', seconds: 1 },
        ],
      }),
      INFO,
    );
    const loop = ui.page.getByTestId('attract-loop');
    await loop.waitFor();
    // The release's Russian hint first (the other languages' lines beneath: attract-loop.e2e.test.ts).
    expect(await ui.page.getByTestId('attract-hint').locator('p').first().textContent()).toBe('Нажмите, чтобы начать');
    // The built-in slides take turns with the release's images (attract-loop.e2e.test.ts).
    await eventually(
      async () => (await loop.getAttribute('data-shows')) === 'image',
      'the loop reached an image',
      15_000,
    );
    expect(await loop.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(
      64,
    );
    const activityBefore = (await ui.calls('session.activity')).length;

    // A tap right on «Узнать статус заявления» beneath the loop.
    const button = await ui.page.getByTestId('home-status').boundingBox();
    if (button === null) throw new Error('home-status has no box');
    await ui.page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    await loop.waitFor({ state: 'detached' });
    await ui.page.getByTestId('input-shield').waitFor({ state: 'detached' });
    expect(await ui.page.getByTestId('screen-home').isVisible()).toBe(true);
    expect(await ui.page.getByTestId('screen-status').count()).toBe(0);
    // The touch started a visit (the main side's session counts from it).
    expect((await ui.calls('session.activity')).length).toBe(activityBefore + 1);

    // The visit under way: the loop stays away, and the next tap is the visitor's.
    await ui.page.getByTestId('home-status').click();
    await ui.screen('screen-status');
    expect(await loop.count()).toBe(0);
  });

  it('no attract items: the loop plays its built-in slides alone', async () => {
    await mountApp(release('r-noloop'), INFO);
    await ui.page.getByTestId('attract-slide-ticket').waitFor();
    expect(await ui.page.getByTestId('attract-loop').locator('img, video').count()).toBe(0);
  });

  it('a release that comes mid-journey, or while a visitor stands at home, is shown only back at home after the visit', async () => {
    await mountApp();
    await ui.answer('content.current', ok(release('r-one', { texts: { ru: { 'home.title': 'Первый выпуск' } } })));
    await ui.page.getByText('Первый выпуск').waitFor();

    // Mid-journey: the status screen is open when the new release comes.
    await ui.page.getByTestId('home-status').click();
    await ui.screen('screen-status');
    await ui.emit('content.changed', { releaseId: 'r-two' });
    await ui.answer('content.current', ok(release('r-two', { texts: { ru: { 'home.title': 'Второй выпуск' } } })));
    expect(await healthReports()).not.toContainEqual(expect.objectContaining({ releaseId: 'r-two' }));
    await ui.page.getByTestId('nav-home').click();
    await ui.page.getByText('Второй выпуск').waitFor();
    await eventually(
      async () => (await healthReports()).some((r) => (r as { releaseId: string }).releaseId === 'r-two'),
      'r-two reported once home drew it',
    );

    // A visitor touched the home screen (a visit under way): the home screen does not change under them.
    await ui.page.getByTestId('home-title').click();
    await ui.emit('content.changed', { releaseId: 'r-three' });
    await ui.answer('content.current', ok(release('r-three', { texts: { ru: { 'home.title': 'Третий выпуск' } } })));
    await ui.page.waitForTimeout(300);
    expect(await title()).toBe('Второй выпуск');
    // The session ends (the main side's idle reset): the kiosk is idle, the release is shown.
    await ui.emit('session.reset', { reason: 'idle', sessionId: 's-1' });
    await ui.page.getByText('Третий выпуск').waitFor();
  });

  it('reports a release healthy once its files loaded, once per release; a broken image reports ok:false', async () => {
    await mountApp();
    await ui.answer(
      'content.current',
      ok(release('r-good', { attract: [{ url: RED.url, kind: 'image', seconds: 5 }] })),
    );
    await eventually(async () => (await healthReports()).length === 1, 'a health report');
    expect(await healthReports()).toEqual([{ releaseId: 'r-good', ok: true }]);
    // The same release again (a content.changed that changed nothing): not reported twice.
    await ui.emit('content.changed', { releaseId: 'r-good' });
    await ui.answer(
      'content.current',
      ok(release('r-good', { attract: [{ url: RED.url, kind: 'image', seconds: 5 }] })),
    );
    await ui.page.waitForTimeout(500);
    expect(await healthReports()).toHaveLength(1);

    await ui.emit('content.changed', { releaseId: 'r-broken' });
    await ui.answer(
      'content.current',
      ok(
        release('r-broken', {
          attract: [
            { url: BLUE.url, kind: 'image', seconds: 5 },
            { url: BROKEN.url, kind: 'image', seconds: 5 },
          ],
        }),
      ),
    );
    await eventually(async () => (await healthReports()).length === 2, 'the broken release reported');
    const [, broken] = (await healthReports()) as { releaseId: string; ok: boolean; problem?: string }[];
    expect(broken).toMatchObject({ releaseId: 'r-broken', ok: false });
    expect(broken?.problem).toContain(`attract image ${BROKEN.url.slice('/content/'.length, '/content/'.length + 12)}`);
    expect(broken?.problem?.length).toBeLessThanOrEqual(200);
  });
});
