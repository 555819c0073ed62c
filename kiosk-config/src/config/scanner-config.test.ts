import { describe, expect, it } from 'vitest';
import { ScannerConfig } from './kiosk-config';

describe('ScannerConfig', () => {
  it('keeps the configs written before framing, prefix and charset existed working', () => {
    expect(ScannerConfig.parse({ suffix: 'CRLF', connection: { kind: 'simulated' } })).toEqual({
      suffix: 'CRLF',
      connection: { kind: 'simulated', baudRate: 115200 },
      framing: { kind: 'suffix' },
      prefix: '',
      charset: 'utf-8',
    });
  });

  it('takes silence framing (default gap 50 ms), a prefix and Windows-1251', () => {
    const parsed = ScannerConfig.parse({
      connection: { kind: 'simulated' },
      framing: { kind: 'silence' },
      prefix: '\u0002',
      charset: 'windows-1251',
    });
    expect(parsed).toMatchObject({
      framing: { kind: 'silence', silenceMs: 50 },
      prefix: '\u0002',
      charset: 'windows-1251',
    });
  });

  it('takes a HID POS scanner by ids, with the generic profile by default', () => {
    const parsed = ScannerConfig.parse({ connection: { kind: 'hid', vendorId: 0x0c2e, productId: 0x0b87 } });
    expect(parsed.connection).toEqual({ kind: 'hid', vendorId: 0x0c2e, productId: 0x0b87, profile: 'hid-pos' });
  });

  it('refuses a non-ASCII prefix, an unknown charset, a silly gap and an unknown HID profile', () => {
    const base = { connection: { kind: 'simulated' } };
    expect(ScannerConfig.safeParse({ ...base, prefix: '№' }).success).toBe(false);
    expect(ScannerConfig.safeParse({ ...base, charset: 'cp866' }).success).toBe(false);
    expect(ScannerConfig.safeParse({ ...base, framing: { kind: 'silence', silenceMs: 1 } }).success).toBe(false);
    expect(ScannerConfig.safeParse({ connection: { kind: 'hid', profile: 'acme' } }).success).toBe(false);
  });
});
