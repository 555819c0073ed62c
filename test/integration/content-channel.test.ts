import { afterEach, describe, expect, it } from 'vitest';
import { pngBytes } from '../../kiosk-config/src/content/media-test-support';
import type { EventName } from '../../kiosk-config/src/index';
import { startContentChannelUnderTest } from '../support/content-channel-under-test';
import { eventually } from '../support/eventually';

/** A short trial, so that the release never reported healthy is rolled back within the test. */
const TRIAL_MS = 3000;

/**
 * The content channel end to end with the real hub and the real kiosk core: the admin CLI's
 * `content init` and `content publish`, the kiosk trusting the root `init` wrote, fetching over
 * the hub's TUF endpoints with its enrolled credential, waiting for the visitor to finish, the
 * trial, the renderer's verdict through the contract, and the state reaching `content status`.
 */
describe('content channel: hub publishes, kiosk runs it', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('publish → download → idle → trial → healthy → current (hub status shows it); a release never reported healthy rolls back', async () => {
    const channel = await startContentChannelUnderTest(TRIAL_MS);
    cleanups.push(() => channel.close());
    const { repository, core } = channel;
    const publish = (title: string): Promise<string> =>
      repository.publish({
        'texts.json': JSON.stringify({ ru: { 'home.title': title } }),
        'attract-playlist.json': JSON.stringify({ items: [{ path: 'attract/1.png', seconds: 8 }] }),
        'attract/1.png': pngBytes(1080, 1920),
      });
    const status = () => repository.status();
    const events: { name: EventName; payload: unknown }[] = [];
    core.onEvent((name, payload) => events.push({ name, payload }));
    expect(core.hub.link.enrolled).toBe(true);
    expect(await core.content.check()).toBe('no_assignment');

    // A visitor is at the screen: the release is fetched, but not switched to under them.
    const first = await publish('Добро пожаловать');
    core.session.activity();
    const checking = core.content.check();
    const fetched = async (releaseId: string) => {
      const store = core.content.store;
      const manifest = await store?.release(releaseId);
      return store !== undefined && manifest !== undefined && (await store.missingBlobs(manifest)).length === 0;
    };
    await eventually(() => fetched(first), 'every file of the release fetched');
    expect(await core.dispatch('content.current', {})).toEqual({
      ok: true,
      value: { announcements: [], texts: {}, attract: [] },
    });
    core.session.end('visitor');
    expect(await checking).toBe('trial_started');
    expect(events).toContainEqual({ name: 'content.changed', payload: { releaseId: first } });
    const view = await core.dispatch('content.current', {});
    expect(view).toMatchObject({
      ok: true,
      value: {
        releaseId: first,
        version: 1,
        texts: { ru: { 'home.title': 'Добро пожаловать' } },
        attract: [{ kind: 'image', seconds: 8 }],
      },
    });
    const attractUrl = (view as { value: { attract: { url: string }[] } }).value.attract[0]?.url ?? '';
    expect(await core.content.file(attractUrl.replace('/content/', ''))).toMatchObject({ contentType: 'image/png' });

    expect(await core.dispatch('content.healthy', { releaseId: first, ok: true })).toEqual({
      ok: true,
      value: { accepted: true },
    });
    // The kiosk's report crosses the outbox: the hub's status counts it on the release.
    await eventually(
      async () => (await status()).some((l) => l.startsWith(`${first}\t`) && l.includes('current 1,')),
      'hub status: current 1',
    );

    // A second release the screens never confirm: rolled back when its trial runs out.
    const second = await publish('Новый текст');
    expect(await core.content.check()).toBe('trial_started');
    expect((await core.dispatch('content.current', {})) as unknown).toMatchObject({ value: { releaseId: second } });
    // The rollback is done when the screens are told (the store switches a moment before).
    await eventually(
      async () =>
        (await core.content.store?.current())?.releaseId === first &&
        events.filter((e) => e.name === 'content.changed').length === 3,
      'the rollback to the first release, told to the screens',
      TRIAL_MS + 5000,
    );
    expect(events.map((e) => e.payload)).toEqual(expect.arrayContaining([{ releaseId: second }, { releaseId: first }]));
    expect(events.filter((e) => e.name === 'content.changed').map((e) => e.payload)).toEqual([
      { releaseId: first },
      { releaseId: second },
      { releaseId: first },
    ]);
    expect(await core.dispatch('content.healthy', { releaseId: second, ok: true })).toEqual({
      ok: true,
      value: { accepted: false },
    });
    expect(await core.content.store?.refusedReleases()).toContain(second);
    expect(await core.content.check()).toBe('refused');
    await eventually(async () => {
      const lines = await status();
      return (
        lines.some((l) => l.startsWith(`${first}\t`) && l.includes('current 1,')) &&
        lines.some((l) => l.startsWith(`${second}\t`) && l.includes('current 0, trial 0'))
      );
    }, 'hub status: back on the first release');

    // A third release with nobody calling check() and the poll an hour away: the hub's nudge
    // (server-sent events) alone makes the kiosk fetch it and put it on trial.
    const third = await publish('Третий выпуск');
    await eventually(
      async () => (await core.content.store?.current())?.releaseId === third,
      'the nudged kiosk on the third release',
      15_000,
    );
  }, 90_000);

  it('a release nobody looks at stays on trial: its clock starts with the first screen that asks (a heartbeat does not count)', async () => {
    const channel = await startContentChannelUnderTest(TRIAL_MS);
    cleanups.push(() => channel.close());
    const { repository, core } = channel;
    const released = await repository.publish({
      'texts.json': JSON.stringify({ ru: { 'home.title': 'Никто не смотрит' } }),
    });
    expect(await core.content.check()).toBe('trial_started');
    // The heartbeat reads the content's version; no screen is open (a browser host without its browser).
    await core.health.beat();
    await new Promise((resolve) => setTimeout(resolve, TRIAL_MS + 1500));
    expect(await core.content.store?.trialReleaseId()).toBe(released);

    // A screen asks, and never reports: from now on the trial runs its course.
    expect((await core.dispatch('content.current', {})) as unknown).toMatchObject({ value: { releaseId: released } });
    await eventually(
      async () => (await core.content.store?.trialReleaseId()) === undefined,
      'the rollback after the screen asked',
      TRIAL_MS + 5000,
    );
    expect((await core.content.store?.current())?.releaseId).not.toBe(released);
  });
});
