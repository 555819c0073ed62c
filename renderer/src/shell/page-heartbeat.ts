import type { KioskApi } from '../../../kiosk-config/src/index';

/** How often the page tells the host it is alive. */
export const PAGE_HEARTBEAT_MS = 2_000;

/** The animation-frame functions (the window's; a test's fake). */
export interface AnimationFrames {
  request(callback: (time: number) => void): number;
  cancel(handle: number): void;
}

const windowFrames: AnimationFrames = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Sends `kiosk.heartbeat` every `intervalMs` from an animation frame. Frames stop when the page's
 * main thread is blocked or its renderer hangs or dies, and so do the heartbeats: the host's
 * supervisor takes that for a frozen screen and restarts the page (a timer would not do: it can
 * fire while nothing is drawn). Returns the stop.
 */
export function startPageHeartbeat(
  api: Pick<KioskApi, 'call'>,
  frames: AnimationFrames = windowFrames,
  intervalMs = PAGE_HEARTBEAT_MS,
): () => void {
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let handle = 0;
  const tick = (time: number) => {
    if (time - lastSentAt >= intervalMs) {
      lastSentAt = time;
      // The answer does not matter: a lost one is the next frame's to repeat.
      void api.call('kiosk.heartbeat', {});
    }
    handle = frames.request(tick);
  };
  handle = frames.request(tick);
  return () => frames.cancel(handle);
}
