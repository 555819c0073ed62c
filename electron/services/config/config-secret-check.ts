import { stat } from 'node:fs/promises';
import type { KioskConfig } from '../../../kiosk-config/src/index';
import type { Logger } from '../logging/logger';

/** The secrets a kiosk config file may carry, by their field path. */
export function configSecrets(config: KioskConfig): string[] {
  return config.hub.kind === 'remote' && config.hub.provisioningToken !== undefined ? ['hub.provisioningToken'] : [];
}

/** A config file holding a secret that users other than its owner may read. */
export interface ConfigSecretExposure {
  file: string;
  /** e.g. `0644`. */
  mode: string;
  secrets: string[];
}

/**
 * Whether `file` carries a secret (the fleet token) while group or others may read it. The
 * installer creates the config 0600 owned by the kiosk user; a hand-copied file often is 0644.
 */
export async function configSecretExposure(
  file: string,
  config: KioskConfig,
): Promise<ConfigSecretExposure | undefined> {
  const secrets = configSecrets(config);
  if (secrets.length === 0) return undefined;
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  return { file, mode: `0${mode.toString(8)}`, secrets };
}

/** Logs a warning (never the secret) when the config file exposes a secret; true when it did. */
export async function warnIfConfigSecretExposed(file: string, config: KioskConfig, log: Logger): Promise<boolean> {
  const exposure = await configSecretExposure(file, config);
  if (!exposure) return false;
  log.warn(
    { config: exposure.file, mode: exposure.mode, fields: exposure.secrets },
    'the kiosk config file holds a secret and is readable by other users: chmod 600 it (owned by the kiosk user)',
  );
  return true;
}
