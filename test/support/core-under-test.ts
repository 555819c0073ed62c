import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { within } from '../../drivers/test-support/within';
import { defaultConfigPath } from '../../electron/services/app-root';
import { type StartedKioskCore, startKioskCore } from '../../electron/services/composition-root';
import type { EventName, KioskConfigInput } from '../../kiosk-config/src/index';

/**
 * Writes the embedded default config to `<dataDir>/kiosk.json` and returns that path: `dataDir`
 * as its data folder, the demo catalogue beside the default config, then `adjust`'s changes.
 */
export async function writeDefaultConfig(
  dataDir: string,
  adjust: (config: KioskConfigInput) => void = () => {},
): Promise<string> {
  const config = JSON.parse(await readFile(defaultConfigPath(), 'utf8')) as KioskConfigInput;
  config.dataDir = dataDir;
  config.catalogue = path.join(path.dirname(defaultConfigPath()), config.catalogue ?? 'demo-catalogue.json');
  adjust(config);
  const configPath = path.join(dataDir, 'kiosk.json');
  await writeFile(configPath, JSON.stringify(config));
  return configPath;
}

/**
 * Starts the real core (no UI host) with the embedded default config in a temp data folder,
 * after `adjust` has changed what the test needs (e.g. `config.devices.printer = null`).
 */
export async function startDefaultCore(
  adjust: (config: KioskConfigInput) => void = () => {},
): Promise<StartedKioskCore> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-core-'));
  const configPath = await writeDefaultConfig(dataDir, adjust);
  return startKioskCore({ host: 'browser-host', configPath });
}

/** The payload of the next event of that name the core sends its UI, or a clear timeout. */
export function nextEvent(core: StartedKioskCore, name: EventName, timeoutMs = 5000): Promise<unknown> {
  return within(
    new Promise((resolve) => {
      const stop = core.onEvent((event, payload) => {
        if (event !== name) return;
        stop();
        resolve(payload);
      });
    }),
    timeoutMs,
    `a ${name} event`,
  );
}
