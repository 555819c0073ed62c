import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeSystemd } from '../../../test/support/fake-systemd';
import { systemdNotifier } from './systemd-notify';

describe('systemdNotifier', () => {
  it('is off without NOTIFY_SOCKET (npm start, a terminal)', () => {
    expect(systemdNotifier({})).toBeUndefined();
  });

  it('notifies at half of WATCHDOG_USEC, and not at all without it', () => {
    expect(systemdNotifier({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '30000000' })?.watchdogIntervalMs).toBe(15_000);
    expect(systemdNotifier({ NOTIFY_SOCKET: '/run/x' })?.watchdogIntervalMs).toBeUndefined();
    expect(systemdNotifier({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: 'soon' })?.watchdogIntervalMs).toBeUndefined();
  });

  it('sends READY=1, WATCHDOG=1 and STOPPING=1 through the real systemd-notify to the socket', async () => {
    const systemd = await FakeSystemd.start();
    try {
      const notifier = systemdNotifier({ NOTIFY_SOCKET: systemd.socket });
      await notifier?.ready();
      await notifier?.watchdog();
      await notifier?.stopping();
      // systemd-notify waits for its barrier: by now every message was read.
      expect(systemd.received.split('\n')).toEqual(
        expect.arrayContaining(['READY=1', 'STATUS=the kiosk page is up', 'WATCHDOG=1', 'STOPPING=1']),
      );
    } finally {
      systemd.stop();
    }
  });

  it('rejects when the notification cannot be delivered', async () => {
    const notifier = systemdNotifier({ NOTIFY_SOCKET: path.join(tmpdir(), 'okno-no-such-socket') });
    await expect(notifier?.ready()).rejects.toThrow(/systemd-notify READY=1/);
  });
});
