import { describe, expect, it } from 'vitest';
import { InputShield, SHIELD_HOLD_LIMIT_MS, SHIELD_SETTLE_MS, type ShieldClock } from './input-shield';

/** A clock the test moves by hand. */
class HandClock implements ShieldClock {
  #now = 0;
  #next = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.#timers.set(handle, { at: this.#now + ms, callback });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  /** Moves time on, firing the timers due meanwhile in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
    }
    this.#now = until;
  }
}

/** A window with the shield installed first and the page's own listener after it. */
function setUp() {
  const target = new EventTarget();
  const clock = new HandClock();
  const changes: boolean[] = [];
  let dismissed = 0;
  const shield = new InputShield(
    target,
    { onDismiss: () => (dismissed += 1), onChange: (up) => changes.push(up) },
    clock,
  );
  shield.install();
  const reached: string[] = [];
  for (const type of [
    'pointerdown',
    'pointerup',
    'touchstart',
    'touchend',
    'mousedown',
    'mouseup',
    'click',
    'keydown',
    'keyup',
  ]) {
    target.addEventListener(type, (event) => reached.push(event.type));
  }
  /** Dispatches a cancelable event with the given fields; answers whether it was cancelled. */
  const fire = (type: string, fields: Record<string, unknown> = {}) => {
    const event = Object.assign(new Event(type, { cancelable: true }), fields);
    target.dispatchEvent(event);
    return event.defaultPrevented;
  };
  return { target, clock, shield, changes, reached, fire, dismissed: () => dismissed };
}

/** A tap as Chromium delivers it: pointer and touch events, then the made-up mouse events and the click. */
function tap(fire: (type: string, fields?: Record<string, unknown>) => boolean, pointerId = 1) {
  fire('pointerdown', { pointerId });
  fire('touchstart');
  fire('pointerup', { pointerId });
  fire('touchend');
  fire('mousedown');
  fire('mouseup');
  fire('click');
}

describe('InputShield', () => {
  it('lets everything through while down', () => {
    const { fire, reached, changes } = setUp();
    tap(fire);
    expect(reached).toEqual(['pointerdown', 'touchstart', 'pointerup', 'touchend', 'mousedown', 'mouseup', 'click']);
    expect(changes).toEqual([]);
  });

  it('swallows the whole tap that dismisses it, then goes down once the tap has settled', () => {
    const { fire, reached, changes, shield, clock, dismissed } = setUp();
    shield.raise();
    expect(changes).toEqual([true]);
    expect(fire('pointerdown', { pointerId: 1 })).toBe(true);
    expect(dismissed()).toBe(1);
    fire('touchstart');
    fire('pointerup', { pointerId: 1 });
    fire('touchend');
    // The made-up mouse events come a little later: still swallowed.
    clock.advance(SHIELD_SETTLE_MS - 1);
    expect(shield.up).toBe(true);
    fire('mousedown');
    fire('mouseup');
    expect(fire('click')).toBe(true);
    expect(reached).toEqual([]);
    expect(dismissed()).toBe(1);
    clock.advance(SHIELD_SETTLE_MS);
    expect(shield.up).toBe(false);
    expect(changes).toEqual([true, false]);
    // The next tap is the visitor's.
    tap(fire, 2);
    expect(reached).toContain('click');
  });

  it('swallows a hover after the tap without staying up for it; a drag keeps it up', () => {
    const { fire, shield, clock } = setUp();
    shield.raise();
    tap(fire);
    clock.advance(SHIELD_SETTLE_MS - 100);
    expect(fire('pointermove', { pointerId: 1 })).toBe(true);
    expect(fire('mousemove')).toBe(true);
    clock.advance(100);
    expect(shield.up).toBe(false);

    shield.raise();
    fire('pointerdown', { pointerId: 2 });
    fire('pointermove', { pointerId: 2 });
    clock.advance(SHIELD_SETTLE_MS - 100);
    fire('pointermove', { pointerId: 2 });
    fire('pointerup', { pointerId: 2 });
    clock.advance(SHIELD_SETTLE_MS - 1);
    expect(shield.up).toBe(true);
    clock.advance(1);
    expect(shield.up).toBe(false);
  });

  it('stays up while the finger is held, and goes down once it lifts', () => {
    const { fire, shield, clock, reached } = setUp();
    shield.raise();
    fire('pointerdown', { pointerId: 7 });
    clock.advance(SHIELD_SETTLE_MS * 4);
    expect(shield.up).toBe(true);
    fire('pointerup', { pointerId: 7 });
    fire('click');
    clock.advance(SHIELD_SETTLE_MS);
    expect(shield.up).toBe(false);
    expect(reached).toEqual([]);
  });

  it('swallows a key from keydown to keyup (Enter or Space would press the focused button beneath)', () => {
    const { fire, shield, clock, reached, dismissed } = setUp();
    shield.raise();
    expect(fire('keydown', { code: 'Space', key: ' ' })).toBe(true);
    expect(dismissed()).toBe(1);
    clock.advance(SHIELD_SETTLE_MS * 2);
    expect(shield.up).toBe(true);
    fire('keyup', { code: 'Space', key: ' ' });
    clock.advance(SHIELD_SETTLE_MS);
    expect(shield.up).toBe(false);
    expect(reached).toEqual([]);
  });

  it('does not stay up for ever when a release is lost', () => {
    const { fire, shield, clock } = setUp();
    shield.raise();
    fire('pointerdown', { pointerId: 3 });
    clock.advance(SHIELD_HOLD_LIMIT_MS + SHIELD_SETTLE_MS);
    expect(shield.up).toBe(false);
  });

  it('forgets what is held when the window loses the focus', () => {
    const { fire, shield, clock, target } = setUp();
    shield.raise();
    fire('keydown', { code: 'KeyA', key: 'a' });
    target.dispatchEvent(new Event('blur'));
    clock.advance(SHIELD_SETTLE_MS);
    expect(shield.up).toBe(false);
  });

  it('goes down at once when the warning goes away untouched, but not in the middle of a gesture', () => {
    const untouched = setUp();
    untouched.shield.raise();
    untouched.shield.lower();
    expect(untouched.shield.up).toBe(false);
    expect(untouched.dismissed()).toBe(0);
    expect(untouched.changes).toEqual([true, false]);

    const touched = setUp();
    touched.shield.raise();
    touched.fire('pointerdown', { pointerId: 1 });
    touched.shield.lower();
    expect(touched.shield.up).toBe(true);
    touched.fire('pointerup', { pointerId: 1 });
    touched.fire('click');
    touched.clock.advance(SHIELD_SETTLE_MS);
    expect(touched.shield.up).toBe(false);
    expect(touched.reached).toEqual([]);
  });

  it('a warning raised again while the last touch settles waits for a new touch', () => {
    const { fire, shield, clock, dismissed, changes } = setUp();
    shield.raise();
    tap(fire);
    shield.raise();
    clock.advance(SHIELD_SETTLE_MS * 3);
    expect(shield.up).toBe(true);
    tap(fire, 2);
    expect(dismissed()).toBe(2);
    clock.advance(SHIELD_SETTLE_MS);
    expect(shield.up).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('lets everything through again once disposed', () => {
    const { fire, shield, reached } = setUp();
    shield.raise();
    shield.dispose();
    tap(fire);
    expect(reached).toContain('click');
  });

  it('lets through, while raised, what its owner passes (the technician corners), without a dismissal', () => {
    const target = new EventTarget();
    const corner = { inCorner: true };
    const dismissals: number[] = [];
    const shield = new InputShield(target, {
      onDismiss: () => dismissals.push(1),
      onChange: () => {},
      passes: (event) => (event as Event & { inCorner?: boolean }).inCorner === true,
    });
    shield.install();
    const reached: string[] = [];
    target.addEventListener('pointerdown', (event) => reached.push(event.type));
    shield.raise();
    target.dispatchEvent(Object.assign(new Event('pointerdown', { cancelable: true }), corner, { pointerId: 1 }));
    expect(reached).toEqual(['pointerdown']);
    expect(dismissals).toEqual([]);
    expect(shield.up).toBe(true);
    // Any other touch is the visitor's: swallowed, and it dismisses.
    target.dispatchEvent(Object.assign(new Event('pointerdown', { cancelable: true }), { pointerId: 2 }));
    expect(reached).toEqual(['pointerdown']);
    expect(dismissals).toEqual([1]);
    shield.dispose();
  });
});
