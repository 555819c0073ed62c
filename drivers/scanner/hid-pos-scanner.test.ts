import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HID_POS_PROFILES } from '../hid/hid-pos-profiles';
import { encodeHidPosReports } from '../hid/hid-pos-report';
import { readHexCapture } from '../test-support/hex-captures';
import { FakeReportTransport } from '../transport/fake-report-transport';
import type { LinkEvent } from '../transport/reconnecting-transport';
import type { ScannedCode } from './barcode-scanner';
import { HidPosScanner, type HidPosScannerFault } from './hid-pos-scanner';

const fixtures = path.join(import.meta.dirname, '..', 'hid', 'fixtures');
const withoutBytes = ({ bytes: _bytes, ...code }: ScannedCode): ScannedCode => code;

function setUp(options: ConstructorParameters<typeof HidPosScanner>[1] = {}) {
  const transport = new FakeReportTransport();
  const scanner = new HidPosScanner(transport, { reconnectMs: 0, ...options });
  const codes: ScannedCode[] = [];
  const faults: HidPosScannerFault[] = [];
  const links: LinkEvent['type'][] = [];
  scanner.onScan((code) => codes.push(code));
  scanner.onFault((fault) => faults.push(fault));
  scanner.onLinkEvent((event) => links.push(event.type));
  return { transport, scanner, codes, faults, links };
}

describe('HidPosScanner', () => {
  it('delivers a code continued over several reports, with its symbology and bytes', async () => {
    const { transport, scanner, codes } = setUp();
    await scanner.open();
    for (const report of readHexCapture(path.join(fixtures, 'hid-pos-gs1-datamatrix.hex')).records) {
      transport.emitReport(report);
    }
    expect(codes.map(withoutBytes)).toEqual([
      {
        text: '0104600439931256215!&QdZxT3kP+X\u001d91EE06\u001d92dGVzdGNyeXB0b3RhaWxmb3Jva25vZml4dHVyZXMwMDA=',
        symbology: ']d2',
      },
    ]);
    expect(codes[0]?.bytes?.length).toBe(85);
  });

  it("sends the profile's vendor switch after opening; a refusal is a fault, not a failure", async () => {
    const { transport, scanner, faults } = setUp({ profile: HID_POS_PROFILES.honeywell });
    transport.featureReportError = new Error('EPIPE');
    await scanner.open();
    expect(scanner.isOpen).toBe(true);
    expect(faults).toEqual([{ code: 'switch_refused', reportId: 0xfe, message: 'EPIPE' }]);
    transport.featureReportError = null;
    await scanner.close();
    await scanner.open();
    expect(transport.featureReports).toEqual([Uint8Array.of(0xfe, 0x01)]);
  });

  it('decodes with the configured charset and strips the prefix', async () => {
    const { transport, scanner, codes } = setUp({ charset: 'windows-1251', prefix: '#' });
    await scanner.open();
    for (const report of encodeHidPosReports(Uint8Array.of(0x23, 0xc0, 0x2d, 0x37), { aim: ']Q1' })) {
      transport.emitReport(report);
    }
    expect(codes.map(withoutBytes)).toEqual([{ text: 'А-7', symbology: ']Q1' }]);
  });

  it('reports broken reports and an oversized code as faults, ignores other reports', async () => {
    const { transport, scanner, codes, faults } = setUp({ maxCodeBytes: 60 });
    await scanner.open();
    transport.emitReport([0x04, 0x01, 0x00]);
    transport.emitReport([0x02]);
    for (const report of encodeHidPosReports(new Uint8Array(100).fill(0x41))) transport.emitReport(report);
    expect(codes).toEqual([]);
    expect(faults).toEqual([
      { code: 'report_too_short', length: 1 },
      { code: 'code_too_long', maxBytes: 60 },
    ]);
  });

  it('is its own device link: connected, lost, retried until the device is back', async () => {
    const { transport, scanner, links, faults } = setUp({ reconnectMs: 10 });
    transport.openError = new Error('no HID device hid:usage-page-8c is attached');
    await scanner.start();
    expect(scanner.connected).toBe(false);
    transport.openError = null;
    await vi.waitFor(() => expect(scanner.connected).toBe(true), { timeout: 1000 });
    transport.disconnect();
    expect(faults).toContainEqual({ code: 'disconnected', message: 'fake://hid was lost' });
    await vi.waitFor(() => expect(transport.openCount).toBe(2), { timeout: 1000 });
    expect(links).toEqual(['retry_failed', 'connected', 'lost', 'connected']);
    await scanner.close();
    expect(transport.isOpen).toBe(false);
  });

  it('forgets half a code when the device is lost: it is not joined to the next code', async () => {
    const { transport, scanner, codes } = setUp();
    await scanner.open();
    const [first] = encodeHidPosReports(new Uint8Array(70).fill(0x42));
    transport.emitReport(first ?? []);
    transport.disconnect();
    await scanner.open();
    for (const report of encodeHidPosReports(new TextEncoder().encode('whole'))) transport.emitReport(report);
    expect(codes.map(withoutBytes)).toEqual([{ text: 'whole' }]);
  });
});
