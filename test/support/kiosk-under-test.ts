import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserHost, startBrowserHost } from '../../electron/host/host-server';
import { defaultConfigPath, findAppRoot } from '../../electron/services/app-root';
import { type StartedKioskCore, startKioskCore } from '../../electron/services/composition-root';

/** A kiosk running in this process: the real core, simulated devices on PTYs, the browser host. */
export interface KioskUnderTest {
  core: StartedKioskCore;
  host: BrowserHost;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Starts the kiosk with the embedded default config, adjusted for tests: a temp data folder and
 * the given session timings. The renderer must have been built (`npm test` builds it first).
 */
export async function startKioskUnderTest(
  session: { idleResetSeconds: number; idleWarningSeconds: number } = { idleResetSeconds: 60, idleWarningSeconds: 15 },
): Promise<KioskUnderTest> {
  const rendererDir = path.join(findAppRoot().dir, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('the renderer is not built: run `npm run build` (npm test does it first)');
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-e2e-'));
  const config = JSON.parse(await readFile(defaultConfigPath(), 'utf8'));
  config.session = session;
  config.dataDir = dataDir;
  config.catalogue = path.join(path.dirname(defaultConfigPath()), config.catalogue);
  const configPath = path.join(dataDir, 'kiosk.json');
  await writeFile(configPath, JSON.stringify(config));
  const core = await startKioskCore({ host: 'browser-host', configPath });
  const host = await startBrowserHost({ core, rendererDir, port: 0, log: core.log });
  return {
    core,
    host,
    dataDir,
    close: async () => {
      await host.close();
      await core.close();
    },
  };
}
