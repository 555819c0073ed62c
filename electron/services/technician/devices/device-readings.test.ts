import { describe, expect, it } from 'vitest';
import type { DocumentRead } from '../../../../drivers/document/document-reader';
import type { TechnicianAudit } from '../technician-audit';
import { type TechnicianDeviceServices, technicianDeviceCallHandlers } from './device-call-handlers';
import { DeviceReadings } from './device-readings';

const at = () => new Date('2026-12-07T09:00:00Z');

function handlersWith(readings: DeviceReadings, audit: Array<[string, unknown]>, documentReaderConfigured = true) {
  const recorder: TechnicianAudit = { record: (action, detail) => audit.push([action, detail]) };
  const services: TechnicianDeviceServices = {
    page: { view: async () => ({ devices: [] }) },
    readings,
    printer: () => null,
    printerProfile: async () => null,
    place: { kioskId: 'k1', officeName: 'МФЦ', timeZone: 'Europe/Moscow' },
    documentReaderConfigured,
    terminal: () => null,
    refreshTerminal: async () => undefined,
    closeDay: async () => ({
      ok: false,
      error: { code: 'terminal_unavailable', message: 'no card terminal is attached' },
    }),
    audit: recorder,
  };
  return technicianDeviceCallHandlers(services);
}

describe('DeviceReadings: the technician’s device tests', () => {
  it('gives a test scan to the technician only, with its symbology and AIM id, and audits no text', async () => {
    const readings = new DeviceReadings(at);
    readings.technicianChanged(true);
    const audit: Array<[string, unknown]> = [];
    const testing = handlersWith(readings, audit)['technician.testScan']({});

    expect(readings.takeScan({ text: 'Код-42', symbology: ']Q1' })).toBe(true);
    expect(await testing).toEqual({
      ok: true,
      value: { read: true, text: 'Код-42', aim: ']Q1', symbology: 'QR Code', kind: 'text' },
    });
    expect(audit).toEqual([['device.test_scan', { read: true, aim: ']Q1', length: 6 }]]);
    expect(JSON.stringify(audit)).not.toContain('Код-42');
    // The next scan, with no test waiting, goes on to the screen.
    expect(readings.takeScan({ text: '4601234567893', symbology: ']E0' })).toBe(false);
    expect(readings.lastScan).toEqual({ aim: ']E0', symbology: 'EAN-13', length: 13, at: at().toISOString() });
  });

  it('never takes or remembers a visitor’s scan (the mode closed)', () => {
    const readings = new DeviceReadings(at);
    const waiting = readings.scans.wait(50);
    expect(readings.takeScan({ text: 'A-017' })).toBe(false);
    expect(readings.lastScan).toBeUndefined();
    return expect(waiting).resolves.toBe('timeout');
  });

  it('ends a waiting test and forgets the last scan when the mode ends', async () => {
    const readings = new DeviceReadings(at);
    readings.technicianChanged(true);
    readings.takeScan({ text: 'x' });
    const waiting = readings.scans.wait(30_000);
    readings.technicianChanged(false);
    expect(await waiting).toBe('timeout');
    expect(readings.lastScan).toBeUndefined();
  });

  it('runs one test at a time', async () => {
    const readings = new DeviceReadings(at);
    readings.technicianChanged(true);
    const first = readings.scans.wait(30_000);
    expect(await readings.scans.wait(30_000)).toBe('busy');
    readings.takeScan({ text: 'x' });
    expect(await first).toEqual({ text: 'x' });
  });

  it('shows a document test only the layout, and keeps the document nowhere', async () => {
    const readings = new DeviceReadings(at);
    readings.technicianChanged(true);
    const audit: Array<[string, unknown]> = [];
    const testing = handlersWith(readings, audit)['technician.testDocumentReader']({});
    const read = { document: { format: 'TD3', surname: 'ИВАНОВ' }, corrections: [] } as unknown as DocumentRead;

    expect(readings.takeDocument(read)).toBe(true);
    expect(await testing).toEqual({ ok: true, value: { read: true, layout: 'td3' } });
    expect(audit).toEqual([['device.test_document_reader', { read: true, layout: 'td3' }]]);
    // With no test waiting the document goes to the visitor's session as always.
    expect(readings.takeDocument(read)).toBe(false);
  });

  it('reports a reader fault to the document test', async () => {
    const readings = new DeviceReadings(at);
    readings.technicianChanged(true);
    const testing = handlersWith(readings, [])['technician.testDocumentReader']({});
    expect(readings.takeDocumentFault({ code: 'document_timeout', timeoutMs: 500 })).toBe(true);
    expect(await testing).toEqual({ ok: true, value: { read: false, reason: 'document_timeout' } });
  });

  it('says there is no reader or printer, and records the attempt', async () => {
    const audit: Array<[string, unknown]> = [];
    const handlers = handlersWith(new DeviceReadings(at), audit, false);
    expect(await handlers['technician.testDocumentReader']({})).toEqual({
      ok: true,
      value: { read: false, reason: 'no_reader' },
    });
    expect(await handlers['technician.testPrint']({})).toEqual({
      ok: true,
      value: { outcome: 'no_printer', identity: {} },
    });
    expect(await handlers['technician.closeDay']({})).toEqual({
      ok: true,
      value: { closed: false, reason: 'terminal_unavailable', message: 'no card terminal is attached' },
    });
    expect(audit.map(([action]) => action)).toEqual([
      'device.test_document_reader',
      'device.test_print',
      'device.close_day',
    ]);
  });
});
