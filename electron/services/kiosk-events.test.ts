import { describe, expect, it } from 'vitest';
import { KioskEvents } from './kiosk-events';
import { memoryLogger } from './test-support';

describe('KioskEvents', () => {
  it('a listener that throws is logged, and the event still reaches the other listeners', () => {
    const { log, lines } = memoryLogger();
    const events = new KioskEvents(log);
    const seen: string[] = [];
    events.on(() => {
      throw new Error('socket closed');
    });
    events.on((name) => seen.push(name));
    expect(() => events.emit('devices.changed', { devices: [] })).not.toThrow();
    expect(seen).toEqual(['devices.changed']);
    expect(lines()).toMatchObject([{ msg: 'event listener threw', event: 'devices.changed' }]);
  });

  it('drops an event outside the contract, and the unsubscribed hear nothing', () => {
    const { log, lines } = memoryLogger();
    const events = new KioskEvents(log);
    const seen: string[] = [];
    const off = events.on((name) => seen.push(name));
    events.emit('devices.changed', { devices: 'none' } as never);
    expect(seen).toEqual([]);
    expect(lines()).toMatchObject([{ msg: 'event outside the contract dropped', event: 'devices.changed' }]);
    off();
    events.emit('devices.changed', { devices: [] });
    expect(seen).toEqual([]);
  });
});
