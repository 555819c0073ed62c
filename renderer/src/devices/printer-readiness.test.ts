import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../kiosk-config/src/index';
import { printerReadiness } from './printer-readiness';

function printer(overrides: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    id: 'printer',
    kind: 'printer',
    connected: true,
    simulated: true,
    problems: [],
    address: '/dev/pts/3',
    ...overrides,
  };
}

describe('printerReadiness', () => {
  it('is unknown before a report and when no printer is listed', () => {
    expect(printerReadiness(null)).toEqual({ state: 'unknown' });
    expect(printerReadiness([printer({ kind: 'scanner', id: 'scanner' })])).toEqual({ state: 'unknown' });
  });

  it('is ready when connected without problems, and with paper near its end', () => {
    expect(printerReadiness([printer()])).toEqual({ state: 'ready' });
    expect(printerReadiness([printer({ problems: ['paper_near_end'] })])).toEqual({ state: 'ready' });
  });

  it('names the fault the visitor is told about', () => {
    expect(printerReadiness([printer({ problems: ['paper_out'] })])).toEqual({ state: 'faulty', fault: 'paper_out' });
    expect(printerReadiness([printer({ problems: ['cover_open', 'paper_out'] })])).toEqual({
      state: 'faulty',
      fault: 'cover_open',
    });
    expect(printerReadiness([printer({ connected: false })])).toEqual({ state: 'faulty', fault: 'offline' });
    expect(printerReadiness([printer({ problems: ['not_responding'] })])).toEqual({
      state: 'faulty',
      fault: 'offline',
    });
    expect(printerReadiness([printer({ problems: ['error'] })])).toEqual({ state: 'faulty', fault: 'error' });
  });

  it('is ready when any one printer can print', () => {
    expect(printerReadiness([printer({ problems: ['paper_out'] }), printer({ id: 'printer-2' })])).toEqual({
      state: 'ready',
    });
  });
});
