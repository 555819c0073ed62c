import type { SessionClock } from '../../electron/services/session/visitor-session';

/**
 * The visitor session's timers, run by the test: nothing fires by itself. A test raises
 * «Вы ещё здесь?» at once with `fireIdleWarning` instead of waiting out the idle time, and sees
 * the session go on (`armed` grows) when a touch reaches the main side.
 */
export class ManualSessionClock implements SessionClock {
  #nextHandle = 1;
  readonly #pending = new Map<number, { callback: () => void; ms: number }>();
  #armed = 0;

  /** @param idleResetMs the session's idle reset: the one timer this clock never fires as a warning */
  constructor(private readonly idleResetMs: number) {}

  /** How many timers were set so far: every `session.activity` sets the warning's and the reset's anew. */
  get armed(): number {
    return this.#armed;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#nextHandle++;
    this.#pending.set(handle, { callback, ms });
    this.#armed += 1;
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  /**
   * Fires the pending idle warning: the session's timer set for less than its reset. Throws when
   * none is pending (no touch since the last reset, or the warning already fired).
   */
  fireIdleWarning(): void {
    const warning = [...this.#pending].find(([, timer]) => timer.ms < this.idleResetMs);
    if (!warning) throw new Error('no idle warning is pending in the session');
    const [handle, timer] = warning;
    this.#pending.delete(handle);
    timer.callback();
  }

  /** Whether the idle warning's timer is pending (a touch reached the main side since the last reset). */
  get warningPending(): boolean {
    return [...this.#pending.values()].some((timer) => timer.ms < this.idleResetMs);
  }

  /**
   * Fires the pending idle reset: the visitor walked away and the whole idle time has passed.
   * Throws when none is pending.
   */
  fireIdleReset(): void {
    const reset = [...this.#pending].find(([, timer]) => timer.ms === this.idleResetMs);
    if (!reset) throw new Error('no idle reset is pending in the session');
    const [handle, timer] = reset;
    this.#pending.delete(handle);
    timer.callback();
  }

  /** How many timers are pending (a soak checks they do not pile up). */
  get pendingCount(): number {
    return this.#pending.size;
  }
}
