/** How long a technician's device test waits for a scan or a document (ms). */
export const DEVICE_TEST_WAIT_MS = 30_000;

/**
 * One technician test waiting for the next thing a device reads (a scan, a document). While it
 * waits, `offer` hands it what the device read and answers true: the reading is the test's, and
 * its owner must not pass it on to any visitor screen or session. One test at a time.
 */
export class NextReading<T> {
  #waiting: ((value: T | null) => void) | null = null;
  #timer: NodeJS.Timeout | undefined;

  /** Whether a test is waiting now. */
  get waiting(): boolean {
    return this.#waiting !== null;
  }

  /**
   * Waits up to `ms` for the next reading: the value, `timeout`, or `busy` when another test
   * is already waiting.
   */
  wait(ms: number = DEVICE_TEST_WAIT_MS): Promise<T | 'timeout' | 'busy'> {
    if (this.#waiting) return Promise.resolve('busy');
    return new Promise((resolve) => {
      this.#waiting = (value) => {
        clearTimeout(this.#timer);
        this.#waiting = null;
        resolve(value === null ? 'timeout' : value);
      };
      this.#timer = setTimeout(() => this.#waiting?.(null), ms);
      this.#timer.unref();
    });
  }

  /** Hands a reading to the waiting test: true when it took it (then it goes nowhere else). */
  offer(value: T): boolean {
    const waiting = this.#waiting;
    if (!waiting) return false;
    waiting(value);
    return true;
  }

  /** Ends a waiting test as timed out (the mode ended, the kiosk stops). */
  cancel(): void {
    this.#waiting?.(null);
  }
}
