import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSystemd } from '../support/fake-systemd';
import { processRuns, SupervisedHost } from '../support/supervised-host';

/**
 * The browser host's supervision of real (headless) Chromium: a browser killed or a page frozen
 * comes back onto the home screen, repeated failures put the kiosk out of service with an alert
 * at the hub, and systemd hears READY=1 and WATCHDOG=1. The relaunch time is in the host's log
 * (`relaunchMs`); `node bench/run.mjs browser-relaunch` measures it.
 */

let host: SupervisedHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

const HOME_SHOWN = `new Promise((resolve) => {
  const look = () => document.querySelector('[data-testid="home-title"]') ? resolve(true) : setTimeout(look, 50);
  look();
})`;

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the browser host supervising its browser', () => {
  it('brings a killed browser back onto the home screen, ends the visitor session, notifies systemd, stops clean', async () => {
    const systemd = await FakeSystemd.start();
    try {
      host = await SupervisedHost.start({ env: { NOTIFY_SOCKET: systemd.socket, WATCHDOG_USEC: '2000000' } });
      const first = await host.pageUp(1);
      expect(await host.evaluate(HOME_SHOWN)).toBe(true);
      await waitFor(
        () => /^READY=1$/m.test(systemd.received) && /^WATCHDOG=1$/m.test(systemd.received),
        'READY=1 and WATCHDOG=1',
      );

      // A visitor at the screen: the main side holds their session.
      expect(await host.callFromPage('session.activity')).toMatchObject({ ok: true });
      process.kill(Number(first.pid), 'SIGKILL');

      const second = await host.pageUp(2);
      expect(second.pid).not.toBe(first.pid);
      expect(second.relaunchMs).toEqual(expect.any(Number));
      expect(await host.evaluate(HOME_SHOWN)).toBe(true);
      const log = await host.log();
      expect(log).toContainEqual(expect.objectContaining({ msg: 'kiosk browser exited', loss: 'killed' }));
      expect(log).toContainEqual(expect.objectContaining({ msg: 'visitor session ended: the kiosk page was lost' }));
      expect(log).toContainEqual(expect.objectContaining({ msg: 'visitor session reset', reason: 'restart' }));
      expect(await processRuns(Number(first.pid))).toBe(false);

      // systemd's stop: the browser ended with the host, exit 0 (the unit restarts on any exit).
      expect(await host.stop()).toBe(0);
      expect(await processRuns(Number(second.pid))).toBe(false);
      expect(systemd.received).toMatch(/^STOPPING=1$/m);
    } finally {
      systemd.stop();
    }
  }, 90_000);

  it('relaunches the browser whose page froze (its heartbeat stopped while the process lived)', async () => {
    host = await SupervisedHost.start({ supervision: { frozenAfterSeconds: 3 } });
    const first = await host.pageUp(1);
    // The page's main thread blocked for good: no frame, no heartbeat, the process alive.
    expect(await host.evaluate('setTimeout(() => { for (;;) {} }, 0); true')).toBe(true);
    await host.waitForLog((line) => line.msg === 'kiosk page frozen: no heartbeat');
    const second = await host.pageUp(2);
    expect(second.pid).not.toBe(first.pid);
    expect(await host.log()).toContainEqual(
      expect.objectContaining({ msg: 'kiosk page failed: bringing it back', loss: 'frozen' }),
    );
    expect(await host.evaluate(HOME_SHOWN)).toBe(true);
  }, 90_000);

  it('puts the kiosk out of service after repeated crashes, alerts the hub, and keeps relaunching', async () => {
    host = await SupervisedHost.start({ supervision: { failuresBeforeOutOfService: 2, slowRetrySeconds: 1 } });
    const running = host;
    const first = await running.pageUp(1);
    process.kill(Number(first.pid), 'SIGKILL');
    const second = await running.pageUp(2);
    process.kill(Number(second.pid), 'SIGKILL');
    await running.waitForLog(
      (line) => line.msg === 'kiosk out of service: its page keeps failing (technician alerted)',
    );

    // The slow retry brings a page back, which says the kiosk is out of service.
    await running.pageUp(3);
    expect(await running.callFromPage('kiosk.serviceMode')).toMatchObject({ ok: true, value: { inService: false } });
    await waitFor(
      async () => String(await running.evaluate('document.body.innerText')).includes('Терминал временно не работает'),
      'the out-of-service screen',
    );
    // The technician's alert, at the (embedded) hub: the health change went through the outbox.
    const db = new Database(path.join(running.dataDir, 'hub', 'demo.sqlite'), { readonly: true });
    try {
      await waitFor(
        () =>
          db
            .prepare(
              "SELECT 1 FROM alerts WHERE rule = 'screen_failing' AND severity = 'critical' AND closed_at IS NULL",
            )
            .get() !== undefined,
        'the screen_failing alert at the hub',
      );
    } finally {
      db.close();
    }
  }, 120_000);

  it('restarts a page over its memory ceiling while no visitor is at the screen, without counting a failure', async () => {
    host = await SupervisedHost.start({ supervision: { heapCeilingMiB: 1, memoryCheckSeconds: 2 } });
    const first = await host.pageUp(1);
    await host.waitForLog((line) => line.msg === 'kiosk page over its memory ceiling: restarting it');
    const second = await host.pageUp(2);
    expect(second.pid).not.toBe(first.pid);
    const log = await host.log();
    expect(log).toContainEqual(expect.objectContaining({ msg: 'kiosk page lost: bringing it back', loss: 'memory' }));
    expect(log).not.toContainEqual(expect.objectContaining({ msg: 'kiosk page failed: bringing it back' }));
  }, 90_000);
});

describe('the warm spare browser (on an X display, where Chromium hands a window to a running browser)', () => {
  const spareReady = (line: { msg: string }) => line.msg === 'spare browser ready';
  const started = (line: { msg: string }) => line.msg === 'kiosk browser started';

  it('shows the page in the spare when the browser is killed, keeps a new spare, and closes a spare whose window was closed', async () => {
    host = await SupervisedHost.start({ display: 'xvfb' });
    const first = await host.pageUp(1);
    const spare = await host.waitForLog(spareReady, 1);
    expect(spare.pid).not.toBe(first.pid);

    process.kill(Number(first.pid), 'SIGKILL');
    const second = await host.pageUp(2);
    // The spare took the page: no new browser was started for it.
    expect(second.pid).toBe(spare.pid);
    expect(await host.waitForLog(started, 2)).toMatchObject({ pid: spare.pid, warm: true });
    expect(await host.evaluate(HOME_SHOWN)).toBe(true);
    expect(await processRuns(Number(first.pid))).toBe(false);

    // Replaced: a new spare, in the profile the killed browser left.
    const nextSpare = await host.waitForLog(spareReady, 2);
    expect(nextSpare.pid).not.toBe(second.pid);

    // Its window closed (Ctrl+W): a browser started windowless would live on with none; it is
    // closed, taken for a close (not counted), and the page is back in the next spare.
    await host.closePageWindow();
    const third = await host.pageUp(3);
    expect(third.pid).toBe(nextSpare.pid);
    const log = await host.log();
    expect(log).toContainEqual(expect.objectContaining({ msg: 'kiosk browser exited', loss: 'closed', code: 0 }));
    expect(log).not.toContainEqual(
      expect.objectContaining({ msg: 'kiosk page failed: bringing it back', loss: 'closed' }),
    );
    expect(await processRuns(Number(second.pid))).toBe(false);

    // The stop ends the running browser and the spare.
    const lastSpare = await host.waitForLog(spareReady, 3);
    expect(await host.stop()).toBe(0);
    expect(await processRuns(Number(third.pid))).toBe(false);
    expect(await processRuns(Number(lastSpare.pid))).toBe(false);
  }, 120_000);

  it('still backs off when crashes repeat, with a spare ready', async () => {
    host = await SupervisedHost.start({ display: 'xvfb' });
    const first = await host.pageUp(1);
    await host.waitForLog(spareReady, 1);
    process.kill(Number(first.pid), 'SIGKILL');
    const second = await host.pageUp(2);
    await host.waitForLog(spareReady, 2);
    process.kill(Number(second.pid), 'SIGKILL');
    await host.pageUp(3);
    const failures = (await host.log()).filter((line) => line.msg === 'kiosk page failed: bringing it back');
    // The first failure at once, the second after the policy's delay, spare or none.
    expect(failures.map((line) => line.delayMs)).toEqual([0, 1000]);
    expect(await host.waitForLog(started, 3)).toMatchObject({ warm: true });
  }, 120_000);
});
