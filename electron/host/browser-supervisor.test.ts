import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PageHeartbeat } from '../services/supervision/page-heartbeat';
import { RestartPolicy } from '../services/supervision/restart-policy';
import { ScreenRecovery } from '../services/supervision/screen-recovery';
import { BrowserSupervisor, lossOf, type WarmBrowser } from './browser-supervisor';
import type { CdpPipe } from './cdp-pipe';

/** A browser process the test ends as it likes: `kill` records the signal and exits with it. */
class FakeBrowser extends EventEmitter {
  static nextPid = 100;
  readonly pid = FakeBrowser.nextPid++;
  readonly signals: string[] = [];
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  constructor() {
    super();
    this.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
      this.exitCode = code;
      this.signalCode = signal;
    });
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    queueMicrotask(() => this.emit('exit', null, signal));
    return true;
  }
}

describe('BrowserSupervisor', () => {
  let browsers: FakeBrowser[];
  let heartbeat: PageHeartbeat;
  let session: { active: boolean; ends: Array<() => void> };
  let screenFailing: boolean[];
  let ups: number;
  let heap: number;
  let supervisor: BrowserSupervisor;
  let startSupervisor: (spare?: () => Promise<WarmBrowser>) => void;

  const current = () => browsers.at(-1) as FakeBrowser;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    browsers = [];
    heartbeat = new PageHeartbeat();
    session = { active: false, ends: [] };
    screenFailing = [];
    ups = 0;
    heap = 10 * 2 ** 20;
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const visitorSession = {
      get active() {
        return session.active;
      },
      end: () => {
        session.active = false;
        for (const end of session.ends.splice(0)) end();
      },
      onNextEnd: (listener: () => void) => {
        session.ends.push(listener);
        return () => {};
      },
    };
    startSupervisor = (spare) => {
      supervisor = new BrowserSupervisor({
        ...(spare ? { spare } : {}),
        launch: async () => {
          const browser = new FakeBrowser();
          browsers.push(browser);
          return { child: browser as unknown as ChildProcess, cdp: {} as CdpPipe };
        },
        recovery: new ScreenRecovery({
          session: visitorSession,
          serviceMode: { setScreenFailing: (failing: boolean) => screenFailing.push(failing) },
          log,
          policy: new RestartPolicy({ maxFailures: 3, windowMs: 600_000, baseDelayMs: 1_000, slowRetryMs: 60_000 }),
        }),
        heartbeat,
        session: visitorSession,
        log,
        frozenAfterMs: 10_000,
        startGraceMs: 30_000,
        heapCeilingBytes: 100 * 2 ** 20,
        memoryCheckMs: 5_000,
        pageHeap: async () => heap,
        onPageUp: () => {
          ups += 1;
        },
      });
      supervisor.start();
    };
    startSupervisor();
  });

  afterEach(async () => {
    await supervisor.stop();
    vi.useRealTimers();
  });

  it('relaunches a browser that exited, and tells each time a page comes up', async () => {
    await vi.advanceTimersByTimeAsync(0);
    heartbeat.beat();
    expect(ups).toBe(1);
    current().emit('exit', null, 'SIGKILL');
    await vi.advanceTimersByTimeAsync(0);
    expect(browsers).toHaveLength(2);
    heartbeat.beat();
    expect(ups).toBe(2);
    expect(supervisor.browserPid).toBe(current().pid);
  });

  it('relaunches at once, uncounted, a browser whose window a key closed (exit 0)', async () => {
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 6; i += 1) {
      heartbeat.beat();
      current().emit('exit', 0, null);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(browsers).toHaveLength(7);
    expect(screenFailing).toEqual([]);
  });

  it('kills the browser whose page froze, and launches another once it has exited', async () => {
    await vi.advanceTimersByTimeAsync(0);
    heartbeat.beat();
    await vi.advanceTimersByTimeAsync(10_500);
    expect(browsers[0]?.signals).toEqual(['SIGKILL']);
    // The first failure: relaunched at once (well before the 1 s of a second one).
    await vi.advanceTimersByTimeAsync(100);
    expect(browsers).toHaveLength(2);
  });

  it('backs off and goes out of service when crashes repeat', async () => {
    await vi.advanceTimersByTimeAsync(0);
    current().emit('exit', 139, null);
    await vi.advanceTimersByTimeAsync(0);
    expect(browsers).toHaveLength(2);
    current().emit('exit', null, 'SIGSEGV');
    await vi.advanceTimersByTimeAsync(999);
    expect(browsers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(browsers).toHaveLength(3);
    current().emit('exit', null, 'SIGKILL');
    expect(screenFailing).toEqual([true]);
    // A back-off is no hang: systemd's watchdog stays fed.
    await vi.advanceTimersByTimeAsync(59_000);
    expect(supervisor.healthy()).toBe(true);
    expect(browsers).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(browsers).toHaveLength(4);
  });

  it('restarts a page over its heap ceiling once the visitor has left, uncounted', async () => {
    await vi.advanceTimersByTimeAsync(0);
    const beating = setInterval(() => heartbeat.beat(), 2_000);
    try {
      heartbeat.beat();
      heap = 200 * 2 ** 20;
      session.active = true;
      await vi.advanceTimersByTimeAsync(20_000);
      expect(browsers).toHaveLength(1);
      session.active = false;
      for (const end of session.ends.splice(0)) end();
      await vi.advanceTimersByTimeAsync(0);
      expect(browsers[0]?.signals).toEqual(['SIGKILL']);
      expect(browsers).toHaveLength(2);
      expect(screenFailing).toEqual([]);
    } finally {
      clearInterval(beating);
    }
  });

  it('ends the browser on stop and relaunches nothing after', async () => {
    await vi.advanceTimersByTimeAsync(0);
    await supervisor.stop();
    expect(browsers[0]?.signals).toEqual(['SIGTERM']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(browsers).toHaveLength(1);
    expect(supervisor.healthy()).toBe(false);
  });

  describe('with a warm spare', () => {
    /** The spares started, in order; `shows` counts the pages each was asked to show. */
    let spares: Array<{ browser: FakeBrowser; shows: number }>;
    let showWorks: boolean;
    let spareStarts: boolean;

    beforeEach(async () => {
      await supervisor.stop();
      browsers = [];
      spares = [];
      showWorks = true;
      spareStarts = true;
      startSupervisor(async () => {
        if (!spareStarts) throw new Error('no debugging pipe');
        const browser = new FakeBrowser();
        const spare = { browser, shows: 0 };
        spares.push(spare);
        return {
          child: browser as unknown as ChildProcess,
          cdp: {} as CdpPipe,
          show: async () => {
            if (!showWorks) throw new Error('relay exit 21');
            spare.shows += 1;
            browsers.push(browser);
          },
        };
      });
      await vi.advanceTimersByTimeAsync(0);
    });

    /** The page of the running browser comes up, and its spare is started after it. */
    const pageUp = async () => {
      heartbeat.beat();
      await vi.advanceTimersByTimeAsync(1_000);
    };

    /** Time passes with the page answering its heartbeat. */
    const answering = async (ms: number) => {
      const beating = setInterval(() => heartbeat.beat(), 2_000);
      try {
        await vi.advanceTimersByTimeAsync(ms);
      } finally {
        clearInterval(beating);
      }
    };

    it('keeps no spare until the page is up, then one', async () => {
      expect(spares).toHaveLength(0);
      await pageUp();
      expect(spares).toHaveLength(1);
      expect(supervisor.browserPid).toBe(browsers[0]?.pid);
    });

    it('shows the page in the spare when the browser is lost, and keeps a new spare once that page is up', async () => {
      await pageUp();
      current().emit('exit', null, 'SIGKILL');
      await vi.advanceTimersByTimeAsync(0);
      // No cold launch: the spare runs the page.
      expect(browsers).toHaveLength(2);
      expect(spares[0]?.shows).toBe(1);
      expect(supervisor.browserPid).toBe(spares[0]?.browser.pid);
      expect(spares).toHaveLength(1);
      await pageUp();
      expect(spares).toHaveLength(2);
      expect(ups).toBe(2);
    });

    it('backs off when crashes repeat, spare or not, and goes out of service', async () => {
      await pageUp();
      current().emit('exit', 139, null);
      await vi.advanceTimersByTimeAsync(0);
      expect(spares[0]?.shows).toBe(1);
      await pageUp();
      current().emit('exit', null, 'SIGSEGV');
      await vi.advanceTimersByTimeAsync(999);
      expect(spares[1]?.shows).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(spares[1]?.shows).toBe(1);
      await pageUp();
      current().emit('exit', null, 'SIGKILL');
      expect(screenFailing).toEqual([true]);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(spares[2]?.shows).toBe(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(spares[2]?.shows).toBe(1);
    });

    it('replaces a spare that exited while kept, uncounted', async () => {
      await pageUp();
      spares[0]?.browser.emit('exit', null, 'SIGKILL');
      await answering(30_000);
      expect(spares).toHaveLength(2);
      expect(screenFailing).toEqual([]);
      current().emit('exit', null, 'SIGKILL');
      await vi.advanceTimersByTimeAsync(0);
      expect(spares[1]?.shows).toBe(1);
    });

    it('starts a browser cold when the spare cannot show the page, and keeps no more spares', async () => {
      await pageUp();
      showWorks = false;
      current().emit('exit', null, 'SIGKILL');
      await vi.advanceTimersByTimeAsync(0);
      expect(spares[0]?.browser.signals).toEqual(['SIGKILL']);
      expect(browsers).toHaveLength(2);
      expect(supervisor.browserPid).not.toBe(spares[0]?.browser.pid);
      await pageUp();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(spares).toHaveLength(1);
    });

    it('gives up spares after three that did not start, and relaunches cold', async () => {
      spareStarts = false;
      await pageUp();
      await answering(30_000 * 4);
      current().emit('exit', null, 'SIGKILL');
      await vi.advanceTimersByTimeAsync(0);
      expect(browsers).toHaveLength(2);
      expect(spares).toHaveLength(0);
    });

    it('ends the spare with the browser on stop', async () => {
      await pageUp();
      await supervisor.stop();
      expect(current().signals).toEqual(['SIGTERM']);
      expect(spares[0]?.browser.signals).toEqual(['SIGKILL']);
    });
  });
});

describe('lossOf', () => {
  it("tells a key's close from a crash, a kill and a start that failed", () => {
    expect(lossOf(true, 0, null)).toBe('closed');
    expect(lossOf(false, 0, null)).toBe('never_up');
    expect(lossOf(true, 21, null)).toBe('crashed');
    expect(lossOf(true, null, 'SIGSEGV')).toBe('crashed');
    expect(lossOf(true, null, 'SIGKILL')).toBe('killed');
    expect(lossOf(true, null, 'SIGTERM')).toBe('killed');
  });
});
