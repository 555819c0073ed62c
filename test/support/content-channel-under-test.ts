import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { type StartedKioskCore, startKioskCore } from '../../electron/services/composition-root';
import { openLogger } from '../../electron/services/logging/logger';
import { sqliteContentParts } from '../../hub/admin/cli-test-support';
import { runContentCommand } from '../../hub/admin/content-cli';
import { contentPaths } from '../../hub/content/content-publisher';
import { TEST_PASSPHRASE_ENVIRONMENT } from '../../hub/content/key-test-support';
import { openSqliteDatabase } from '../../hub/db/sqlite/open-sqlite-database';
import { writeDefaultConfig } from './core-under-test';
import { type HubUnderTest, startHubUnderTest } from './kiosk-under-test';

/** The admin's side of a hub under test's content repository, through the admin CLI's functions. */
export interface ContentRepositoryUnderTest {
  /** The root metadata `content init` wrote: the kiosk's `content.trustedRootFile`. */
  trustedRootFile: string;
  /** Publishes a release of these files (path inside the release → bytes or text) to all kiosks; its id. */
  publish(files: Record<string, string | Uint8Array>): Promise<string>;
  /** `content status`, line by line. */
  status(): Promise<string[]>;
  /** Closes the admin's database connection. */
  close(): void;
}

/**
 * Keys (root, publisher) in `dir`, `content init` on the hub's database (a second connection, as
 * admin.js opens it), then publishes and status on demand, as an administrator would.
 */
export async function initContentRepository(hub: HubUnderTest, dir: string): Promise<ContentRepositoryUnderTest> {
  const db: Database.Database = openSqliteDatabase(hub.dbPath).db;
  const out: string[] = [];
  const content = (...args: string[]) =>
    runContentCommand(args, {
      ...sqliteContentParts(db, hub.dbPath),
      actor: 'admin-test',
      now: () => new Date(),
      out: (l) => out.push(l),
      env: TEST_PASSPHRASE_ENVIRONMENT,
    });
  const key = (name: string) => path.join(dir, `${name}.key`);
  await content('keygen', key('root'));
  await content('keygen', key('publisher'));
  await content('init', '--root-key', key('root'), '--key', key('publisher'));
  return {
    trustedRootFile: path.join(contentPaths(hub.dbPath).repositoryDir, 'metadata', '1.root.json'),
    async publish(files) {
      const folder = mkdtempSync(path.join(dir, 'release-'));
      for (const [name, body] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        writeFileSync(path.join(folder, name), body);
      }
      await content('publish', folder, '--all', '--key', key('publisher'));
      const releaseId = /^published (\S+) /.exec(out.at(-1) ?? '')?.[1];
      if (releaseId === undefined) throw new Error(`no release id in ${out.at(-1)}`);
      return releaseId;
    },
    async status() {
      out.length = 0;
      await content('status');
      return out.slice();
    },
    close: () => db.close(),
  };
}

/** The content channel under test: the real hub with its content repository, the kiosk core trusting it. */
export interface ContentChannelUnderTest {
  hub: HubUnderTest;
  repository: ContentRepositoryUnderTest;
  core: StartedKioskCore;
  /** Stops the core, the admin's connection and the hub, in that order. */
  close(): Promise<void>;
}

/**
 * Starts the real hub on a temp SQLite file, `content init` on it, and the real kiosk core (no
 * devices, an hour between polls: the test calls `check()`) trusting the root `init` wrote, with
 * a trial of `trialMs`.
 */
export async function startContentChannelUnderTest(trialMs: number): Promise<ContentChannelUnderTest> {
  const dir = mkdtempSync(path.join(tmpdir(), 'okno-content-channel-'));
  const dataDir = path.join(dir, 'kiosk');
  mkdirSync(dataDir);
  const hub = await startHubUnderTest(dataDir, await openLogger({ dataDir, name: 'hub' }));
  const repository = await initContentRepository(hub, dir);
  const stopHub = async () => {
    repository.close();
    await hub.stop();
  };
  try {
    const configPath = await writeDefaultConfig(dataDir, (config) => {
      config.devices = { printer: null, scanner: null, documentReader: null, paymentTerminal: null };
      config.hub = { kind: 'embedded' };
      config.content = { pollSeconds: 3600, trustedRootFile: repository.trustedRootFile };
    });
    const core = await startKioskCore({
      host: 'browser-host',
      configPath,
      hub: { url: hub.url, provisioningToken: hub.provisioningToken },
      contentTrialMs: trialMs,
    });
    return {
      hub,
      repository,
      core,
      close: async () => {
        await core.close();
        await stopHub();
      },
    };
  } catch (error) {
    await stopHub();
    throw error;
  }
}
