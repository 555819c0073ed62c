import { EventEmitter } from 'node:events';
import { type FSWatcher, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { within } from '../test-support/within';
import { DevicePathWatcher } from './device-path-watcher';

/** The next `onChange` of a watcher made by `make`, within 2 s. */
function changes() {
  const seen: boolean[] = [];
  let waiting: ((present: boolean) => void) | null = null;
  return {
    seen,
    onChange: (present: boolean) => {
      seen.push(present);
      waiting?.(present);
      waiting = null;
    },
    next: (what: string) =>
      within(
        new Promise<boolean>((resolve) => {
          waiting = resolve;
        }),
        2000,
        what,
      ),
  };
}

const openFds = () => readdirSync('/proc/self/fd').length;

describe('DevicePathWatcher', () => {
  let dir: string | undefined;
  let watcher: DevicePathWatcher | undefined;
  afterEach(async () => {
    watcher?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('tells when the path appears and disappears, from fs.watch alone (poll off)', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-watch-'));
    const device = path.join(dir, 'usb-1a86_USB_Serial-if00-port0');
    const seen = changes();
    watcher = new DevicePathWatcher({ path: device, onChange: seen.onChange, pollMs: 0 });
    expect(watcher.present).toBe(false);

    const appeared = seen.next('the path appearing');
    await symlink(path.join(dir, 'ttyUSB0'), device);
    // A dangling link is not a device yet.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.seen).toEqual([]);
    await writeFile(path.join(dir, 'ttyUSB0'), '');
    expect(await appeared).toBe(true);
    expect(watcher.present).toBe(true);

    const gone = seen.next('the path disappearing');
    await rm(device);
    expect(await gone).toBe(false);
    expect(watcher.present).toBe(false);
  });

  it('watches the nearest existing folder until the path’s own folder appears, and follows it away and back', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-watch-'));
    // As /dev/serial/by-id, which udev makes with the first USB serial device.
    const byId = path.join(dir, 'serial', 'by-id');
    const device = path.join(byId, 'usb-FTDI-if00');
    const seen = changes();
    watcher = new DevicePathWatcher({ path: device, onChange: seen.onChange, pollMs: 0 });
    expect(watcher.watchedDir).toBe(dir);

    const appeared = seen.next('the path appearing with its folders');
    await mkdir(path.join(dir, 'serial'));
    await mkdir(byId);
    await writeFile(device, '');
    expect(await appeared).toBe(true);
    expect(watcher.watchedDir).toBe(byId);

    // The last device gone takes its folders with it; they come back with the next one.
    const gone = seen.next('the path going with its folders');
    await rm(path.join(dir, 'serial'), { recursive: true });
    expect(await gone).toBe(false);
    const back = seen.next('the path back with its folders');
    await mkdir(byId, { recursive: true });
    await writeFile(device, '');
    expect(await back).toBe(true);
    expect(watcher.watchedDir).toBe(byId);
  });

  it('still notices through its slow poll when the watch loses every event', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-watch-'));
    const device = path.join(dir, 'ttyACM0');
    const seen = changes();
    const deaf = () => Object.assign(new EventEmitter(), { close: () => undefined }) as unknown as FSWatcher;
    watcher = new DevicePathWatcher({ path: device, onChange: seen.onChange, pollMs: 30, watch: deaf });
    const appeared = seen.next('the path appearing, seen by the poll');
    await writeFile(device, '');
    expect(await appeared).toBe(true);
  });

  it('reports nothing after close() and leaves no descriptor behind', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'okno-watch-'));
    const device = path.join(dir, 'ttyUSB0');
    // libuv opens its one inotify descriptor at the first watch and keeps it: open it first.
    new DevicePathWatcher({ path: device, onChange: () => undefined }).close();
    const before = openFds();
    const seen = changes();
    for (let i = 0; i < 50; i++) new DevicePathWatcher({ path: device, onChange: seen.onChange, pollMs: 10 }).close();
    watcher = new DevicePathWatcher({ path: device, onChange: seen.onChange, pollMs: 10 });
    watcher.close();
    await writeFile(device, '');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.seen).toEqual([]);
    expect(openFds()).toBe(before);
  });
});
