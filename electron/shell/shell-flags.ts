/** What the shell reads from its environment before anything else starts. */
export interface ShellFlags {
  /**
   * Developer mode (`OKNO_DEV=1` or `--okno-dev`): a framed window, DevTools, reload keys.
   * Never set on a kiosk: it unlocks everything the lockdown closes.
   */
  dev: boolean;
  /**
   * `OKNO_DISABLE_GPU=1`: software rendering, for kiosks whose GPU driver draws garbage or hangs.
   * An environment flag (set in the session unit) because it must be known before `app` is
   * ready, long before the core has read the config file.
   */
  disableHardwareAcceleration: boolean;
  /**
   * `OKNO_SUPERVISED=1`: a supervisor (the systemd user unit) restarts the app when it exits,
   * so the watchdog exits instead of relaunching itself.
   */
  supervised: boolean;
  /** `OKNO_CONFIG`: the kiosk config file (e.g. /etc/okno/kiosk.json); the embedded default when absent. */
  configPath?: string;
  /** `OKNO_DATA_DIR`: overrides the config's data folder (logs, journals). */
  dataDir?: string;
  /** `OKNO_LOG_LEVEL`, `info` by default. */
  logLevel: string;
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Reads the shell's flags from the environment and the command line.
 *
 * Pure (the caller passes `process.env` and `process.argv`), so that it is unit-tested.
 */
export function readShellFlags(env: Record<string, string | undefined>, argv: readonly string[]): ShellFlags {
  const level = env.OKNO_LOG_LEVEL?.trim().toLowerCase();
  const flags: ShellFlags = {
    dev: isOn(env.OKNO_DEV) || argv.includes('--okno-dev'),
    disableHardwareAcceleration: isOn(env.OKNO_DISABLE_GPU),
    supervised: isOn(env.OKNO_SUPERVISED),
    // An unknown level would make pino throw at startup: fall back rather than crash-loop a kiosk.
    logLevel: level !== undefined && LOG_LEVELS.has(level) ? level : 'info',
  };
  const configPath = nonEmpty(env.OKNO_CONFIG);
  if (configPath !== undefined) flags.configPath = configPath;
  const dataDir = nonEmpty(env.OKNO_DATA_DIR);
  if (dataDir !== undefined) flags.dataDir = dataDir;
  return flags;
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
