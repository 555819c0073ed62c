import { describe, expect, it, vi } from 'vitest';
import { type ResetReason, SessionKey, VisitorSession } from './visitor-session';

function setup(resetMs = 60_000, warningMs = 15_000) {
  const warnings: number[] = [];
  const resets: { reason: ResetReason; id: string }[] = [];
  const session = new VisitorSession(resetMs, warningMs, {
    onIdleWarning: (s) => warnings.push(s),
    onReset: (reason, id) => resets.push({ reason, id }),
  });
  return { session, warnings, resets };
}

describe('VisitorSession', () => {
  it('warns, then resets after the idle time, with a new session id', () => {
    vi.useFakeTimers();
    try {
      const { session, warnings, resets } = setup();
      const first = session.id;
      session.activity();
      vi.advanceTimersByTime(44_999);
      expect(warnings).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(warnings).toEqual([15]);
      vi.advanceTimersByTime(15_000);
      expect(resets).toEqual([{ reason: 'idle', id: first }]);
      expect(session.id).not.toBe(first);
      expect(session.active).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a touch restarts the countdown', () => {
    vi.useFakeTimers();
    try {
      const { session, resets } = setup();
      session.activity();
      vi.advanceTimersByTime(50_000);
      session.activity();
      vi.advanceTimersByTime(50_000);
      expect(resets).toEqual([]);
      vi.advanceTimersByTime(10_000);
      expect(resets).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not count down while nobody uses the kiosk', () => {
    vi.useFakeTimers();
    try {
      const { session, resets } = setup();
      session.activity();
      vi.advanceTimersByTime(60_000);
      vi.advanceTimersByTime(600_000);
      expect(resets).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends at once on request and stops the pending timers', () => {
    vi.useFakeTimers();
    try {
      const { session, resets, warnings } = setup();
      session.activity();
      session.end('visitor');
      vi.advanceTimersByTime(120_000);
      expect(resets.map((r) => r.reason)).toEqual(['visitor']);
      expect(warnings).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a visitor’s data only until the reset, and keeping arms the idle countdown', () => {
    vi.useFakeTimers();
    try {
      const { session, resets } = setup();
      const found = new SessionKey<{ maskedNumber: string }>('test.found');
      // A scan alone, no touch: keeping data must still start the countdown.
      session.keep(found, { maskedNumber: 'КУВД-***-***0443' });
      expect(session.recall(found)).toEqual({ maskedNumber: 'КУВД-***-***0443' });
      vi.advanceTimersByTime(60_000);
      expect(resets.map((r) => r.reason)).toEqual(['idle']);
      expect(session.recall(found)).toBeUndefined();
      session.keep(found, { maskedNumber: 'x' });
      session.end('visitor');
      expect(session.recall(found)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds the countdown while a payment runs, then restarts it in full at the release', () => {
    vi.useFakeTimers();
    try {
      const { session, warnings, resets } = setup();
      session.activity();
      vi.advanceTimersByTime(40_000);
      const release = session.hold();
      const inner = session.hold();
      expect(session.held).toBe(true);
      // Touches during the payment do not re-arm it either.
      session.activity();
      vi.advanceTimersByTime(600_000);
      expect(warnings).toEqual([]);
      expect(resets).toEqual([]);
      release();
      release();
      vi.advanceTimersByTime(600_000);
      expect(resets).toEqual([]);
      inner();
      expect(session.held).toBe(false);
      vi.advanceTimersByTime(59_999);
      expect(resets).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(resets).toHaveLength(1);
      expect(warnings).toEqual([15]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells who waits for the end of the session, once, unless they stopped waiting', () => {
    const { session } = setup();
    session.activity();
    const heard: string[] = [];
    session.onNextEnd(() => heard.push('a'));
    const stop = session.onNextEnd(() => heard.push('b'));
    stop();
    session.end('idle');
    session.dispose();
    expect(heard).toEqual(['a']);
    session.activity();
    session.end('idle');
    session.dispose();
    expect(heard).toEqual(['a']);
  });
});
