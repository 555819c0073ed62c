import { describe, expect, it } from 'vitest';
import { ScannerConfig } from '../../../kiosk-config/src/index';
import { printerProfilesDir } from '../app-root';
import { memoryLogger } from '../test-support';
import { createDeviceFactory } from './device-factory';

describe('device factory: a HID POS scanner', () => {
  it('attaches through the real node-hid; a scanner not plugged in is offline, retried, and closes cleanly', async () => {
    const { log } = memoryLogger();
    const { factory } = createDeviceFactory({ profilesDir: printerProfilesDir(), paperDir: '/nonexistent', log });
    const config = ScannerConfig.parse({
      connection: { kind: 'hid', path: '/dev/hidraw-okno-test-missing', profile: 'honeywell' },
    });
    const attached = await factory.attachScanner(config);
    expect(attached.address).toBe('/dev/hidraw-okno-test-missing');
    expect(attached.simulated).toBe(false);
    expect(attached.link?.connected).toBe(false);
    await attached.close();
  });
});
