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
 * A named place in the session's memory, typed by what it holds (`new SessionKey<Found>('status')`).
 * Services keep a visitor's data only under such keys, so the reset can wipe all of it at once.
 */
export class SessionKey<T> {
  /** Only carries the type of the value. */
  declare readonly valueType?: T;
  constructor(readonly name: string) {}
}

/** The session's memory as a service sees it: keep a visitor's data under a key, recall it (`VisitorSession`). */
export type SessionMemory = Pick<VisitorSession, 'keep' | 'recall'>;

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
  /** Holds on the countdown (`hold`): while any is held, the session does not time out. */
  #holds = 0;
  readonly #memory = new Map<SessionKey<unknown>, unknown>();
  /** Who waits for the next end of a session (`onNextEnd`). */
  readonly #endListeners = new Set<() => void>();

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

  /** A touch: (re)starts the countdown (unless it is held). */
  activity(): void {
    this.#active = true;
    this.#clearTimers();
    if (this.#holds > 0) return;
    if (this.warningMs > 0) {
      this.#warningTimer = this.clock.setTimeout(
        () => this.listeners.onIdleWarning(Math.round(this.warningMs / 1000)),
        this.idleResetMs - this.warningMs,
      );
    }
    this.#resetTimer = this.clock.setTimeout(() => this.end('idle'), this.idleResetMs);
  }

  /**
   * Keeps a visitor's data for this session only; it is gone at the reset. Keeping arms the idle
   * countdown if no touch did (a scan alone can start a lookup), so the data cannot outlive them.
   */
  keep<T>(key: SessionKey<T>, value: T): void {
    this.#memory.set(key, value);
    if (!this.#active) this.activity();
  }

  /** What this session kept under `key`, if anything. */
  recall<T>(key: SessionKey<T>): T | undefined {
    return this.#memory.get(key) as T | undefined;
  }

  /**
   * Holds the idle countdown while something the visitor started must not be cut short (a card
   * payment: the visitor is busy with the terminal, not the screen): no warning and no idle reset
   * until the returned release is called, after which the countdown starts afresh so the visitor
   * can read the outcome. Holds nest; releasing twice counts once. `end` still ends the session.
   */
  hold(): () => void {
    this.#holds += 1;
    this.#active = true;
    this.#clearTimers();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      if (this.#holds === 0) this.activity();
    };
  }

  /** Whether the countdown is held (see `hold`). */
  get held(): boolean {
    return this.#holds > 0;
  }

  /** Ends the session now: its memory is wiped, listeners forget the visitor, a new session id is drawn. */
  end(reason: ResetReason): void {
    this.#clearTimers();
    this.#memory.clear();
    const ended = this.#id;
    this.#id = randomUUID();
    this.#active = false;
    this.listeners.onReset(reason, ended);
    const waiting = [...this.#endListeners];
    this.#endListeners.clear();
    for (const listener of waiting) listener();
  }

  /**
   * Calls `listener` once, when the current session ends (a reset, idle or asked): for work that
   * must wait until no visitor is at the screen (a content switch). Returns how to stop waiting.
   */
  onNextEnd(listener: () => void): () => void {
    const once = () => listener();
    this.#endListeners.add(once);
    return () => this.#endListeners.delete(once);
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
