/** Options of `backoffDelay`: exponential growth from `initialMs`, capped, with random jitter. */
export interface BackoffOptions {
  /** The first delay (default 500 ms). */
  initialMs?: number;
  /** The longest delay (default 30 s). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /**
   * The share of each delay that is random (default 0.3: a delay of 1 s becomes 0.7–1 s), so
   * devices lost together (a USB hub reset) do not all retry in step.
   */
  jitter?: number;
}

/** The defaults of `BackoffOptions`: 0.5 s, 1 s, 2 s … 30 s, each up to 30% shorter. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.3 };

/**
 * How long to wait before retry number `attempt` (0 for the first), in ms.
 *
 * `random` returns a number in [0, 1) as `Math.random` does; tests pass a fixed one.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, factor, jitter } = { ...DEFAULT_BACKOFF, ...options };
  // Capped before it can overflow to Infinity after many attempts.
  const exponent = Math.min(Math.max(0, attempt), 64);
  const base = Math.min(maxMs, initialMs * factor ** exponent);
  const share = Math.min(1, Math.max(0, jitter));
  return Math.round(base * (1 - share * random()));
}
