import { describe, expect, it } from 'vitest';
import { type AnimationFrames, startPageHeartbeat } from './page-heartbeat';

/** Frames run when the test says, at the time it gives. */
function manualFrames() {
  let next: ((time: number) => void) | undefined;
  let cancelled = false;
  const frames: AnimationFrames = {
    request: (callback) => {
      next = callback;
      return 1;
    },
    cancel: () => {
      cancelled = true;
      next = undefined;
    },
  };
  return {
    frames,
    draw: (time: number) => next?.(time),
    get cancelled() {
      return cancelled;
    },
  };
}

/** A KioskApi that records the names of the calls made. */
function recordingApi() {
  const calls: string[] = [];
  const api = {
    call: async (name: string) => {
      calls.push(name);
      return { ok: true, value: {} };
    },
  } as never;
  return { calls, api };
}

describe('startPageHeartbeat', () => {
  it('beats on the first frame, then once per interval of drawn frames', () => {
    const { calls, api } = recordingApi();
    const frames = manualFrames();
    startPageHeartbeat(api, frames.frames, 2_000);
    frames.draw(0);
    for (let time = 16; time < 2_000; time += 16) frames.draw(time);
    expect(calls).toEqual(['kiosk.heartbeat']);
    frames.draw(2_000);
    frames.draw(3_000);
    expect(calls).toEqual(['kiosk.heartbeat', 'kiosk.heartbeat']);
  });

  it('sends nothing while no frame is drawn (a blocked main thread), and stops for good when stopped', () => {
    const { calls, api } = recordingApi();
    const frames = manualFrames();
    const stop = startPageHeartbeat(api, frames.frames, 2_000);
    expect(calls).toEqual([]);
    frames.draw(0);
    stop();
    expect(frames.cancelled).toBe(true);
    frames.draw(10_000);
    expect(calls).toEqual(['kiosk.heartbeat']);
  });
});
