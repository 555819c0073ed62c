import type { VisitorSession } from '../session/visitor-session';

/** The heartbeat's limits. */
export interface HeartbeatWatchOptions {
  /** No heartbeat for this long from a page that was up: it is frozen. */
  frozenAfterMs: number;
  /** A page just (re)started has this long to send its first heartbeat. */
  startGraceMs: number;
}

/** What a page's silence means. */
export type PageSilence = 'frozen' | 'never_up';

/** Time allowed to the host's own steps (a kill taking effect, a launch) beyond their deadlines. */
const STEP_SLACK_MS = 10_000;

/**
 * One page's heartbeat as its host's supervisor follows it, through the page's life: started
 * (launched, reloaded), up (it beat), silent for too long (frozen, or never up), replaced. Both
 * hosts use it (`BrowserSupervisor`, the Electron shell's watchdog). Pure: the caller passes the time.
 *
 * It also keeps the supervisor's own deadline for systemd's watchdog: `healthy` is true while the
 * page answers or while the supervisor is within the time of what it is doing about it (a launch,
 * ending a frozen page, a back-off), so only a wedged host misses its `WATCHDOG=1`.
 */
export class HeartbeatWatch {
  readonly #options: HeartbeatWatchOptions;
  #startedAt: number | undefined;
  #lastBeatAt = 0;
  #up = false;
  #deadline = Number.POSITIVE_INFINITY;

  constructor(options: HeartbeatWatchOptions) {
    this.#options = options;
  }

  /** Whether the current page has beaten since it started. */
  get up(): boolean {
    return this.#up;
  }

  /** A page (re)started at `now`: it has the start grace to beat. */
  started(now: number): void {
    this.#startedAt = now;
    this.#up = false;
    this.#deadline = now + this.#options.startGraceMs + STEP_SLACK_MS;
  }

  /**
   * A heartbeat at `now`. Returns the page's start time when it is its first (it just came up),
   * else undefined; beats while no page is started (one being replaced) are ignored.
   */
  beat(now: number): number | undefined {
    if (this.#startedAt === undefined) return undefined;
    this.#lastBeatAt = now;
    this.#deadline = now + this.#options.frozenAfterMs + STEP_SLACK_MS;
    if (this.#up) return undefined;
    this.#up = true;
    return this.#startedAt;
  }

  /** The page is being replaced (or is gone): its beats no longer count, and it should be back within `withinMs`. */
  replacing(now: number, withinMs = 0): void {
    this.#startedAt = undefined;
    this.#up = false;
    this.#deadline = now + withinMs + STEP_SLACK_MS;
  }

  /** Whether the started page has been silent too long, and how. */
  silence(now: number): PageSilence | undefined {
    if (this.#startedAt === undefined) return undefined;
    if (this.#up) return now - this.#lastBeatAt > this.#options.frozenAfterMs ? 'frozen' : undefined;
    return now - this.#startedAt > this.#options.startGraceMs ? 'never_up' : undefined;
  }

  /** How long the page has been silent (since its last beat, or its start). */
  silentFor(now: number): number {
    return now - (this.#up ? this.#lastBeatAt : (this.#startedAt ?? now));
  }

  /** For systemd's watchdog: the page answers, or the supervisor is within its deadline. */
  healthy(now: number): boolean {
    return now <= this.#deadline;
  }
}

/**
 * Runs `restart` now when no visitor is at the screen, else once their session ends (a restart
 * for the memory ceiling must not cut a visitor short). Returns how to call it off.
 */
export function betweenVisitors(
  session: Pick<VisitorSession, 'active' | 'onNextEnd'>,
  restart: () => void,
): () => void {
  if (!session.active) {
    restart();
    return () => {};
  }
  return session.onNextEnd(restart);
}
