import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow as StubBrowserWindow } from './electron-stub';
import type { ShellLogger } from './shell-logger';
import { attachWatchdog, RestartPolicy } from './watchdog';

vi.mock('electron', () => import('./electron-stub'));

describe('RestartPolicy', () => {
  it('reloads with a doubling delay, then relaunches at the limit', () => {
    const policy = new RestartPolicy({ maxFailures: 4, windowMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 30_000 });
    expect(policy.recordFailure(0)).toEqual({ action: 'reload', delayMs: 1_000, failuresInWindow: 1 });
    expect(policy.recordFailure(5_000)).toEqual({ action: 'reload', delayMs: 2_000, failuresInWindow: 2 });
    expect(policy.recordFailure(10_000)).toEqual({ action: 'reload', delayMs: 4_000, failuresInWindow: 3 });
    expect(policy.recordFailure(15_000)).toEqual({ action: 'relaunch', failuresInWindow: 4 });
  });

  it('forgets failures older than the window', () => {
    const policy = new RestartPolicy({ maxFailures: 3, windowMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 30_000 });
    policy.recordFailure(0);
    policy.recordFailure(30_000);
    expect(policy.failuresAt(59_999)).toBe(2);
    expect(policy.failuresAt(60_000)).toBe(1);
    // Spaced crashes never add up to a relaunch.
    expect(policy.recordFailure(70_000)).toEqual({ action: 'reload', delayMs: 2_000, failuresInWindow: 2 });
    expect(policy.recordFailure(140_000)).toEqual({ action: 'reload', delayMs: 1_000, failuresInWindow: 1 });
  });

  it('caps the delay', () => {
    const policy = new RestartPolicy({ maxFailures: 10, windowMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 5_000 });
    const delays = [0, 1, 2, 3, 4].map((i) => policy.recordFailure(i));
    expect(delays.map((d) => (d.action === 'reload' ? d.delayMs : -1))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('starts a clean record after deciding to relaunch', () => {
    const policy = new RestartPolicy({ maxFailures: 2, windowMs: 60_000, baseDelayMs: 100, maxDelayMs: 1_000 });
    policy.recordFailure(0);
    expect(policy.recordFailure(1).action).toBe('relaunch');
    expect(policy.recordFailure(2)).toEqual({ action: 'reload', delayMs: 100, failuresInWindow: 1 });
  });

  it('refuses a policy that could never work', () => {
    expect(() => new RestartPolicy({ maxFailures: 0 })).toThrow(RangeError);
    expect(() => new RestartPolicy({ windowMs: 0 })).toThrow(RangeError);
    expect(() => new RestartPolicy({ baseDelayMs: 10_000, maxDelayMs: 1_000 })).toThrow(RangeError);
  });
});

describe('attachWatchdog', () => {
  let win: StubBrowserWindow;
  let reloads: number;
  let relaunches: number;
  let quitting: boolean;
  let lines: Array<{ level: string; msg: string }>;
  let dispose: () => void;

  const logger: ShellLogger = {
    info: (_obj, msg) => lines.push({ level: 'info', msg }),
    warn: (_obj, msg) => lines.push({ level: 'warn', msg }),
    error: (_obj, msg) => lines.push({ level: 'error', msg }),
  };
  const crash = (reason = 'crashed') => win.webContents.emit('render-process-gone', {}, { reason, exitCode: 139 });

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    win = new StubBrowserWindow();
    reloads = 0;
    relaunches = 0;
    quitting = false;
    lines = [];
    dispose = attachWatchdog({
      win: win as unknown as BrowserWindow,
      reload: async () => {
        reloads += 1;
      },
      relaunch: () => {
        relaunches += 1;
      },
      isQuitting: () => quitting,
      logger,
      policy: new RestartPolicy({ maxFailures: 3, windowMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 30_000 }),
      unresponsiveGraceMs: 10_000,
    });
  });

  afterEach(() => {
    dispose();
    vi.useRealTimers();
  });

  it('reloads a crashed page after the backoff delay, and logs it', async () => {
    crash();
    await vi.advanceTimersByTimeAsync(999);
    expect(reloads).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(reloads).toBe(1);
    crash('oom');
    await vi.advanceTimersByTimeAsync(1_999);
    expect(reloads).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(reloads).toBe(2);
    expect(lines.map((line) => line.msg)).toEqual([
      'kiosk page process gone: recovering',
      'kiosk page reloaded',
      'kiosk page process gone: recovering',
      'kiosk page reloaded',
    ]);
  });

  it('relaunches the app when crashes come too often, and reloads no more', async () => {
    crash();
    crash();
    crash();
    expect(relaunches).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reloads).toBe(0);
    crash();
    expect(relaunches).toBe(1);
  });

  it('kills a page unresponsive past the grace, which then comes back through the crash path', async () => {
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(win.webContents.crashesForced).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(win.webContents.crashesForced).toBe(1);
    crash('killed');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reloads).toBe(1);
  });

  it('leaves a page alone that becomes responsive within the grace', async () => {
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(5_000);
    win.emit('responsive');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(win.webContents.crashesForced).toBe(0);
    expect(lines.map((line) => line.msg)).toEqual(['kiosk page unresponsive', 'kiosk page responsive again']);
  });

  it('does nothing while the app quits', async () => {
    quitting = true;
    crash('clean-exit');
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(60_000);
    expect([reloads, relaunches, win.webContents.crashesForced]).toEqual([0, 0, 0]);
  });

  it('logs a reload that fails, and keeps watching', async () => {
    dispose();
    const failing = attachWatchdog({
      win: win as unknown as BrowserWindow,
      reload: () => Promise.reject(new Error('ERR_FILE_NOT_FOUND')),
      relaunch: () => {},
      isQuitting: () => false,
      logger,
    });
    crash();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lines.at(-1)).toEqual({ level: 'error', msg: 'kiosk page reload failed' });
    failing();
  });

  it('stops watching when disposed, cancelling a pending reload', async () => {
    crash();
    dispose();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reloads).toBe(0);
    expect(win.webContents.listenerCount('render-process-gone')).toBe(0);
    expect(win.listenerCount('unresponsive')).toBe(0);
  });
});
