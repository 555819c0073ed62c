import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultConfigPath } from '../../electron/services/app-root';
import { kioskSetupFile, saveKioskSetup } from '../../electron/services/tickets/kiosk-setup-store';
import { CatalogueFile, type KioskSetup } from '../../kiosk-config/src/index';

/**
 * Gives a kiosk's data folder a cached hub setup (the demo catalogue, offline block `К9`), as if
 * its hub had sent one before: a core started on it without a hub issues offline tickets
 * (`Б-К9-01`) instead of answering `hub_unreachable`.
 */
export async function seedCachedSetup(dataDir: string, overrides: Partial<KioskSetup> = {}): Promise<KioskSetup> {
  const folder = path.dirname(defaultConfigPath());
  const catalogue = CatalogueFile.parse(JSON.parse(await readFile(path.join(folder, 'demo-catalogue.json'), 'utf8')));
  const setup: KioskSetup = {
    office: { id: 'mfc-demo-01', name: 'МФЦ «Мои Документы», с. Берёзовка' },
    timeZone: 'Europe/Moscow',
    catalogue,
    offlineTag: 'К9',
    followBaseUrl: 'http://127.0.0.1:9/follow',
    booking: { earlyMinutes: 15, lateMinutes: 10 },
    ...overrides,
  };
  await saveKioskSetup(kioskSetupFile(dataDir), setup, new Date());
  return setup;
}
