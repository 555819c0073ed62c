import { EventEmitter } from 'node:events';
import type { App, BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceMode } from '../services/fleet/service-mode';
import { type ResetReason, VisitorSession } from '../services/session/visitor-session';
import { PageHeartbeat } from '../services/supervision/page-heartbeat';
import { RestartPolicy } from '../services/supervision/restart-policy';
import { ScreenRecovery } from '../services/supervision/screen-recovery';
import { BrowserWindow as StubBrowserWindow } from './electron-stub';
import type { ShellLogger } from './shell-logger';
import { attachWatchdog, type Watchdog, type WatchdogOptions } from './watchdog';

vi.mock('electron', () => import('./electron-stub'));

const MINUTE = 60_000;

describe('attachWatchdog', () => {
  let win: StubBrowserWindow;
  let app: EventEmitter;
  let reloads: number;
  let quitting: boolean;
  let lines: Array<{ level: string; msg: string }>;
  let resets: ResetReason[];
  let session: VisitorSession;
  let screenFailing: boolean[];
  let heartbeat: PageHeartbeat;
  let recovery: ScreenRecovery;
  let watchdog: Watchdog;

  const logger: ShellLogger = {
    info: (_obj, msg) => lines.push({ level: 'info', msg }),
    warn: (_obj, msg) => lines.push({ level: 'warn', msg }),
    error: (_obj, msg) => lines.push({ level: 'error', msg }),
  };
  const crash = (reason = 'crashed') => win.webContents.emit('render-process-gone', {}, { reason, exitCode: 139 });

  function attach(changes: Partial<WatchdogOptions> = {}): Watchdog {
    return attachWatchdog({
      win: win as unknown as BrowserWindow,
      app: app as unknown as App,
      reload: async () => {
        reloads += 1;
      },
      isQuitting: () => quitting,
      logger,
      recovery,
      heartbeat,
      session,
      frozenAfterMs: 10_000,
      startGraceMs: 60_000,
      unresponsiveGraceMs: 10_000,
      ...changes,
    });
  }

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    win = new StubBrowserWindow();
    app = new EventEmitter();
    reloads = 0;
    quitting = false;
    lines = [];
    resets = [];
    screenFailing = [];
    session = new VisitorSession(MINUTE, 10_000, { onIdleWarning: () => {}, onReset: (reason) => resets.push(reason) });
    heartbeat = new PageHeartbeat();
    recovery = new ScreenRecovery({
      session,
      serviceMode: { setScreenFailing: (failing) => screenFailing.push(failing) } as Pick<
        ServiceMode,
        'setScreenFailing'
      >,
      log: logger,
      policy: new RestartPolicy({ maxFailures: 3, windowMs: 10 * MINUTE, baseDelayMs: 1_000, slowRetryMs: MINUTE }),
    });
    watchdog = attach();
  });

  afterEach(() => {
    watchdog.dispose();
    session.dispose();
    vi.useRealTimers();
  });

  it("reloads a crashed page onto the home screen at once, ending the visitor's session, then backs off", async () => {
    session.activity();
    crash();
    expect(resets).toEqual(['restart']);
    await vi.advanceTimersByTimeAsync(0);
    expect(reloads).toBe(1);
    crash('oom');
    await vi.advanceTimersByTimeAsync(999);
    expect(reloads).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(reloads).toBe(2);
    expect(lines.filter((line) => line.msg.startsWith('kiosk page')).map((line) => line.msg)).toEqual([
      'kiosk page process gone: recovering',
      'kiosk page failed: bringing it back',
      'kiosk page reloaded',
      'kiosk page process gone: recovering',
      'kiosk page failed: bringing it back',
      'kiosk page reloaded',
    ]);
  });

  it('puts the kiosk out of service when crashes come too often, keeps reloading slowly, and comes back once the page stays up', async () => {
    crash();
    crash();
    crash();
    expect(screenFailing).toEqual([true]);
    await vi.advanceTimersByTimeAsync(MINUTE - 1);
    expect(reloads).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(reloads).toBe(1);
    // The reloaded page answers for ten minutes: back in service.
    for (let i = 0; i < 10 * 30; i += 1) {
      heartbeat.beat();
      await vi.advanceTimersByTimeAsync(2_000);
    }
    expect(screenFailing).toEqual([true, false]);
  });

  it('reloads the page when the GPU process is gone, and ignores other children and clean exits', async () => {
    app.emit('child-process-gone', {}, { type: 'Utility', reason: 'crashed', exitCode: 1 });
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'clean-exit', exitCode: 0 });
    await vi.advanceTimersByTimeAsync(10);
    expect(reloads).toBe(0);
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    await vi.advanceTimersByTimeAsync(0);
    expect(reloads).toBe(1);
    expect(recovery.policy.failuresAt(Date.now())).toBe(1);
  });

  it('kills a page unresponsive past the grace, which comes back through the crash path counted once', async () => {
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(win.webContents.crashesForced).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(win.webContents.crashesForced).toBe(1);
    crash('killed');
    await vi.advanceTimersByTimeAsync(0);
    expect(reloads).toBe(1);
    expect(recovery.policy.failuresAt(Date.now())).toBe(1);
  });

  it('leaves a page alone that becomes responsive within the grace', async () => {
    heartbeat.beat();
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(5_000);
    win.emit('responsive');
    heartbeat.beat();
    await vi.advanceTimersByTimeAsync(8_000);
    expect(win.webContents.crashesForced).toBe(0);
    expect(lines.map((line) => line.msg)).toEqual([
      'kiosk page up',
      'kiosk page unresponsive',
      'kiosk page responsive again',
    ]);
  });

  it('restarts a frozen page (its heartbeat stopped), and tells when the new page is up', async () => {
    const ups: number[] = [];
    watchdog.dispose();
    watchdog = attach({ onPageUp: () => ups.push(Date.now()) });
    heartbeat.beat();
    expect(ups).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(win.webContents.crashesForced).toBe(0);
    expect(watchdog.healthy()).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(win.webContents.crashesForced).toBe(1);
    expect(lines.map((line) => line.msg)).toContain('kiosk page frozen: no heartbeat');
    crash('killed');
    await vi.advanceTimersByTimeAsync(0);
    expect(reloads).toBe(1);
    expect(recovery.policy.failuresAt(Date.now())).toBe(1);
    heartbeat.beat();
    expect(ups).toHaveLength(2);
  });

  it('kills a reloaded page that never answers within the start grace', async () => {
    await vi.advanceTimersByTimeAsync(61_000);
    expect(win.webContents.crashesForced).toBe(1);
    expect(lines.map((line) => line.msg)).toContain('kiosk page never answered after loading');
  });

  it('is unhealthy for systemd once its recovery is stuck (a killed renderer never reported gone), or the app quits', async () => {
    heartbeat.beat();
    await vi.advanceTimersByTimeAsync(11_000);
    expect(win.webContents.crashesForced).toBe(1);
    expect(watchdog.healthy()).toBe(true);
    await vi.advanceTimersByTimeAsync(16_000);
    expect(watchdog.healthy()).toBe(false);
    crash('killed');
    expect(watchdog.healthy()).toBe(true);
    quitting = true;
    expect(watchdog.healthy()).toBe(false);
  });

  it('restarts a page over its memory ceiling only once the visitor has left, without counting a failure', async () => {
    watchdog.dispose();
    let memory = 100 * 2 ** 20;
    watchdog = attach({ memory: { ceilingBytes: 500 * 2 ** 20, checkMs: 5_000, read: () => memory } });
    const beating = setInterval(() => heartbeat.beat(), 2_000);
    try {
      heartbeat.beat();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(win.webContents.crashesForced).toBe(0);
      memory = 600 * 2 ** 20;
      session.activity();
      await vi.advanceTimersByTimeAsync(20_000);
      expect(win.webContents.crashesForced).toBe(0);
      session.end('visitor');
      expect(win.webContents.crashesForced).toBe(1);
      crash('killed');
      await vi.advanceTimersByTimeAsync(0);
      expect(reloads).toBe(1);
      expect(recovery.policy.failuresAt(Date.now())).toBe(0);
    } finally {
      clearInterval(beating);
    }
  });

  it('does nothing while the app quits', async () => {
    quitting = true;
    crash('clean-exit');
    win.emit('unresponsive');
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect([reloads, win.webContents.crashesForced]).toEqual([0, 0]);
  });

  it('logs a reload that fails, and keeps watching', async () => {
    watchdog.dispose();
    watchdog = attach({ reload: () => Promise.reject(new Error('ERR_FILE_NOT_FOUND')) });
    crash();
    await vi.advanceTimersByTimeAsync(0);
    expect(lines.at(-1)).toEqual({ level: 'error', msg: 'kiosk page reload failed' });
  });

  it('stops watching when disposed, cancelling a pending reload', async () => {
    crash();
    watchdog.dispose();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(reloads).toBe(0);
    expect(win.webContents.listenerCount('render-process-gone')).toBe(0);
    expect(win.listenerCount('unresponsive')).toBe(0);
    expect(app.listenerCount('child-process-gone')).toBe(0);
  });
});
