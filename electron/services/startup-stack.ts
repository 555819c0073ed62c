import type { Logger } from './logging/logger';

/** How one started part is stopped (a throw or a rejection is logged; the rest still stop). */
export type StopPart = () => void | Promise<void>;

/**
 * The kiosk's parts in the order they started, each with how to stop it.
 *
 * Start-up records each part as soon as it runs; `stop()` stops them last started first (a part
 * may use those started before it, never those after). The same stack unwinds a start-up that
 * fails midway and shuts the started core down, so the two orders cannot drift apart.
 */
export class StartupStack {
  readonly #parts: { name: string; stop: StopPart }[] = [];
  #stopping: Promise<void> | undefined;

  constructor(private readonly log: Pick<Logger, 'error'>) {}

  /** Records a started part and how to stop it. */
  push(name: string, stop: StopPart): void {
    if (this.#stopping) throw new Error(`"${name}" started after the stack began to stop`);
    this.#parts.push({ name, stop });
  }

  /** Records `part` (just started) with its stop, and returns it: `const x = stack.started('x', await startX(), (x) => x.close())`. */
  started<T>(name: string, part: T, stop: (part: T) => void | Promise<void>): T {
    this.push(name, () => stop(part));
    return part;
  }

  /** Stops every part, last started first, one at a time; once (later calls wait for the first). */
  stop(): Promise<void> {
    this.#stopping ??= this.#stopAll();
    return this.#stopping;
  }

  async #stopAll(): Promise<void> {
    for (const { name, stop } of this.#parts.reverse()) {
      try {
        await stop();
      } catch (error) {
        this.log.error({ err: error, part: name }, 'a part of the kiosk failed to stop');
      }
    }
  }
}

/**
 * Runs a start-up on a fresh stack. When it throws midway, what it had started is stopped (last
 * first) and the original error is rethrown; stop errors are only logged, never hide it.
 */
export async function startInOrder<T>(
  log: Pick<Logger, 'error'>,
  start: (stack: StartupStack) => Promise<T>,
): Promise<T> {
  const stack = new StartupStack(log);
  try {
    return await start(stack);
  } catch (error) {
    log.error({ err: error }, 'kiosk start failed: stopping what had started');
    await stack.stop();
    throw error;
  }
}
