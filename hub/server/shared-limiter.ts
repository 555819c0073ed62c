import type { HubLogger } from './hub-logger';
import type { KeyedLimiter, RateDecision } from './rate-limiter';

/** How long a shared hit may take before this instance decides alone (ms). A hit takes ~1 ms. */
export const SHARED_HIT_TIMEOUT_MS = 1_000;

/** What `SharedLimiter` needs. */
export interface SharedLimiterOptions {
  /** The limit's name, for the log. */
  name: string;
  /** The limit every instance counts together (PostgreSQL). */
  shared: KeyedLimiter;
  /** The same limit in this instance's memory, counted only while `shared` fails. */
  local: KeyedLimiter;
  logger: HubLogger;
  /** How long a shared hit may take before `local` decides (ms). */
  timeoutMs?: number;
}

/**
 * A limit shared by every hub instance that, while the shared store fails or does not answer in
 * `timeoutMs`, counts in this instance's memory instead: neither refuses a request because the
 * limiter's database hiccuped (fail closed), nor lets requests through uncounted (fail open). An
 * instance then enforces the limit alone, as a single hub does: at most the limit per instance.
 * Most requests behind a limit read the same database right after, so a real outage fails them
 * there anyway; what this keeps is the request that a slow or broken limiter table alone would lose.
 * The log says once when the shared store stops answering and once when it answers again.
 */
export class SharedLimiter implements KeyedLimiter {
  readonly #options: SharedLimiterOptions;
  readonly #timeoutMs: number;
  #failing = false;

  constructor(options: SharedLimiterOptions) {
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? SHARED_HIT_TIMEOUT_MS;
  }

  async hit(key: string): Promise<RateDecision> {
    let decision: RateDecision;
    try {
      decision = await withTimeout(this.#options.shared.hit(key), this.#timeoutMs);
    } catch (error) {
      if (!this.#failing) {
        this.#failing = true;
        this.#options.logger.error(
          { err: error, limit: this.#options.name },
          'shared rate limit unavailable: counting in this instance’s memory until the database answers',
        );
      }
      return this.#options.local.hit(key);
    }
    if (this.#failing) {
      this.#failing = false;
      this.#options.logger.info({ limit: this.#options.name }, 'shared rate limit available again');
    }
    return decision;
  }

  /** Prunes the shared rows and the memory; a failing prune is the caller's to log. */
  async sweep(): Promise<void> {
    await this.#options.local.sweep();
    await this.#options.shared.sweep();
  }
}

/** `work`'s result, or a rejection after `ms` (the work itself goes on; its late result is dropped). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
