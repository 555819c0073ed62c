/**
 * What a hub instance watches in the database for its connected kiosks: a content release
 * published, a remote command issued. Each instance holds its own kiosks' event streams, so a
 * change made through another instance (or the admin CLI) must reach every instance.
 */
export type ChangeTopic = 'content' | 'commands';

export const CHANGE_TOPICS: readonly ChangeTopic[] = ['content', 'commands'];

/**
 * Wakes every hub instance's watcher at once when `topic` changed, so a kiosk connected to
 * instance A hears of a command issued on instance B within milliseconds. A hint only: a
 * watcher still reads the database for what changed, and still polls slowly, because a signal
 * can be missed (a listener reconnecting); after a reconnect every listener is called once.
 */
export interface ChangeSignals {
  /** Tells every instance (this one too) that `topic` changed. */
  notify(topic: ChangeTopic): Promise<void>;
  /** Calls `listener` whenever `topic` changed anywhere; returns the unsubscribe. */
  subscribe(topic: ChangeTopic, listener: () => void): () => void;
  close(): Promise<void>;
}

/** The listeners of each topic, and calling them (a throwing listener does not stop the others). */
export class TopicListeners {
  readonly #listeners = new Map<ChangeTopic, Set<() => void>>();
  readonly #onError: (error: unknown, topic: ChangeTopic) => void;

  constructor(onError: (error: unknown, topic: ChangeTopic) => void) {
    this.#onError = onError;
  }

  add(topic: ChangeTopic, listener: () => void): () => void {
    const set = this.#listeners.get(topic) ?? new Set();
    set.add(listener);
    this.#listeners.set(topic, set);
    return () => {
      set.delete(listener);
    };
  }

  call(topic: ChangeTopic): void {
    for (const listener of this.#listeners.get(topic) ?? []) {
      try {
        listener();
      } catch (error) {
        this.#onError(error, topic);
      }
    }
  }

  callAll(): void {
    for (const topic of this.#listeners.keys()) this.call(topic);
  }

  clear(): void {
    this.#listeners.clear();
  }
}

/**
 * One hub process on SQLite: a change made here wakes its watchers at once; one made by another
 * process (the admin CLI) is found by the watchers' polling, as before.
 */
export class LocalChangeSignals implements ChangeSignals {
  readonly #listeners: TopicListeners;

  constructor(onError: (error: unknown, topic: ChangeTopic) => void) {
    this.#listeners = new TopicListeners(onError);
  }

  async notify(topic: ChangeTopic): Promise<void> {
    // On a later turn of the event loop, as a NOTIFY arrives: never inside the caller's own work.
    setImmediate(() => this.#listeners.call(topic));
  }

  subscribe(topic: ChangeTopic, listener: () => void): () => void {
    return this.#listeners.add(topic, listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
