import { describe, expect, it } from 'vitest';
import { betweenVisitors, HeartbeatWatch } from './heartbeat-watch';

describe('HeartbeatWatch', () => {
  const watchOf = () => new HeartbeatWatch({ frozenAfterMs: 10_000, startGraceMs: 60_000 });

  it('says a page is up at its first beat after a start, and frozen once silent past the limit', () => {
    const watch = watchOf();
    watch.started(1_000);
    expect(watch.up).toBe(false);
    expect(watch.beat(3_000)).toBe(1_000);
    expect(watch.beat(5_000)).toBeUndefined();
    expect(watch.up).toBe(true);
    expect(watch.silence(15_000)).toBeUndefined();
    expect(watch.silence(15_001)).toBe('frozen');
    expect(watch.silentFor(15_001)).toBe(10_001);
  });

  it('gives a started page its grace, then calls it never up', () => {
    const watch = watchOf();
    watch.started(0);
    expect(watch.silence(60_000)).toBeUndefined();
    expect(watch.silence(60_001)).toBe('never_up');
  });

  it('ignores beats while the page is being replaced, and judges nothing then', () => {
    const watch = watchOf();
    watch.started(0);
    watch.beat(1_000);
    watch.replacing(2_000, 5_000);
    expect(watch.beat(3_000)).toBeUndefined();
    expect(watch.up).toBe(false);
    expect(watch.silence(100_000)).toBeUndefined();
  });

  it('is healthy for systemd while the page beats or the supervisor is within its deadline, not after', () => {
    const watch = watchOf();
    watch.started(0);
    expect(watch.healthy(60_000)).toBe(true);
    expect(watch.healthy(80_000)).toBe(false);
    watch.beat(1_000);
    expect(watch.healthy(20_000)).toBe(true);
    expect(watch.healthy(30_000)).toBe(false);
    // A back-off of a minute is no hang.
    watch.replacing(30_000, 60_000);
    expect(watch.healthy(95_000)).toBe(true);
    expect(watch.healthy(101_000)).toBe(false);
  });
});

describe('betweenVisitors', () => {
  it('runs at once when no visitor is at the screen', () => {
    let runs = 0;
    betweenVisitors({ active: false, onNextEnd: () => () => {} }, () => {
      runs += 1;
    });
    expect(runs).toBe(1);
  });

  it("waits for the visitor's session to end, and can be called off", () => {
    let end: (() => void) | undefined;
    let calledOff = false;
    const session = {
      active: true,
      onNextEnd: (listener: () => void) => {
        end = listener;
        return () => {
          calledOff = true;
        };
      },
    };
    let runs = 0;
    const callOff = betweenVisitors(session, () => {
      runs += 1;
    });
    expect(runs).toBe(0);
    end?.();
    expect(runs).toBe(1);
    callOff();
    expect(calledOff).toBe(true);
  });
});
