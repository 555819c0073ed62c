import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedKioskCore, startKioskCore } from '../../electron/services/composition-root';
import { type EmbeddedHub, startEmbeddedHub } from '../../electron/services/hub/embedded-hub';
import { openLogger } from '../../electron/services/logging/logger';
import { memoryLogger } from '../../electron/services/test-support';
import { contentPaths, openContentChannel } from '../../hub/content/content-publisher';
import { resolveHubKeySecret } from '../../hub/content/key-secrets';
import { devSecretPath } from '../../hub/content/online-keys';
import { seedDemoContent } from '../../hub/db/demo-content-seed';
import { openSqliteDatabase } from '../../hub/db/sqlite/open-sqlite-database';
import type { ContentView } from '../../kiosk-config/src/index';
import { writeDefaultConfig } from '../support/core-under-test';
import { eventually } from '../support/eventually';

/**
 * `npm start`'s content: the embedded hub sets up its content channel and a release for the demo
 * office at its first start, the demo kiosk trusts that hub's root, downloads the release, puts
 * it on trial and keeps it once the screens report it healthy. A restart publishes nothing again.
 */
describe('demo content of the embedded hub', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('initialises the repository and publishes the office’s release once; the kiosk runs it after a healthy report', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-demo-content-'));
    const log = await openLogger({ dataDir, name: 'hub' });
    let hub: EmbeddedHub = await startEmbeddedHub({ dataDir, log });
    cleanups.push(() => hub.close());
    const root = hub.override.trustedContentRoot;
    expect(root).toBeDefined();
    expect(existsSync(root ?? '')).toBe(true);
    const keysDir = path.join(dataDir, 'hub', 'content-demo-keys');
    expect((await readdir(keysDir)).sort()).toEqual(['publisher.key', 'root.key']);
    expect(statSync(path.join(keysDir, 'publisher.key')).mode & 0o777).toBe(0o600);
    expect(statSync(keysDir).mode & 0o777).toBe(0o700);

    // A restart: the same root, no second release.
    await hub.close();
    hub = await startEmbeddedHub({ dataDir, log });
    expect(hub.override.trustedContentRoot).toBe(root);
    const dbPath = path.join(dataDir, 'hub', 'demo.sqlite');
    const db = openSqliteDatabase(dbPath).db;
    cleanups.push(() => {
      db.close();
    });
    const channel = openContentChannel(db, dbPath);
    const releases = await channel.store.listReleases();
    expect(releases.map((r) => [r.audience, r.fileCount])).toEqual([[{ kind: 'office', officeId: 'mfc-demo-01' }, 7]]);
    const quiet = memoryLogger();
    // The demo's keys are encrypted with the hub's dev secret, which the first start made.
    const keySecret = resolveHubKeySecret({
      env: {},
      devSecretPath: devSecretPath(contentPaths(dbPath).keysDir),
      createDevSecret: false,
    }).secret;
    expect(
      await seedDemoContent({ channel, keysDir, keySecret, officeId: 'mfc-demo-01', now: new Date(), log: quiet.log }),
    ).toEqual({
      action: 'already_published',
    });

    // The demo kiosk: no root of its own in the config; it trusts the embedded hub's.
    const configPath = await writeDefaultConfig(dataDir, (config) => {
      config.devices = { printer: null, scanner: null, documentReader: null, paymentTerminal: null };
      config.hub = { kind: 'embedded' };
      config.content = { pollSeconds: 3600 };
    });
    const core: StartedKioskCore = await startKioskCore({ host: 'browser-host', configPath, hub: hub.override });
    cleanups.push(() => core.close());
    // The poll at start may be the one that starts the trial; a check meanwhile answers busy.
    expect(['trial_started', 'busy']).toContain(await core.content.check());
    const answer = await core.dispatch('content.current', {});
    if (!answer.ok) throw new Error(answer.error.message);
    const view = answer.value as ContentView;
    expect(view.releaseId).toBe(releases[0]?.releaseId);
    expect(view.announcements.map((a) => a.title)).toHaveLength(3);
    expect(view.announcements.every((a) => /[А-Яа-яЁё]/.test(a.title))).toBe(true);
    expect(view.office).toMatchObject({ address: 'с. Берёзовка, ул. Центральная, д. 12' });
    expect(view.texts.ru?.['home.title']).toBe('Здравствуйте! Чем можем помочь?');
    expect(view.attract).toHaveLength(3);
    for (const item of view.attract) {
      expect(await core.content.file(item.url.replace('/content/', ''))).toMatchObject({ contentType: 'image/png' });
    }

    expect(await core.dispatch('content.healthy', { releaseId: view.releaseId ?? '', ok: true })).toEqual({
      ok: true,
      value: { accepted: true },
    });
    expect((await core.content.store?.current())?.releaseId).toBe(view.releaseId);
    expect(await core.content.check()).toBe('up_to_date');
    await eventually(
      async () =>
        (await channel.store.kioskStates()).some((s) => s.releaseId === view.releaseId && s.state === 'current'),
      'the hub hears the kiosk runs the demo release',
    );
  }, 60_000);
});
