import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../electron/host/host-server';
import { findAppRoot } from '../../electron/services/app-root';
import { pngBytes } from '../../kiosk-config/src/content/media-test-support';
import { launchChromium } from '../support/chromium';
import { startContentChannelUnderTest } from '../support/content-channel-under-test';
import { solidPng } from '../support/decodable-png';
import { eventually } from '../support/eventually';
import { KIOSK_VIEWPORT } from '../support/kiosk-in-chromium';
import { testArtifactsDir } from '../support/test-artifacts';

/**
 * Long enough for the page to load the release's files and report; the release the page calls
 * broken is rolled back at once on its report, not at the trial's end.
 */
const TRIAL_MS = 30_000;

/**
 * The content channel end to end with the REAL renderer: the real hub (`content init`, `content
 * publish` through the admin CLI), the real kiosk core trusting the root `init` wrote, the
 * browser host serving the built renderer and `/content/<sha256>`, and real Chromium showing it.
 * No test code sends `content.healthy`: the page does, after drawing home and loading the files.
 */
describe('content channel with the real renderer: publish → trial → the page reports → current or rolled back', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a good release becomes current on the page’s report; one whose attract image Chromium cannot decode is rolled back', async () => {
    const channel = await startContentChannelUnderTest(TRIAL_MS);
    cleanups.push(() => channel.close());
    const { hub, repository, core } = channel;
    const publish = (title: string, attractImage: Uint8Array): Promise<string> =>
      repository.publish({
        'texts.json': JSON.stringify({ ru: { 'home.title': title } }),
        'announcements.json': JSON.stringify([
          { id: 'hours', title: `Режим работы: ${title}`, body: 'В субботу центр работает до 14:00.' },
        ]),
        'attract-playlist.json': JSON.stringify({ items: [{ path: 'attract/1.png', seconds: 8 }] }),
        'attract/1.png': attractImage,
      });
    const status = () => repository.status();
    const host = await startBrowserHost({
      core,
      rendererDir: path.join(findAppRoot().dir, 'dist', 'renderer'),
      port: 0,
      log: core.log,
      contentFile: (sha256) => core.content.file(sha256),
    });
    cleanups.push(() => host.close());
    const browser: Browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page: Page = await browser.newPage({ viewport: KIOSK_VIEWPORT });
    await page.goto(host.url);
    await page.getByTestId('screen-home').waitFor();
    expect(await page.getByTestId('home-title').textContent()).toBe('Здравствуйте! Что вы хотите сделать?');
    expect(core.hub.link.enrolled).toBe(true);
    const current = async () => (await core.content.store?.current())?.releaseId;

    // A good release: downloaded, on trial, drawn and its image decoded by the page, which says so.
    const good = await publish('Добро пожаловать', solidPng(108, 192, [11, 74, 162]));
    expect(await core.content.check()).toBe('trial_started');
    await page.getByText('Добро пожаловать', { exact: true }).waitFor();
    expect(await page.getByTestId('announcement-hours').textContent()).toContain('В субботу центр работает до 14:00.');
    // The smallest text of the home screen is 28 px.
    expect(
      await page
        .getByTestId('announcement-hours')
        .locator('p')
        .evaluate(
          (p) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(p)
              .fontSize,
        ),
    ).toBe('28px');
    await page.screenshot({ path: path.join(await testArtifactsDir(), 'content-home-announcements.png') });
    await eventually(
      async () => (await core.content.store?.trialReleaseId()) === undefined,
      'the trial ended',
      TRIAL_MS,
    );
    expect(await current()).toBe(good);
    await eventually(
      async () => (await status()).some((l) => l.startsWith(`${good}\t`) && l.includes('current 1,')),
      'hub status: the good release current on 1 kiosk',
    );

    // A release whose attract image passes the kiosk's checks (PNG headers) but that Chromium cannot decode.
    const broken = await publish('Сломанный выпуск', pngBytes(108, 192));
    expect(await core.content.check()).toBe('trial_started');
    await eventually(async () => (await current()) === good, 'the rollback on the page’s report', TRIAL_MS - 5_000);
    expect(await core.content.store?.refusedReleases()).toContain(broken);
    // The page shows the good release again.
    await page.getByText('Добро пожаловать', { exact: true }).waitFor();
    await eventually(async () => {
      const lines = await status();
      return (
        lines.some((l) => l.startsWith(`${good}\t`) && l.includes('current 1,')) &&
        lines.some((l) => l.startsWith(`${broken}\t`) && l.includes('current 0, trial 0'))
      );
    }, 'hub status: back on the good release');
    // Why, as the hub heard it: the page's line (a hash prefix, nothing personal).
    const kioskId = (await core.dispatch('kiosk.info', {})) as { ok: true; value: { kioskId: string } };
    const reports = (await hub.outbox(kioskId.value.kioskId)).filter((item) => item.kind === 'content.state');
    expect(reports.map((item) => item.payload)).toContainEqual(
      expect.objectContaining({
        state: 'rolled_back',
        releaseId: broken,
        reason: expect.stringContaining('attract image'),
      }),
    );
  }, 120_000);
});
