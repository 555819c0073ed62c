import { describe, expect, it } from 'vitest';
import { ok } from '../../../kiosk-config/src/index';
import { memoryLogger } from '../test-support';
import { type CallHandlers, createCallDispatcher } from './call-dispatcher';

function handlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  return {
    'kiosk.info': async () =>
      ok({
        kioskId: 'k1',
        appVersion: '1.0.0',
        host: 'browser-host',
        office: { id: 'o1', name: 'МФЦ' },
        timeZone: 'Europe/Moscow',
        idleResetSeconds: 60,
        idleWarningSeconds: 15,
      }),
    'session.activity': async () => ok({ sessionId: 's1' }),
    'session.end': async () => ok({ sessionId: 's2' }),
    'tickets.catalogue': async () => ok({ categories: [], services: [] }),
    'tickets.issue': async ({ serviceId }) =>
      ok({
        number: 'А-001',
        serviceId,
        serviceName: 'Услуга',
        officeName: 'МФЦ',
        issuedAt: '2026-11-23T10:00:00+03:00',
      }),
    'devices.status': async () => ok({ devices: [] }),
    ...overrides,
  };
}

describe('createCallDispatcher', () => {
  it('runs a valid call and returns its result', async () => {
    const { log } = memoryLogger();
    const dispatch = createCallDispatcher(handlers(), log);
    const result = await dispatch('tickets.issue', { serviceId: 'passport-rf' });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ number: 'А-001', serviceId: 'passport-rf' }),
    });
  });

  it('refuses an unknown call with a typed error and a log line', async () => {
    const memory = memoryLogger();
    const dispatch = createCallDispatcher(handlers(), memory.log);
    for (const name of ['fs.readFile', '__proto__', 'constructor', 42, null]) {
      const result = await dispatch(name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
    expect(memory.lines().filter((l) => l.msg === 'unknown call refused')).toHaveLength(5);
  });

  it('refuses a bad payload naming the field, without logging the value', async () => {
    const memory = memoryLogger();
    const dispatch = createCallDispatcher(handlers(), memory.log);
    const result = await dispatch('tickets.issue', { serviceId: 'КУВД-001/2021-3670443', extra: 'Иванов Иван' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const wrongType = await dispatch('tickets.issue', { serviceId: 5 });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error.message).toContain('serviceId');
    expect(await dispatch('tickets.issue', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(memory.text()).not.toContain('Иванов');
    expect(memory.text()).not.toContain('3670443');
  });

  it('turns a throwing handler into an internal error without crashing', async () => {
    const memory = memoryLogger();
    const dispatch = createCallDispatcher(
      handlers({
        'devices.status': async () => {
          throw new Error('boom');
        },
      }),
      memory.log,
    );
    expect(await dispatch('devices.status', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(memory.lines().some((l) => l.msg === 'call handler threw')).toBe(true);
  });

  it('refuses an answer outside the contract', async () => {
    const memory = memoryLogger();
    const broken = (async () => ({ ok: true, value: { sessionId: 123 } })) as unknown as CallHandlers['session.end'];
    const dispatch = createCallDispatcher(handlers({ 'session.end': broken }), memory.log);
    expect(await dispatch('session.end', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
