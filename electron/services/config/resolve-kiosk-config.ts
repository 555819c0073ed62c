import { defaultConfigPath } from '../app-root';
import { type LoadedKioskConfig, loadKioskConfig } from './load-kiosk-config';
import { type PendingRecovery, recoverPendingConfigChange } from './pending-config-change';

/** Which config file and data folder a start uses (the options, then the environment, then defaults). */
export interface KioskConfigChoice {
  /** Path of the kiosk config file; `OKNO_CONFIG`, then the embedded default, when absent. */
  configPath?: string;
  /** Overrides the data folder from the config; `OKNO_DATA_DIR` when absent. */
  dataDir?: string;
}

/**
 * Loads the kiosk config the way every start does, so that the launchers (which start the
 * embedded hub before the core) and the core agree on the file and the data folder.
 */
export async function resolveKioskConfig(
  choice: KioskConfigChoice,
): Promise<{ loaded: LoadedKioskConfig; dataDir: string; recovered: PendingRecovery }> {
  const file = choice.configPath ?? process.env.OKNO_CONFIG ?? defaultConfigPath();
  // A device change on trial when the kiosk stopped is undone before the config is read.
  const recovered = await recoverPendingConfigChange(file);
  const loaded = await loadKioskConfig(file);
  return { loaded, dataDir: choice.dataDir ?? process.env.OKNO_DATA_DIR ?? loaded.dataDir, recovered };
}
