import { type FSWatcher, statSync, watch } from 'node:fs';
import path from 'node:path';

/** Whether a device's path is there now, for a link that waits for it (`ReconnectingTransport`). */
export interface PathPresence {
  readonly present: boolean;
  /** Stops watching; no `onChange` after it. */
  close(): void;
}

/** Options of `DevicePathWatcher`. */
export interface DevicePathWatcherOptions {
  /** The device's path, e.g. `/dev/serial/by-id/usb-…`, which udev creates and removes with it. */
  path: string;
  /** Called when the path appears (`true`) or disappears (`false`); not for the state at start. */
  onChange: (present: boolean) => void;
  /**
   * How often the path is also looked at in case a watch event was missed, in ms (default 5000;
   * 0 turns the poll off).
   */
  pollMs?: number;
  /** For tests: `fs.watch`, replaced to lose events on purpose. */
  watch?: (dir: string, listener: (event: string, name: string | null) => void) => FSWatcher;
}

/** The default fallback poll of `DevicePathWatcher`. */
export const DEFAULT_PRESENCE_POLL_MS = 5000;

/**
 * Tells when a device's path appears and disappears, so a link can open the device the moment it
 * is plugged back in instead of waiting out a backoff that grew while it was gone.
 *
 * It watches the path's folder with `fs.watch` (inotify: no descriptor of its own beyond the one
 * libuv shares across all watches). A folder that does not exist yet (`/dev/serial/by-id` comes
 * with the first USB serial device) is waited for by watching its nearest existing ancestor,
 * moving down as folders appear and back up when they go. A slow poll (`pollMs`) catches an event
 * that was missed. A path is present when it resolves (a dangling symlink is absent).
 */
export class DevicePathWatcher implements PathPresence {
  readonly #options: DevicePathWatcherOptions;
  #present: boolean;
  #watcher: FSWatcher | null = null;
  /** The folder watched now, and its inode: a folder removed and made again is watched anew. */
  #watched: { dir: string; ino: number } | null = null;
  #poll: ReturnType<typeof setInterval> | null = null;
  #closed = false;

  constructor(options: DevicePathWatcherOptions) {
    this.#options = options;
    this.#present = exists(options.path);
    this.#rewatch();
    const pollMs = options.pollMs ?? DEFAULT_PRESENCE_POLL_MS;
    if (pollMs > 0) {
      this.#poll = setInterval(() => this.#check(), pollMs);
      // Watching must never be what keeps the process alive.
      this.#poll.unref();
    }
  }

  get present(): boolean {
    return this.#present;
  }

  /** The folder watched now (the path's own, or its nearest existing ancestor); for tests. */
  get watchedDir(): string | null {
    return this.#watched?.dir ?? null;
  }

  close(): void {
    this.#closed = true;
    this.#unwatch();
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = null;
  }

  /** Looks again: moves the watch if folders came or went, and reports a change of presence. */
  #check(): void {
    if (this.#closed) return;
    this.#rewatch();
    const present = exists(this.#options.path);
    if (present === this.#present) return;
    this.#present = present;
    this.#options.onChange(present);
  }

  #rewatch(): void {
    const dir = nearestExistingDir(path.dirname(this.#options.path));
    if (!dir) {
      this.#unwatch();
      return;
    }
    if (this.#watcher && this.#watched?.dir === dir.dir && this.#watched.ino === dir.ino) return;
    this.#unwatch();
    try {
      const ownName = path.basename(dir.dir);
      const watcher = (this.#options.watch ?? watchDir)(dir.dir, (_event, name) => {
        // The folder itself went (inotify's last word on it): this watch is dead even if a new
        // folder of the same name, perhaps with the same inode, is there by now.
        if (name === null || name === ownName) this.#unwatch();
        this.#check();
      });
      // The folder removed under the watch (or inotify out of watches): look again, poll meanwhile.
      watcher.on('error', () => {
        if (this.#watcher === watcher) this.#unwatch();
        queueMicrotask(() => this.#check());
      });
      this.#watcher = watcher;
      this.#watched = dir;
    } catch {
      // Cannot watch (no permission, no inotify watches left): the poll still looks.
      this.#watched = null;
    }
  }

  #unwatch(): void {
    this.#watcher?.close();
    this.#watcher = null;
    this.#watched = null;
  }
}

function watchDir(dir: string, listener: (event: string, name: string | null) => void): FSWatcher {
  return watch(dir, { persistent: false, encoding: 'utf8' }, (event, name) => listener(event, name));
}

/** Whether the path resolves now; an error other than "not there" counts as there (open will say). */
function exists(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/** The folder itself if it exists, else its nearest existing ancestor (null: not even `/`). */
function nearestExistingDir(start: string): { dir: string; ino: number } | null {
  let dir = path.resolve(start);
  for (;;) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(dir, { throwIfNoEntry: false });
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) return { dir, ino: stat.ino };
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
