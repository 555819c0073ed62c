import { describe, expect, it } from 'vitest';
import { checkContentFile } from '../../../kiosk-config/src/content/check-content-file';
import { fail, ok } from '../../../kiosk-config/src/index';
import { createCallDispatcher } from '../api/call-dispatcher';
import { fixedHandlers } from '../api/fixed-handlers';
import { contentCallHandlers } from '../api/kiosk-call-handlers';
import { memoryLogger } from '../test-support';
import { ContentStore } from './content-store';
import { screensRelease, showRelease, tempDataDir, testRelease } from './content-test-support';
import { type ContentStateReport, ContentUpdater } from './content-updater';
import { currentContentFile, readContentView } from './content-view';
import { ReleaseCatalogue, runningContent } from './start-content';

const DECEMBER = new Date('2026-12-06T12:00:00+03:00');

/** A store showing `rel-1` (every kind the screens read), and the running channel around it. */
async function channelShowing() {
  const store = await ContentStore.open({ dataDir: await tempDataDir() });
  const first = screensRelease('rel-1', 1);
  await showRelease(store, first);
  return { store, first };
}

describe('content view', () => {
  it('shows the current release: announcements current now, the texts by language, the office, the attract loop by hash', async () => {
    const { store, first } = await channelShowing();
    for (const file of first.manifest.files) {
      expect(checkContentFile(file.kind, first.blobs.get(file.sha256) ?? new Uint8Array()).ok).toBe(true);
    }
    const hashOf = (path: string) => first.manifest.files.find((f) => f.path === path)?.sha256;
    const view = await readContentView(store, DECEMBER);
    expect(view).toEqual({
      releaseId: 'rel-1',
      version: 1,
      announcements: [
        { id: 'always', title: 'Всегда', body: 'Без сроков' },
        { id: 'now', title: 'Сейчас', body: '', from: '2026-12-01T00:00:00+03:00', until: '2026-12-31T00:00:00+03:00' },
      ],
      texts: { ru: { 'home.title': 'Добро пожаловать' }, en: { 'home.title': 'Welcome' } },
      office: { address: 'ул. Ленина, 1', phone: '+7 800 100-00-00', hours: { mon: [{ from: '09:00', to: '18:00' }] } },
      attract: [
        { url: `/content/${hashOf('attract/1.png')}`, kind: 'image', seconds: 8 },
        { url: `/content/${hashOf('attract/2.webm')}`, kind: 'video', seconds: 20 },
      ],
    });
    expect(
      (await readContentView(store, new Date('2027-01-02T00:00:00+03:00'))).announcements.map((a) => a.id),
    ).toEqual(['always', 'future']);
  });

  it('is empty without a release, and leaves out a stored file that fails its schema', async () => {
    expect(await readContentView(undefined, DECEMBER)).toEqual({ announcements: [], texts: {}, attract: [] });
    const store = await ContentStore.open({ dataDir: await tempDataDir() });
    expect(await readContentView(store, DECEMBER)).toEqual({ announcements: [], texts: {}, attract: [] });
    await showRelease(
      store,
      testRelease('rel-odd', 1, [
        { path: 'texts.json', kind: 'texts', bytes: '{"ru":{"home.title":"Здравствуйте"}}' },
        { path: 'announcements.json', kind: 'announcements', bytes: '[{"id":"Bad Id"}]' },
      ]),
    );
    const { log, lines } = memoryLogger();
    expect(await readContentView(store, DECEMBER, log)).toEqual({
      releaseId: 'rel-odd',
      version: 1,
      announcements: [],
      texts: { ru: { 'home.title': 'Здравствуйте' } },
      attract: [],
    });
    expect(lines().map((line) => line.msg)).toEqual(['content file fails its schema: left out']);
  });

  it('serves only files of the current release, typed by their bytes', async () => {
    const { store, first } = await channelShowing();
    const png = first.manifest.files.find((f) => f.path === 'attract/1.png');
    const webm = first.manifest.files.find((f) => f.path === 'attract/2.webm');
    const texts = first.manifest.files.find((f) => f.path === 'texts.json');
    expect(await currentContentFile(store, png?.sha256 ?? '')).toMatchObject({
      contentType: 'image/png',
      length: 2000,
    });
    expect(await currentContentFile(store, webm?.sha256 ?? '')).toMatchObject({ contentType: 'video/webm' });
    expect(await currentContentFile(store, texts?.sha256 ?? '')).toMatchObject({
      contentType: 'application/json; charset=utf-8',
    });
    // A file the store holds for another release only, a made-up hash, a path.
    const other = testRelease('rel-other', 2, [{ path: 'texts.json', kind: 'texts', bytes: '{"ru":{}}' }]);
    for (const bytes of other.blobs.values()) await store.putBlob(bytes);
    expect(await currentContentFile(store, other.manifest.files[0]?.sha256 ?? '')).toBeUndefined();
    expect(await currentContentFile(store, 'f'.repeat(64))).toBeUndefined();
    expect(await currentContentFile(store, '../current')).toBeUndefined();
    expect(await currentContentFile(undefined, png?.sha256 ?? '')).toBeUndefined();
  });
});

describe('content calls through the dispatcher', () => {
  /** The channel around a store showing rel-1, with rel-2 (already stored) assigned: check() puts it on trial. */
  async function withTrial() {
    const { store } = await channelShowing();
    const second = screensRelease('rel-2', 2);
    for (const bytes of second.blobs.values()) await store.putBlob(bytes);
    const states: ContentStateReport[] = [];
    const updater = new ContentUpdater({
      store,
      source: {
        refresh: async () => ok(undefined),
        assignment: async () => ok({ releaseTarget: 'releases/rel-2.json', version: 2 }),
        manifest: async () => ok(structuredClone(second.manifest)),
      },
      fetcher: { download: async () => fail('unreachable', 'every blob is already stored') },
      idle: { isSessionIdle: () => true, onIdle: () => () => undefined },
      onState: (report) => states.push(report),
    });
    const content = runningContent(store, updater, () => updater.check(), new ReleaseCatalogue(store));
    const { log } = memoryLogger();
    const dispatch = createCallDispatcher(fixedHandlers(contentCallHandlers(content)), log);
    expect(await content.check()).toBe('trial_started');
    return { store, updater, states, dispatch };
  }

  it('content.current answers the release on trial; content.healthy ok keeps it', async () => {
    const k = await withTrial();
    const current = await k.dispatch('content.current', {});
    expect(current).toMatchObject({ ok: true, value: { releaseId: 'rel-2', version: 2 } });
    expect(await k.dispatch('content.healthy', { releaseId: 'rel-2', ok: true })).toEqual(ok({ accepted: true }));
    expect(k.states.at(-1)).toEqual({ state: 'current', releaseId: 'rel-2', version: 2 });
    expect(await k.store.trialReleaseId()).toBeUndefined();
    // Late or repeated: not on trial any more.
    expect(await k.dispatch('content.healthy', { releaseId: 'rel-2', ok: true })).toEqual(ok({ accepted: false }));
    k.updater.dispose();
  });

  it('content.healthy with a problem rolls the release back now, with the problem as the reason', async () => {
    const k = await withTrial();
    expect(
      await k.dispatch('content.healthy', { releaseId: 'rel-2', ok: false, problem: 'attract/1.png did not load' }),
    ).toEqual(ok({ accepted: true }));
    expect((await k.store.current())?.releaseId).toBe('rel-1');
    expect(k.states.find((s) => s.state === 'rolled_back')).toEqual({
      state: 'rolled_back',
      releaseId: 'rel-2',
      version: 2,
      reason: 'the screens could not show it: attract/1.png did not load',
    });
    k.updater.dispose();
  });

  it('refuses a health report outside the contract', async () => {
    const k = await withTrial();
    const refused = await k.dispatch('content.healthy', { releaseId: '../rel-2', ok: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const tooLong = await k.dispatch('content.healthy', { releaseId: 'rel-2', ok: false, problem: 'x'.repeat(201) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await k.store.trialReleaseId()).toBe('rel-2');
    k.updater.dispose();
  });
});
