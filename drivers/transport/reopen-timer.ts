/** Options of `ReopenTimer`. */
export interface ReopenTimerOptions {
  /** Delay before each attempt; 0 turns reopening off (the transport below reconnects itself). */
  intervalMs: number;
  /** Opens the device again; rejects when it is still not there. */
  reopen: () => Promise<void>;
  /** Whether the device is open already (someone else reopened it meanwhile). */
  isOpen: () => boolean;
  /** A failed attempt; by default simply the next attempt is scheduled. */
  onFailure?: (error: unknown, timer: ReopenTimer) => void;
}

/**
 * Reopens a lost device every `intervalMs` until it is back or the timer is stopped.
 *
 * Shared by the drivers that can own a plain transport (the serial scanner, the document reader,
 * the HID POS scanner). The kiosk's own devices reconnect one level down, in
 * `ReconnectingTransport`, and pass an interval of 0 so that two timers never compete.
 */
export class ReopenTimer {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(private readonly options: ReopenTimerOptions) {}

  /** Schedules the next attempt unless one is pending, reopening is off, or the timer is stopped. */
  schedule(): void {
    if (this.#stopped || this.options.intervalMs <= 0 || this.#timer) return;
    const timer = setTimeout(() => {
      this.#timer = null;
      if (this.#stopped || this.options.isOpen()) return;
      this.options.reopen().catch((error: unknown) => {
        if (this.options.onFailure) this.options.onFailure(error, this);
        else this.schedule();
      });
    }, this.options.intervalMs);
    // A pending reopen must not keep the process alive on its own.
    timer.unref?.();
    this.#timer = timer;
  }

  /** Cancels a pending attempt and schedules none again (the driver is closing). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
