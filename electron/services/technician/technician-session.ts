import type { TechnicianSignInMethod, TechnicianStateView } from '../../../kiosk-config/src/index';
import type { SessionClock } from '../session/visitor-session';

/** Why the technician mode ended. */
export type TechnicianExitReason = 'exit' | 'idle' | 'restart';

/** What the technician session tells its listeners. */
export interface TechnicianSessionListeners {
  /** The mode opened, was touched (a new end time) or ended: the screens' `technician.changed`. */
  onChanged(view: TechnicianStateView): void;
  /** The mode ended, and why: the audit log records it. */
  onEnded?(reason: TechnicianExitReason, person: string): void;
}

const realClock: SessionClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The technician at the kiosk: open from a sign-in until «Выйти», or until `idleMs` passes
 * without a touch (a technician who drove off must not leave the kiosk out of visitors' reach).
 * Proving who the technician is happens before `open` (the sign-in); this only keeps the time.
 */
export class TechnicianSession {
  readonly #idleMs: number;
  readonly #listeners: TechnicianSessionListeners;
  readonly #clock: SessionClock;
  readonly #now: () => number;
  #open: { person: string; method: TechnicianSignInMethod; endsAt: number } | undefined;
  #timer: unknown;

  constructor(options: {
    idleMs: number;
    listeners: TechnicianSessionListeners;
    clock?: SessionClock;
    now?: () => number;
  }) {
    this.#idleMs = options.idleMs;
    this.#listeners = options.listeners;
    this.#clock = options.clock ?? realClock;
    this.#now = options.now ?? Date.now;
  }

  get isOpen(): boolean {
    return this.#open !== undefined;
  }

  get view(): TechnicianStateView {
    if (this.#open === undefined) return { open: false };
    const { person, method, endsAt } = this.#open;
    return { open: true, person, method, endsAt: new Date(endsAt).toISOString() };
  }

  /** A technician proved who they are: the mode opens (or is handed to them, if one was open). */
  open(person: string, method: TechnicianSignInMethod): TechnicianStateView {
    this.#open = { person, method, endsAt: 0 };
    return this.activity();
  }

  /** A touch in the mode: its end moves `idleMs` ahead. Nothing when the mode is closed. */
  activity(): TechnicianStateView {
    if (this.#open === undefined) return this.view;
    this.#open.endsAt = this.#now() + this.#idleMs;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = this.#clock.setTimeout(() => this.close('idle'), this.#idleMs);
    const view = this.view;
    this.#listeners.onChanged(view);
    return view;
  }

  /** Ends the mode (nothing when it is closed). */
  close(reason: TechnicianExitReason): TechnicianStateView {
    const open = this.#open;
    if (open === undefined) return this.view;
    this.#open = undefined;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#listeners.onEnded?.(reason, open.person);
    const view = this.view;
    this.#listeners.onChanged(view);
    return view;
  }

  /** Stops the idle timer (the core is closing): the mode does not outlive the process. */
  dispose(): void {
    this.close('restart');
  }
}
