/** What a `TypedEmitter` does with a listener that throws. */
export interface TypedEmitterOptions<Args extends unknown[]> {
  /**
   * Given, each listener's error is handed here, with the event's arguments, and the remaining listeners are still called
   * (a listener's bug must not break the emitter's work). Absent, the error propagates out of
   * `emit` and the listeners after it are not called, as a plain function call would.
   */
  onListenerError?: (error: unknown, ...args: Args) => void;
}

/**
 * A typed set of listeners: `on` subscribes and returns the unsubscribe, `emit` calls them in
 * the order they subscribed. `Args` is the listeners' parameter list, e.g. `[chunk: Uint8Array]`.
 *
 * During an `emit`, a listener subscribed by another listener waits for the next event, and a
 * listener unsubscribed by another is not called any more.
 */
export class TypedEmitter<Args extends unknown[]> {
  readonly #listeners = new Set<(...args: Args) => void>();

  constructor(private readonly options: TypedEmitterOptions<Args> = {}) {}

  /** Subscribes `listener` (once, however often it is given); returns the unsubscribe. */
  on(listener: (...args: Args) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Calls every listener with `args`. */
  emit(...args: Args): void {
    const onListenerError = this.options.onListenerError;
    for (const listener of [...this.#listeners]) {
      if (!this.#listeners.has(listener)) continue;
      if (onListenerError === undefined) {
        listener(...args);
        continue;
      }
      try {
        listener(...args);
      } catch (error) {
        onListenerError(error, ...args);
      }
    }
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Unsubscribes every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
