/**
 * The kiosk page's heartbeats as the core receives them (the `kiosk.heartbeat` call, every 2 s from
 * an animation frame): the hosts' supervisors listen, so a page that stops beating while its
 * process lives (a blocked main thread, a hung renderer) is found and restarted.
 */
export class PageHeartbeat {
  readonly #listeners = new Set<(at: number) => void>();
  readonly #now: () => number;
  #lastAt: number | undefined;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** When the page last beat (ms), or undefined when it never has. */
  get lastAt(): number | undefined {
    return this.#lastAt;
  }

  /** One beat from the page. */
  beat(): void {
    const at = this.#now();
    this.#lastAt = at;
    for (const listener of this.#listeners) listener(at);
  }

  /** Calls `listener` on every beat; returns the unsubscribe. */
  onBeat(listener: (at: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
