import { describe, expect, it } from 'vitest';
import { readShellFlags } from './shell-flags';

describe('readShellFlags', () => {
  it('is locked down with nothing set', () => {
    expect(readShellFlags({}, ['/opt/Okno/okno'])).toEqual({
      dev: false,
      disableHardwareAcceleration: false,
      supervised: false,
      logLevel: 'info',
    });
  });

  it('reads the environment and the --okno-dev switch', () => {
    const flags = readShellFlags(
      {
        OKNO_DISABLE_GPU: '1',
        OKNO_SUPERVISED: 'true',
        OKNO_CONFIG: ' /etc/okno/kiosk.json ',
        OKNO_DATA_DIR: '/var/lib/okno',
        OKNO_LOG_LEVEL: 'DEBUG',
      },
      ['electron', '.', '--okno-dev'],
    );
    expect(flags).toEqual({
      dev: true,
      disableHardwareAcceleration: true,
      supervised: true,
      configPath: '/etc/okno/kiosk.json',
      dataDir: '/var/lib/okno',
      logLevel: 'debug',
    });
  });

  it('treats empty, "0" and unknown values as off, and an unknown log level as info', () => {
    const flags = readShellFlags(
      { OKNO_DEV: '0', OKNO_DISABLE_GPU: 'nope', OKNO_CONFIG: '  ', OKNO_LOG_LEVEL: 'loud' },
      [],
    );
    expect(flags.dev).toBe(false);
    expect(flags.disableHardwareAcceleration).toBe(false);
    expect(flags).not.toHaveProperty('configPath');
    expect(flags.logLevel).toBe('info');
  });
});
