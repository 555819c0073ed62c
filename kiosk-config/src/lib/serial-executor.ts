/**
 * Runs async tasks one at a time, in the order they were given: a device that must never hear
 * two conversations at once, a file that must never see two writers.
 *
 * A task that fails rejects its own `run` and nothing else: the next task starts all the same.
 */
export class SerialExecutor {
  /** Settles when the last task given so far has settled; never rejects. */
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Runs `task` after every task given before it; resolves or rejects as the task does. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.#pending += 1;
    const result = this.#tail.then(task).finally(() => {
      this.#pending -= 1;
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Tasks given and not yet settled (the one running included). */
  get pending(): number {
    return this.#pending;
  }

  /** Resolves once every task given so far has settled (never rejects). */
  async idle(): Promise<void> {
    await this.#tail;
  }
}
