import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support';
import { type CallHandlers, createCallDispatcher } from './call-dispatcher';
import { fixedHandlers } from './fixed-handlers';

const handlers = fixedHandlers;

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
