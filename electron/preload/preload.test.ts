import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CallName,
  callChannel,
  callNames,
  type EventName,
  eventChannel,
  eventNames,
  type KioskBridge,
} from '../../kiosk-config/src/index';
import { contextBridge, ipcRenderer } from '../shell/electron-stub';

vi.mock('electron', () => import('../shell/electron-stub'));

let bridge: KioskBridge;

beforeAll(async () => {
  await import('./preload');
  bridge = contextBridge.exposed.get('kiosk') as KioskBridge;
});

/** Every key and nested key of an object, as dotted paths. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...keyPaths(inner, `${prefix}${key}.`)]);
}

describe('preload', () => {
  it('exposes one object, window.kiosk, and nothing else', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['kiosk']);
    expect(Object.keys(bridge).sort()).toEqual(['calls', 'events']);
  });

  it('exposes exactly one verb per call and one subscription per event of the contract', () => {
    expect(Object.keys(bridge.calls).sort()).toEqual([...callNames].sort());
    expect(Object.keys(bridge.events).sort()).toEqual([...eventNames].sort());
    for (const fn of [...Object.values(bridge.calls), ...Object.values(bridge.events)]) {
      expect(typeof fn).toBe('function');
    }
  });

  it('has no generic send, invoke or on, and no ipcRenderer', () => {
    const generic = /^(send|sendSync|invoke|on|once|emit|postMessage|ipcRenderer|ipc|require|process)$/i;
    const leaks = keyPaths(bridge).filter((key) => generic.test(key.split('.').pop() ?? ''));
    expect(leaks).toEqual([]);
  });

  it("invokes the call's own channel with the input alone", async () => {
    const name: CallName = 'tickets.issue';
    const answer = await bridge.calls[name]({ serviceId: 'passport' });
    expect(ipcRenderer.invocations.at(-1)).toEqual({ channel: callChannel(name), args: [{ serviceId: 'passport' }] });
    expect(answer).toEqual({ ok: true, value: { echoed: callChannel(name) } });
  });

  it('hands a listener the payload only, never the IPC event', () => {
    const name: EventName = 'session.reset';
    const received: unknown[][] = [];
    const unsubscribe = bridge.events[name]((...args: unknown[]) => received.push(args));
    const ipcEvent = { sender: { send: () => {} }, ports: [] };
    ipcRenderer.emit(eventChannel(name), ipcEvent, { reason: 'idle', sessionId: 's-1' });
    expect(received).toEqual([[{ reason: 'idle', sessionId: 's-1' }]]);
    unsubscribe();
  });

  it('unsubscribes exactly the listener it added', () => {
    const name: EventName = 'devices.changed';
    const channel = eventChannel(name);
    const first: unknown[] = [];
    const second: unknown[] = [];
    const offFirst = bridge.events[name]((payload) => first.push(payload));
    const offSecond = bridge.events[name]((payload) => second.push(payload));
    expect(ipcRenderer.listenerCount(channel)).toBe(2);
    offFirst();
    ipcRenderer.emit(channel, {}, { devices: [] });
    expect(first).toEqual([]);
    expect(second).toEqual([{ devices: [] }]);
    offSecond();
    expect(ipcRenderer.listenerCount(channel)).toBe(0);
  });
});
