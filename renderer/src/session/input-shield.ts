/**
 * Every event of a gesture the shield swallows: pointer, touch, mouse (including the mouse
 * events and the click Chromium makes up after a tap, and the long press's context menu), keys
 * and the wheel.
 */
export const SHIELDED_EVENTS = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'pointercancel',
  'touchstart',
  'touchmove',
  'touchend',
  'touchcancel',
  'mousedown',
  'mousemove',
  'mouseup',
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'keydown',
  'keypress',
  'keyup',
  'wheel',
] as const;

/** The events that start a gesture: the first of them while raised is the visitor's «yes». */
const GESTURE_STARTS: ReadonlySet<string> = new Set(['pointerdown', 'touchstart', 'mousedown', 'keydown']);

/**
 * Moves are part of a gesture only while something is pressed; a hover (Chromium sends one when
 * the warning's layout goes away under a resting mouse) does not keep the shield up.
 */
const MOVES: ReadonlySet<string> = new Set(['pointermove', 'mousemove']);

/**
 * After the last event of the dismissing gesture, how long the shield stays up. The click and the
 * mouse events Chromium makes up after a tap follow the finger's lift within milliseconds; a
 * deliberate next tap comes later than this.
 */
export const SHIELD_SETTLE_MS = 500;

/**
 * A finger or key still held this long after the last event is let go of anyway: a lost
 * `pointerup` or `keyup` must not leave the kiosk untouchable. A press released after that long
 * makes no click (Chromium turns it into a long press).
 */
export const SHIELD_HOLD_LIMIT_MS = 5_000;

/** Where the shield listens: the page's window (a plain `EventTarget` in tests). */
export interface ShieldTarget {
  addEventListener(type: string, listener: (event: Event) => void, options: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: (event: Event) => void, options: EventListenerOptions): void;
}

/** Timers and time, injectable so the settling is tested without waiting. */
export interface ShieldClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realClock: ShieldClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** What the shield tells its owner. */
export interface ShieldListeners {
  /** The visitor touched the screen or pressed a key while raised: the warning is answered. */
  onDismiss(): void;
  /** The shield went up or down (the page makes what lies beneath inert meanwhile). */
  onChange(up: boolean): void;
  /**
   * Input let through while raised, neither swallowed nor a dismissal: the attract loop's shield
   * lets the technician's hidden corners be held (`isTechnicianInput`).
   */
  passes?(event: Event): boolean;
}

/**
 * Swallows every input while «Вы ещё здесь?» is up, and the whole gesture that dismisses it.
 *
 * Hiding the warning on pointerdown used to let the rest of that touch through: the overlay was
 * gone before the finger lifted, so the pointerup, the touchend and the click Chromium makes up
 * after a tap landed on the button beneath (a letter typed into an application number, a ticket
 * issued, a card payment started). So the shield listens on the window in the capture phase,
 * before anything of the page, cancels and stops every event of a gesture, and stays up until the
 * dismissing gesture has ended: no pointer or key held and {@link SHIELD_SETTLE_MS} without any
 * event of it (a hover is swallowed but does not count).
 *
 * States: down (the page is yours), raised (the warning shows; the first press dismisses it),
 * lowering (dismissed, the gesture still under way).
 */
export class InputShield {
  #state: 'down' | 'raised' | 'lowering' = 'down';
  /** Pointers and keys pressed since the shield went up (`p<id>`, `k<code>`). */
  readonly #pressed = new Set<string>();
  #lastEventAt = 0;
  #settle: unknown;
  #installed = false;

  constructor(
    private readonly target: ShieldTarget,
    private readonly listeners: ShieldListeners,
    private readonly clock: ShieldClock = realClock,
  ) {}

  /** Whether input is being swallowed (raised or lowering). */
  get up(): boolean {
    return this.#state !== 'down';
  }

  /** Starts listening (the events are passed through while the shield is down). */
  install(): void {
    if (this.#installed) return;
    this.#installed = true;
    // Not passive: a touch listener on the window is passive by default and could not cancel.
    for (const type of SHIELDED_EVENTS)
      this.target.addEventListener(type, this.#onEvent, { capture: true, passive: false });
    this.target.addEventListener('blur', this.#onBlur, { capture: true });
  }

  /** Stops listening for good. */
  dispose(): void {
    if (!this.#installed) return;
    this.#installed = false;
    for (const type of SHIELDED_EVENTS) this.target.removeEventListener(type, this.#onEvent, { capture: true });
    this.target.removeEventListener('blur', this.#onBlur, { capture: true });
    this.clock.clearTimeout(this.#settle);
    this.#state = 'down';
    this.#pressed.clear();
  }

  /** The warning shows: from now on every input is swallowed, and the first press dismisses it. */
  raise(): void {
    const wasUp = this.up;
    this.#state = 'raised';
    this.clock.clearTimeout(this.#settle);
    if (!wasUp) this.listeners.onChange(true);
  }

  /**
   * The warning went away without a touch (the session was reset, or is held for a payment): the
   * shield goes down at once, unless a gesture is under way, which it still swallows to its end.
   */
  lower(): void {
    if (this.#state !== 'raised') return;
    if (this.#pressed.size > 0) {
      this.#state = 'lowering';
      this.#armSettle();
      return;
    }
    this.#goDown();
  }

  readonly #onEvent = (event: Event): void => {
    if (this.#state === 'down') return;
    if (this.#state === 'raised' && this.listeners.passes?.(event) === true) return;
    if (event.cancelable) event.preventDefault();
    event.stopImmediatePropagation();
    this.#track(event);
    if (MOVES.has(event.type) && this.#pressed.size === 0) return;
    this.#lastEventAt = this.clock.now();
    if (this.#state === 'raised' && GESTURE_STARTS.has(event.type)) {
      this.#state = 'lowering';
      this.listeners.onDismiss();
    }
    if (this.#state === 'lowering') this.#armSettle();
  };

  /** The window lost the focus: a key or pointer held now will not tell us when it is let go. */
  readonly #onBlur = (): void => {
    this.#pressed.clear();
  };

  #track(event: Event): void {
    const { pointerId, code, key } = event as Partial<PointerEvent & KeyboardEvent>;
    if (event.type === 'pointerdown') this.#pressed.add(`p${pointerId}`);
    if (event.type === 'pointerup' || event.type === 'pointercancel') this.#pressed.delete(`p${pointerId}`);
    if (event.type === 'keydown') this.#pressed.add(`k${code || key}`);
    if (event.type === 'keyup') this.#pressed.delete(`k${code || key}`);
  }

  #armSettle(): void {
    this.clock.clearTimeout(this.#settle);
    this.#settle = this.clock.setTimeout(() => this.#settled(), SHIELD_SETTLE_MS);
  }

  #settled(): void {
    if (this.#state !== 'lowering') return;
    const held = this.#pressed.size > 0 && this.clock.now() - this.#lastEventAt < SHIELD_HOLD_LIMIT_MS;
    if (held) {
      this.#armSettle();
      return;
    }
    this.#goDown();
  }

  #goDown(): void {
    this.clock.clearTimeout(this.#settle);
    this.#state = 'down';
    this.#pressed.clear();
    this.listeners.onChange(false);
  }
}
