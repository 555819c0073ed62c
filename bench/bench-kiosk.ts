import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startBrowserHost } from '../electron/host/host-server';
import { findAppRoot } from '../electron/services/app-root';
import { type StartedKioskCore, startKioskCore } from '../electron/services/composition-root';
import { openLogger } from '../electron/services/logging/logger';
import type { HubConfig } from '../hub/server/hub-config';
import { startHub } from '../hub/server/start-hub';
import { launchChromium } from '../test/support/chromium';
import { writeDefaultConfig } from '../test/support/core-under-test';
import { KIOSK_VIEWPORT } from '../test/support/kiosk-in-chromium';

/** The default kiosk config as plain JSON data, for a bench to adjust before it is written. */
export type BenchKioskConfig = ReturnType<typeof JSON.parse>;

/**
 * Writes the default kiosk config into a fresh temp data folder (`<prefix>…`), with that folder
 * as its data folder and the demo catalogue beside the default config, adjusted by `adjust`
 * (`writeDefaultConfig`, as the tests write theirs).
 */
export async function writeBenchKioskConfig(
  prefix: string,
  adjust: (config: BenchKioskConfig) => void,
): Promise<{ dataDir: string; configPath: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dataDir, configPath: await writeDefaultConfig(dataDir, adjust) };
}

/** Options of `startBenchKioskInChromium`. */
export interface StartBenchKioskOptions {
  /** The temp data folder's name prefix. */
  prefix: string;
  /** Adjusts the kiosk config (`writeBenchKioskConfig`). */
  adjust: (config: BenchKioskConfig) => void;
  /** Hub settings over the demo's. */
  hubConfig?: Partial<HubConfig>;
  /**
   * Runs once the hub is up, before the kiosk starts (e.g. to create its content repository);
   * returns the URL the kiosk reaches the hub by (a proxy standing for its link), or the hub's own.
   */
  beforeKiosk?: (hub: { url: string; dbPath: string }) => Promise<string | undefined>;
}

/** A kiosk as a visitor meets it, for the UI benches. */
export interface BenchKioskInChromium {
  core: StartedKioskCore;
  /** The kiosk's data folder. */
  dataDir: string;
  page: Page;
  /** Closes Chromium, the browser host, the core and the hub, in that order. */
  close(): Promise<void>;
}

/**
 * Starts the kiosk as `npm start` does in the browser host, for a bench: the demo hub embedded
 * beside it (SQLite in the data folder, HTTP on 127.0.0.1), the core, the browser host, and real
 * Chromium at the kiosk screen's size on its UI. The renderer must have been built.
 */
export async function startBenchKioskInChromium(options: StartBenchKioskOptions): Promise<BenchKioskInChromium> {
  const rendererDir = path.join(findAppRoot().dir, 'dist', 'renderer');
  const { dataDir, configPath } = await writeBenchKioskConfig(options.prefix, options.adjust);
  await mkdir(path.join(dataDir, 'hub'), { recursive: true });
  const provisioningToken = randomBytes(24).toString('base64url');
  const dbPath = path.join(dataDir, 'hub', 'demo.sqlite');
  const hub = await startHub({
    dbPath,
    host: '127.0.0.1',
    seedDemo: true,
    provisioningTokens: [provisioningToken],
    // Demo only: the kiosk's first request is approved at once (no admin step).
    autoApproveNewKiosks: true,
    logger: (await openLogger({ dataDir })).child({ component: 'bench-hub' }),
    ...(options.hubConfig ? { config: options.hubConfig } : {}),
  });
  const kioskHubUrl = (await options.beforeKiosk?.({ url: hub.url, dbPath })) ?? hub.url;
  const core = await startKioskCore({ host: 'browser-host', configPath, hub: { url: kioskHubUrl, provisioningToken } });
  const host = await startBrowserHost({ core, rendererDir, port: 0, log: core.log });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: KIOSK_VIEWPORT });
  await page.goto(host.url);
  return {
    core,
    dataDir,
    page,
    close: async () => {
      await browser.close();
      await host.close();
      await core.close();
      await hub.close();
    },
  };
}
