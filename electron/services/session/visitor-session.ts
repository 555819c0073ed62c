import { randomUUID } from 'node:crypto';

/** Why a session ended. */
export type ResetReason = 'idle' | 'visitor' | 'restart';

/** Timers, injectable so the idle logic is tested without waiting. */
export interface SessionClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: SessionClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the session tells its listeners. */
export interface SessionListeners {
  /** The idle reset is `secondsLeft` away. */
  onIdleWarning(secondsLeft: number): void;
  /** The session ended; every service must forget the visitor's data now. */
  onReset(reason: ResetReason, endedSessionId: string): void;
}

/**
 * The visitor's session: one per person at the screen, ended by the idle timeout or on request.
 *
 * The countdown runs only while someone is using the kiosk: it starts at the first touch and
 * stops at the reset, so an untouched home screen does not reset itself over and over.
 */
export class VisitorSession {
  #id = randomUUID();
  #warningTimer: unknown;
  #resetTimer: unknown;
  #active = false;

  constructor(
    private readonly idleResetMs: number,
    private readonly warningMs: number,
    private readonly listeners: SessionListeners,
    private readonly clock: SessionClock = realClock,
  ) {}

  /** The current session's id (changes at every reset). */
  get id(): string {
    return this.#id;
  }

  /** A touch: (re)starts the countdown. */
  activity(): void {
    this.#active = true;
    this.#clearTimers();
    if (this.warningMs > 0) {
      this.#warningTimer = this.clock.setTimeout(
        () => this.listeners.onIdleWarning(Math.round(this.warningMs / 1000)),
        this.idleResetMs - this.warningMs,
      );
    }
    this.#resetTimer = this.clock.setTimeout(() => this.end('idle'), this.idleResetMs);
  }

  /** Ends the session now: listeners forget the visitor, a new session id is drawn. */
  end(reason: ResetReason): void {
    this.#clearTimers();
    const ended = this.#id;
    this.#id = randomUUID();
    this.#active = false;
    this.listeners.onReset(reason, ended);
  }

  /** Whether a visitor is using the kiosk (a touch since the last reset). */
  get active(): boolean {
    return this.#active;
  }

  /** Stops the timers for good (shutdown). */
  dispose(): void {
    this.#clearTimers();
  }

  #clearTimers(): void {
    if (this.#warningTimer !== undefined) this.clock.clearTimeout(this.#warningTimer);
    if (this.#resetTimer !== undefined) this.clock.clearTimeout(this.#resetTimer);
    this.#warningTimer = undefined;
    this.#resetTimer = undefined;
  }
}
