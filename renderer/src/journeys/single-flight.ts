import { useState } from 'react';

/** Runs a call's task unless the previous one given to the same runner is still in flight. */
export type SingleFlight = (task: () => Promise<void>) => Promise<void>;

/**
 * A runner that refuses a task while its last one is in flight, so a double tap (or a tap and a
 * scan) before the screen changes sends one call, not two. The refused task is dropped, not queued.
 */
export function singleFlight(): SingleFlight {
  let inFlight = false;
  return async (task) => {
    if (inFlight) return;
    inFlight = true;
    try {
      await task();
    } finally {
      inFlight = false;
    }
  };
}

/** One {@link singleFlight} runner for a component's life: one per kind of call (issue, check-in, …). */
export function useSingleFlight(): SingleFlight {
  const [run] = useState(singleFlight);
  return run;
}
