import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReleaseManifest } from '../../../kiosk-config/src/content/release-manifest';
import { fail, ok } from '../../../kiosk-config/src/index';
import type { SessionClock } from '../session/visitor-session';
import { BlobDownloader } from './blob-downloader';
import { type BlobServer, startBlobServer } from './blob-server-test-support';
import { ContentStore } from './content-store';
import {
  pngOfLength,
  seededBytes,
  type TestRelease,
  tempDataDir,
  testRelease,
  textsOfLength,
} from './content-test-support';
import {
  type ContentAssignment,
  type ContentStateReport,
  ContentUpdater,
  type IdleGate,
  type ReleaseSource,
  type ReleaseSourceFailure,
} from './content-updater';

const CREDENTIAL = 'kiosk-credential';

/** Timers run by hand: `advance(ms)` fires what is due. */
function manualClock(): SessionClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  let next = 0;
  return {
    setTimeout(callback, ms) {
      next += 1;
      timers.set(next, { at: now + ms, callback });
      return next;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at > now) continue;
        timers.delete(id);
        timer.callback();
      }
    },
    pending: () => timers.size,
  };
}

/** A visitor session stand-in: busy until `finish()` ends the visitor's session. */
function idleGate(busy: boolean): IdleGate & { finish(): void } {
  const listeners = new Set<() => void>();
  return {
    isSessionIdle: () => !busy,
    onIdle(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    finish() {
      busy = false;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** The director and TUF, in memory: serves `release` (already "verified"), or fails as told. */
function fakeSource(): ReleaseSource & {
  assign(release: TestRelease): void;
  failWith: ReleaseSourceFailure | undefined;
} {
  let assigned: TestRelease | undefined;
  const source = {
    failWith: undefined as ReleaseSourceFailure | undefined,
    assign(release: TestRelease) {
      assigned = release;
    },
    async refresh() {
      if (source.failWith) return fail(source.failWith, `the source is ${source.failWith}`);
      return ok(undefined);
    },
    async assignment() {
      if (source.failWith) return fail(source.failWith, `the source is ${source.failWith}`);
      const answer: ContentAssignment = assigned
        ? { releaseTarget: `releases/${assigned.manifest.releaseId}.json`, version: assigned.manifest.version }
        : { releaseTarget: null };
      return ok(answer);
    },
    async manifest(target: string) {
      if (source.failWith) return fail(source.failWith, `the source is ${source.failWith}`);
      if (assigned === undefined || target !== `releases/${assigned.manifest.releaseId}.json`) {
        return fail('rejected' as const, 'no such target');
      }
      return ok<ReleaseManifest>(structuredClone(assigned.manifest));
    },
  };
  return source;
}

let server: BlobServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const LOGO = pngOfLength(120_000, 21);
const TEXTS_B = textsOfLength(40_000, 22);
const releaseA = testRelease('rel-a', 1, [
  { path: 'logo.png', bytes: LOGO, kind: 'image' },
  { path: 'texts.json', bytes: '{"ru":{"home.title":"Здравствуйте"}}' },
]);
const releaseB = testRelease('rel-b', 2, [
  { path: 'logo.png', bytes: LOGO, kind: 'image' },
  { path: 'texts.json', bytes: TEXTS_B },
]);

/** A kiosk whose store shows release A, an updater wired to a real blob server serving A's and B's blobs. */
async function kiosk(options: { busy?: boolean; blobs?: Map<string, Buffer>; trialWaitsForScreen?: boolean } = {}) {
  const dataDir = await tempDataDir();
  const store = await ContentStore.open({ dataDir });
  for (const bytes of releaseA.blobs.values()) await store.putBlob(bytes);
  await store.saveRelease(releaseA.manifest);
  await store.beginTrial('rel-a');
  await store.confirmTrial('rel-a');
  server = await startBlobServer({
    blobs: options.blobs ?? new Map([...releaseA.blobs, ...releaseB.blobs]),
    credential: CREDENTIAL,
  });
  const fetcher = new BlobDownloader({
    hubUrl: server.url,
    kioskId: 'kiosk-1',
    credential: () => CREDENTIAL,
    store,
    backoff: { initialMs: 5, maxMs: 20 },
  });
  const source = fakeSource();
  const idle = idleGate(options.busy ?? false);
  const clock = manualClock();
  const states: ContentStateReport[] = [];
  const shown: (string | undefined)[] = [];
  const updater = new ContentUpdater({
    store,
    source,
    fetcher,
    idle,
    clock,
    onState: (report) => states.push(report),
    onCurrentChanged: (manifest) => {
      shown.push(manifest?.releaseId);
    },
    progressIntervalMs: 0,
    ...(options.trialWaitsForScreen === undefined ? {} : { trialWaitsForScreen: options.trialWaitsForScreen }),
  });
  return { dataDir, store, source, idle, clock, states, shown, updater, server };
}

describe('content updater', () => {
  it('fetches only the missing blobs, waits for the visitor to finish, then puts the release on trial and keeps it when healthy', async () => {
    const k = await kiosk({ busy: true });
    k.source.assign(releaseB);
    const checking = k.updater.check();
    // The download finishes; the switch waits for the visitor's session to end.
    await expect.poll(() => k.states.some((s) => s.state === 'downloading' && s.bytesDone === s.bytesTotal)).toBe(true);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-a' });
    expect(k.shown).toEqual([]);
    expect(k.updater.onTrial).toBe(false); // downloading is not updating: visitors are served
    k.idle.finish();
    expect(await checking).toBe('trial_started');
    expect(k.updater.onTrial).toBe(true);

    // Only the changed file crossed the link: the shared logo was already stored.
    expect(k.server.requests.map((r) => r.sha256)).toEqual([releaseB.manifest.files[1]?.sha256]);
    expect(k.shown).toEqual(['rel-b']);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-b' });
    expect(await k.updater.reportHealthy('rel-b')).toBe(true);
    expect(k.updater.onTrial).toBe(false);
    expect(await k.updater.reportHealthy('rel-b')).toBe(false);
    expect(k.clock.pending()).toBe(0);

    const total = LOGO.length + TEXTS_B.length;
    expect(k.states[0]).toEqual({
      state: 'downloading',
      releaseId: 'rel-b',
      version: 2,
      bytesDone: LOGO.length,
      bytesTotal: total,
    });
    expect(k.states.slice(-3)).toEqual([
      { state: 'downloading', releaseId: 'rel-b', version: 2, bytesDone: total, bytesTotal: total },
      { state: 'trial', releaseId: 'rel-b', version: 2 },
      { state: 'current', releaseId: 'rel-b', version: 2 },
    ]);
    expect((await k.store.previous())?.releaseId).toBe('rel-a');
    expect(await k.updater.check()).toBe('up_to_date');
  });

  it('switches when the idle gate answers at once, and not at all when the updater stops while it waits', async () => {
    const k = await kiosk({ busy: true });
    k.source.assign(releaseB);
    const immediate: IdleGate = {
      isSessionIdle: () => false,
      onIdle: (listener) => {
        listener();
        return () => undefined;
      },
    };
    const updater = new ContentUpdater({
      store: k.store,
      source: k.source,
      fetcher: { download: async () => fail('unreachable', 'not used') },
      idle: immediate,
      onState: () => undefined,
    });
    // The blobs come from the first updater, which then waits for the visitor and is stopped.
    const waiting = k.updater.check();
    await expect.poll(() => k.states.some((s) => s.bytesDone === s.bytesTotal && s.state === 'downloading')).toBe(true);
    k.updater.dispose();
    expect(await waiting).toBe('stopped');
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-a' });
    expect(await updater.check()).toBe('trial_started');
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-b' });
    updater.dispose();
  });

  it('answers stopped when disposed before it waits for the visitor (it never waits on a gate nobody will open)', async () => {
    const store = await ContentStore.open({ dataDir: await tempDataDir() });
    for (const bytes of releaseB.blobs.values()) await store.putBlob(bytes);
    let updater: ContentUpdater | undefined;
    updater = new ContentUpdater({
      store,
      source: {
        refresh: async () => ok(undefined),
        assignment: async () => ok({ releaseTarget: 'releases/rel-b.json', version: 2 }),
        // The kiosk shuts down while the manifest arrives: its stop signal fires before the idle wait.
        manifest: async () => {
          updater?.dispose();
          return ok(structuredClone(releaseB.manifest));
        },
      },
      fetcher: { download: async () => fail('unreachable', 'every blob is already stored') },
      idle: { isSessionIdle: () => false, onIdle: () => () => undefined },
      onState: () => undefined,
    });
    expect(await updater.check()).toBe('stopped');
    expect(await store.current()).toBeUndefined();
  });

  it('rolls back when the renderer does not report healthy within 60 s, and never tries that release again', async () => {
    const k = await kiosk();
    k.source.assign(releaseB);
    expect(await k.updater.check()).toBe('trial_started');
    expect(await k.updater.check()).toBe('busy');
    k.clock.advance(59_999);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-b' });
    k.clock.advance(1);
    await expect.poll(async () => (await k.store.current())?.releaseId).toBe('rel-a');
    await expect.poll(() => k.shown).toEqual(['rel-b', 'rel-a']);
    expect(k.updater.onTrial).toBe(false);
    expect(k.states.slice(-2)).toEqual([
      { state: 'rolled_back', releaseId: 'rel-b', version: 2, reason: 'not reported healthy within 60 s' },
      { state: 'current', releaseId: 'rel-a', version: 1 },
    ]);
    expect(await k.updater.reportHealthy('rel-b')).toBe(false);

    const requests = k.server.requests.length;
    expect(await k.updater.check()).toBe('refused');
    expect(k.server.requests).toHaveLength(requests);
    expect(await k.store.trialReleaseId()).toBeUndefined();
  });

  it('with trialWaitsForScreen, the 60 s run from the first screen that asks, not from the switch (no page open: no blame)', async () => {
    const k = await kiosk({ trialWaitsForScreen: true });
    k.source.assign(releaseB);
    expect(await k.updater.check()).toBe('trial_started');
    // Nobody looks for ten minutes (a browser host started without its browser): still on trial.
    k.clock.advance(600_000);
    expect(k.clock.pending()).toBe(0);
    expect(k.updater.onTrial).toBe(true);
    k.updater.screenAsked('rel-a');
    expect(k.clock.pending()).toBe(0);
    // A screen asks for it: from now on it has 60 s, asked twice or not.
    k.updater.screenAsked('rel-b');
    k.updater.screenAsked('rel-b');
    expect(k.clock.pending()).toBe(1);
    k.clock.advance(59_999);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-b' });
    k.clock.advance(1);
    await expect.poll(async () => (await k.store.current())?.releaseId).toBe('rel-a');
  });

  it('rolls back at once when the renderer reports that it could not show the release', async () => {
    const k = await kiosk();
    k.source.assign(releaseB);
    expect(await k.updater.check()).toBe('trial_started');
    expect(await k.updater.reportUnhealthy('rel-b', 'texts/ru.json did not parse')).toBe(true);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-a' });
    expect(k.states.at(-2)).toEqual({
      state: 'rolled_back',
      releaseId: 'rel-b',
      version: 2,
      reason: 'the screens could not show it: texts/ru.json did not parse',
    });
    expect(k.clock.pending()).toBe(0);
  });

  it('refuses a replayed release (a version not above the current one) and remembers it', async () => {
    const k = await kiosk();
    const replay = testRelease('rel-old', 1, [{ path: 'texts/ru.json', bytes: 'old texts' }]);
    k.source.assign(replay);
    expect(await k.updater.check()).toBe('refused');
    expect(k.states).toEqual([
      { state: 'refused', releaseId: 'rel-old', version: 1, reason: 'replay: version 1 is not above the current 1' },
    ]);
    expect(await k.store.refusedReleases()).toEqual(['rel-old']);
    expect(k.server.requests).toEqual([]);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-a' });
  });

  it('offline changes nothing; expired metadata reports stale and keeps the current release', async () => {
    const k = await kiosk();
    k.source.assign(releaseB);
    k.source.failWith = 'offline';
    expect(await k.updater.check()).toBe('offline');
    expect(k.states).toEqual([]);
    k.source.failWith = 'expired';
    expect(await k.updater.check()).toBe('stale');
    expect(k.states).toEqual([{ state: 'stale', releaseId: 'rel-a', version: 1, reason: 'the source is expired' }]);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-a' });
    expect(k.server.requests).toEqual([]);
  });

  it('refuses a release whose file the hub serves wrong, without showing any of it', async () => {
    const wrong = new Map([...releaseA.blobs, ...releaseB.blobs]);
    const texts = releaseB.manifest.files[1];
    if (texts === undefined) throw new Error('no texts');
    wrong.set(texts.sha256, seededBytes(texts.length, 99));
    const k = await kiosk({ blobs: wrong });
    k.source.assign(releaseB);
    expect(await k.updater.check()).toBe('refused');
    expect(k.states.at(-1)).toMatchObject({ state: 'refused', releaseId: 'rel-b', version: 2 });
    expect(k.states.at(-1)?.reason).toMatch(/^a file could not be fetched intact: the bytes hash to/);
    expect(await k.store.current()).toMatchObject({ releaseId: 'rel-a' });
    expect(k.shown).toEqual([]);
    expect(await readdir(path.join(k.dataDir, 'content', 'partial'))).toEqual([]);
  });

  it.each([
    {
      name: 'a PNG whose bytes are not a PNG',
      file: { path: 'attract/1.png', bytes: seededBytes(5000, 41), kind: 'image' as const },
      reason: /^a file is not valid content: attract\/1\.png \(image\): /,
    },
    {
      name: 'an announcements file that does not match its schema',
      file: {
        path: 'announcements.json',
        bytes: JSON.stringify([{ id: 'Bad Id', title: '', body: '' }]),
        kind: 'announcements' as const,
      },
      reason: /^a file is not valid content: announcements\.json \(announcements\): /,
    },
  ])(
    'refuses a signed release with $name before its trial, and keeps showing the current one',
    async ({ file, reason }) => {
      const bad = testRelease('rel-bad', 2, [{ path: 'logo.png', bytes: LOGO, kind: 'image' }, file]);
      const k = await kiosk({ blobs: new Map([...releaseA.blobs, ...bad.blobs]) });
      k.source.assign(bad);
      expect(await k.updater.check()).toBe('refused');
      const refusal = k.states.at(-1);
      expect(refusal).toMatchObject({ state: 'refused', releaseId: 'rel-bad', version: 2 });
      expect(refusal?.reason).toMatch(reason);
      expect(k.states.some((s) => s.state === 'trial')).toBe(false);
      expect(k.shown).toEqual([]);
      expect(await k.store.current()).toMatchObject({ releaseId: 'rel-a' });
      expect(await k.store.trialReleaseId()).toBeUndefined();
      // Remembered: the next poll neither fetches nor reports it again.
      const requests = k.server.requests.length;
      expect(await k.updater.check()).toBe('refused');
      expect(k.server.requests).toHaveLength(requests);
    },
  );

  it('after a restart in the middle of a trial, reports the rollback the store made and the release it shows', async () => {
    const k = await kiosk();
    k.source.assign(releaseB);
    expect(await k.updater.check()).toBe('trial_started');
    k.updater.dispose();

    const restarted = await ContentStore.open({ dataDir: k.dataDir });
    const states: ContentStateReport[] = [];
    const updater = new ContentUpdater({
      store: restarted,
      source: k.source,
      fetcher: { download: async () => fail('unreachable', 'not used') },
      idle: idleGate(false),
      onState: (report) => states.push(report),
    });
    await updater.start();
    expect(states).toEqual([
      {
        state: 'rolled_back',
        releaseId: 'rel-b',
        version: 2,
        reason: 'the kiosk restarted before the release was reported healthy',
      },
      { state: 'current', releaseId: 'rel-a', version: 1 },
    ]);
    expect(await updater.check()).toBe('refused');
  });

  it('keeps reasons within 200 characters', async () => {
    const k = await kiosk();
    k.source.assign(releaseB);
    expect(await k.updater.check()).toBe('trial_started');
    await k.updater.reportUnhealthy('rel-b', 'x'.repeat(500));
    expect(k.states.find((s) => s.state === 'rolled_back')?.reason).toHaveLength(200);
  });
});
