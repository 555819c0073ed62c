import { describe, expect, it } from 'vitest';
import example from '../../examples/kiosk.real-devices.json';
import { DEFAULT_DOCUMENTS_FOOTER, KioskConfig, OfficePrinterConfig } from './kiosk-config';

const minimal = {
  kiosk: { id: 'k1' },
  office: { id: 'mfc-1', name: 'МФЦ с. Берёзовка' },
  session: {},
  devices: {},
};

describe('officePrinter and the documents printout in the config', () => {
  it('is optional: without it the kiosk has no A4 printer, and the footer has a default', () => {
    const config = KioskConfig.parse(minimal);
    expect(config.officePrinter).toBeUndefined();
    expect(config.office.address).toBeUndefined();
    expect(config.office.documentsFooter).toBe(DEFAULT_DOCUMENTS_FOOTER);
  });

  it('needs only the CUPS destination; lp and 15 s by default', () => {
    expect(OfficePrinterConfig.parse({ destination: 'office_a4' })).toEqual({
      destination: 'office_a4',
      command: 'lp',
      timeoutMs: 15_000,
    });
    expect(OfficePrinterConfig.parse({ destination: 'HP_LaserJet/duplex', command: '/usr/bin/lp' }).command).toBe(
      '/usr/bin/lp',
    );
  });

  it('refuses a destination lp would misread (spaces, an option, a comment)', () => {
    for (const destination of ['', 'office a4', '-o', 'a4#1', '/a4']) {
      const result = OfficePrinterConfig.safeParse({ destination });
      expect(result.success, destination).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['destination']);
    }
    expect(OfficePrinterConfig.safeParse({ destination: 'a4', timeoutMs: 10 }).success).toBe(false);
  });

  it('is shown in the example config, which parses', () => {
    const config = KioskConfig.parse(example);
    expect(config.officePrinter).toEqual({ destination: 'office_a4', command: 'lp', timeoutMs: 15_000 });
    expect(config.office.address).toBe('с. Берёзовка, ул. Центральная, 12');
  });
});
