import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TechnicianStateView } from '../../../kiosk-config/src/index';
import { createCallDispatcher } from '../api/call-dispatcher';
import { fixedHandlers } from '../api/fixed-handlers';
import { technicianCallHandlers } from './technician-call-handlers';
import { technicianOnly } from './technician-gate';
import { type TechnicianExitReason, TechnicianSession } from './technician-session';

const silentLog = { warn: () => {}, error: () => {}, info: () => {}, debug: () => {} } as never;

function setup(idleMs = 300_000) {
  const changes: TechnicianStateView[] = [];
  const ended: TechnicianExitReason[] = [];
  const technician = new TechnicianSession({
    idleMs,
    listeners: { onChanged: (view) => changes.push(view), onEnded: (reason) => ended.push(reason) },
  });
  return { technician, changes, ended };
}

describe('TechnicianSession', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-07T08:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('opens until idleMs passes without a touch, then ends by itself', () => {
    const { technician, changes, ended } = setup();
    expect(technician.open('Петров И.', 'qr')).toEqual({
      open: true,
      person: 'Петров И.',
      method: 'qr',
      endsAt: '2026-12-07T08:05:00.000Z',
    });
    vi.advanceTimersByTime(299_999);
    expect(technician.isOpen).toBe(true);
    vi.advanceTimersByTime(1);
    expect(technician.isOpen).toBe(false);
    expect(ended).toEqual(['idle']);
    expect(changes.at(-1)).toEqual({ open: false });
  });

  it('a touch moves the end ahead; «Выйти» ends it at once', () => {
    const { technician, ended } = setup();
    technician.open('Петров И.', 'pin');
    vi.advanceTimersByTime(200_000);
    const touched = technician.activity();
    expect(touched.open && touched.endsAt).toBe('2026-12-07T08:08:20.000Z');
    vi.advanceTimersByTime(200_000);
    expect(technician.isOpen).toBe(true);
    technician.close('exit');
    expect(ended).toEqual(['exit']);
    vi.advanceTimersByTime(600_000);
    expect(ended).toEqual(['exit']);
  });

  it('a touch while closed opens nothing', () => {
    const { technician, changes } = setup();
    expect(technician.activity()).toEqual({ open: false });
    expect(changes).toEqual([]);
  });
});

describe('technicianOnly', () => {
  it('refuses the technician calls without a signed-in technician, but the state', async () => {
    const { technician } = setup();
    const dispatch = createCallDispatcher(
      technicianOnly(fixedHandlers(technicianCallHandlers(technician)), technician),
      silentLog,
    );
    expect(await dispatch('technician.state', {})).toEqual({ ok: true, value: { open: false } });
    const refused = await dispatch('technician.activity', {});
    expect(refused.ok === false && refused.error.code).toBe('technician_required');
    // Visitor calls are not the gate's business.
    expect((await dispatch('kiosk.serviceMode', {})).ok).toBe(true);

    technician.open('Петров И.', 'qr');
    expect((await dispatch('technician.activity', {})).ok).toBe(true);
    expect(await dispatch('technician.exit', {})).toEqual({ ok: true, value: { open: false } });
    const after = await dispatch('technician.exit', {});
    expect(after.ok === false && after.error.code).toBe('technician_required');
    technician.dispose();
  });
});
