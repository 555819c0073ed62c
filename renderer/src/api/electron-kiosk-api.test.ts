import { describe, expect, it } from 'vitest';
import { type CallName, type EventName, eventNames, type KioskBridge } from '../../../kiosk-config/src/index';
import { createElectronKioskApi } from './electron-kiosk-api';

/** A bridge shaped like the preload's, answering from a table and firing events on demand. */
function fakeBridge(answers: Partial<Record<CallName, (input: unknown) => Promise<unknown>>>) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls = new Proxy({} as KioskBridge['calls'], {
    get: (_target, name: string) => answers[name as CallName] ?? (() => Promise.reject(new Error('no handler'))),
  });
  const events = {} as KioskBridge['events'];
  for (const name of eventNames) {
    events[name] = (listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  const emit = (name: EventName, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  return { bridge: { calls, events } satisfies KioskBridge, emit };
}

describe('createElectronKioskApi', () => {
  it('passes a valid answer through', async () => {
    const { bridge } = fakeBridge({
      'session.activity': async () => ({ ok: true, value: { sessionId: 's-1' } }),
    });
    const api = createElectronKioskApi(bridge);
    expect(await api.call('session.activity', {})).toEqual({ ok: true, value: { sessionId: 's-1' } });
  });

  it('passes the input to the bridge verb', async () => {
    const inputs: unknown[] = [];
    const { bridge } = fakeBridge({
      'tickets.issue': async (input) => {
        inputs.push(input);
        return { ok: false, error: { code: 'printer_cover_open', message: 'cover open' } };
      },
    });
    const result = await createElectronKioskApi(bridge).call('tickets.issue', { serviceId: 'passport' });
    expect(inputs).toEqual([{ serviceId: 'passport' }]);
    expect(result).toEqual({ ok: false, error: { code: 'printer_cover_open', message: 'cover open' } });
  });

  it('turns an answer that breaks the contract into an internal fault', async () => {
    const { bridge } = fakeBridge({
      'devices.status': async () => ({ ok: true, value: { devices: [{ id: 'printer' }] } }),
      'kiosk.info': async () => 'hello',
    });
    const api = createElectronKioskApi(bridge);
    const devices = await api.call('devices.status', {});
    expect(devices.ok).toBe(false);
    if (!devices.ok) expect(devices.error.code).toBe('internal');
    const info = await api.call('kiosk.info', {});
    expect(info.ok).toBe(false);
    if (!info.ok) expect(info.error.code).toBe('internal');
  });

  it('turns a rejected invoke into an internal fault instead of throwing', async () => {
    const { bridge } = fakeBridge({});
    const result = await createElectronKioskApi(bridge).call('session.end', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('answers timeout when the main side never answers', async () => {
    const { bridge } = fakeBridge({ 'tickets.issue': () => new Promise(() => {}) });
    const result = await createElectronKioskApi(bridge, { callTimeoutMs: 20 }).call('tickets.issue', {
      serviceId: 'x',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('delivers valid events and drops invalid ones; unsubscribes', () => {
    const { bridge, emit } = fakeBridge({});
    const api = createElectronKioskApi(bridge);
    const got: unknown[] = [];
    const off = api.on('session.reset', (payload) => got.push(payload));
    emit('session.reset', { reason: 'sleepy', sessionId: 's-1' });
    emit('session.reset', { reason: 'idle', sessionId: 's-2' });
    emit('session.reset', null);
    expect(got).toEqual([{ reason: 'idle', sessionId: 's-2' }]);
    off();
    emit('session.reset', { reason: 'idle', sessionId: 's-3' });
    expect(got).toHaveLength(1);
  });
});
