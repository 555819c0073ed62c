import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { findAppRoot } from '../../electron/services/app-root';
import type { KioskConfig } from '../../kiosk-config/src/index';
import { CHROMIUM_PATH } from './chromium';
import { writeDefaultConfig } from './core-under-test';

const entry = path.join(findAppRoot().dir, 'dist', 'host', 'main.js');

/** A line of the kiosk's JSON log. */
export interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/** How the host under test is started. */
export interface SupervisedHostOptions {
  /** Changes to the test config (its `host.supervision` limits). */
  supervision?: Partial<KioskConfig['host']['supervision']>;
  /** More environment (`NOTIFY_SOCKET`, `WATCHDOG_USEC`). */
  env?: NodeJS.ProcessEnv;
  /**
   * `headless` (default): Chromium's headless mode, no display. `xvfb`: a real X display of its
   * own (Xvfb), Chromium with windows, as on a kiosk's X11 session: the warm spare shows the page
   * there (headless Chromium has no process singleton to hand it a window).
   */
  display?: 'headless' | 'xvfb';
}

/**
 * The built browser host (`dist/host/main.js`) run as `npm start` runs it, with real Chromium in
 * headless mode (a wrapper on `OKNO_BROWSER` adds `--headless` and a DevTools port, so that a test
 * can reach into the page: the host itself talks to its browser over a pipe only).
 */
export class SupervisedHost {
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  readonly #xvfb: ChildProcess | undefined;
  readonly dataDir: string;

  private constructor(child: ChildProcess, dataDir: string, xvfb: ChildProcess | undefined) {
    this.#child = child;
    this.#xvfb = xvfb;
    this.dataDir = dataDir;
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(options: SupervisedHostOptions = {}): Promise<SupervisedHost> {
    if (!existsSync(entry))
      throw new Error('the browser host is not built: run `npm run build` (npm test does it first)');
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-supervised-'));
    const dataDir = path.join(dir, 'data');
    const config = await writeDefaultConfig(dir, (c) => {
      c.devices = { printer: null, scanner: null, documentReader: null, paymentTerminal: null };
      c.host = { ...c.host, supervision: { ...c.host?.supervision, ...options.supervision } };
    });
    const xvfb = options.display === 'xvfb' ? await startXvfb() : undefined;
    const wrapper = path.join(dir, 'chromium-wrapper');
    const headless = xvfb === undefined ? '--headless ' : '';
    // `exec`: the host's child is Chromium's browser process itself, as with the real binary.
    await writeFile(wrapper, `#!/bin/sh\nexec ${CHROMIUM_PATH} ${headless}--remote-debugging-port=0 "$@"\n`);
    await chmod(wrapper, 0o755);
    const child = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        OKNO_CONFIG: config,
        OKNO_DATA_DIR: dataDir,
        OKNO_BROWSER: wrapper,
        // A display is what makes the host start a browser; headless Chromium never opens it.
        DISPLAY: xvfb?.display ?? ':97',
        WAYLAND_DISPLAY: '',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new SupervisedHost(child, dataDir, xvfb?.server);
  }

  /** The kiosk's log lines so far (`<dataDir>/logs/okno.*.log`). */
  async log(): Promise<LogLine[]> {
    const file = path.join(this.dataDir, 'logs', 'okno.1.log');
    const text = await readFile(file, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  }

  /** Waits for the `count`-th log line that `matches`, and returns it. */
  async waitForLog(matches: (line: LogLine) => boolean, count = 1, timeoutMs = 45_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.log()).filter(matches);
      const line = found[count - 1];
      if (line !== undefined) return line;
      if (Date.now() > deadline)
        throw new Error(`no log line #${count} matching ${matches.toString()} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits for the `count`-th page to come up (its first heartbeat); returns its log line. */
  pageUp(count: number): Promise<LogLine> {
    return this.waitForLog((line) => line.msg === 'kiosk page up', count);
  }

  /**
   * The DevTools port of the browser running now (the wrapper's `--remote-debugging-port=0`), from
   * the profile on its command line (the host alternates two: the running browser's and the spare's).
   */
  async #devToolsPort(): Promise<number> {
    const started = (await this.log()).filter((line) => line.msg === 'kiosk browser started').at(-1);
    const cmdline = await readFile(`/proc/${Number(started?.pid)}/cmdline`, 'utf8');
    const profile = cmdline
      .split('\0')
      .find((arg) => arg.startsWith('--user-data-dir='))
      ?.slice('--user-data-dir='.length);
    if (profile === undefined) throw new Error('the running browser names no profile');
    return Number((await readFile(path.join(profile, 'DevToolsActivePort'), 'utf8')).split('\n')[0]);
  }

  /** Closes the kiosk page's window alone (as Ctrl+W on it would), the browser left to react. */
  async closePageWindow(): Promise<void> {
    const port = await this.#devToolsPort();
    const page = (await this.#pageTargets(port))[0];
    if (page === undefined) throw new Error('the browser shows no kiosk page');
    await fetch(`http://127.0.0.1:${port}/json/close/${page.id}`);
  }

  async #pageTargets(port: number): Promise<Array<{ id: string; webSocketDebuggerUrl: string }>> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      id: string;
      type: string;
      url: string;
      webSocketDebuggerUrl: string;
    }>;
    return targets.filter((target) => target.type === 'page' && target.url.startsWith('http://127.0.0.1'));
  }

  /**
   * Closes the running browser as Alt+F4 or Ctrl+W on its last window would (`Browser.close`: a
   * clean exit, code 0), which the host takes for a close by a key, not a crash.
   */
  async closeBrowser(): Promise<void> {
    const port = await this.#devToolsPort();
    const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
      webSocketDebuggerUrl: string;
    };
    const socket = new WebSocket(version.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    socket.send(JSON.stringify({ id: 1, method: 'Browser.close' }));
    await new Promise((resolve) => socket.once('close', resolve));
  }

  /** Evaluates `expression` in the kiosk page of the browser running now (awaiting a promise it returns). */
  async evaluate(expression: string): Promise<unknown> {
    const page = (await this.#pageTargets(await this.#devToolsPort()))[0];
    if (page === undefined) throw new Error('the browser shows no kiosk page');
    const socket = new WebSocket(page.webSocketDebuggerUrl);
    try {
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      type Answer = { id?: number; result?: { result?: { value?: unknown } }; error?: unknown };
      const answer = new Promise<Answer>((resolve) =>
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as Answer;
          if (message.id === 1) resolve(message);
        }),
      );
      socket.send(
        JSON.stringify({
          id: 1,
          method: 'Runtime.evaluate',
          params: { expression, awaitPromise: true, returnByValue: true },
        }),
      );
      const { result, error } = await answer;
      if (error !== undefined) throw new Error(`Runtime.evaluate: ${JSON.stringify(error)}`);
      return result?.result?.value;
    } finally {
      socket.close();
    }
  }

  /**
   * Makes a call of the contract from the kiosk page, on a socket of its own (the page's origin and
   * HttpOnly session cookie, as the page's own socket): the answer comes once the host handled it.
   */
  async callFromPage(name: string, input: Record<string, unknown> = {}): Promise<unknown> {
    return this.evaluate(`new Promise((resolve, reject) => {
      const socket = new WebSocket('ws://' + location.host + '/api');
      socket.onerror = () => reject(new Error('socket refused'));
      socket.onopen = () => socket.send(JSON.stringify({ type: 'call', id: 1, name: ${JSON.stringify(name)}, input: ${JSON.stringify(input)} }));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === 'result' && message.id === 1) { socket.close(); resolve(message.result); }
      };
    })`);
  }

  /** The host's exit code once it has exited. */
  exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Stops the host as systemd would (SIGTERM) and returns its exit code. */
  async stop(): Promise<number | null> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    const code = await this.#exited;
    this.#xvfb?.kill('SIGTERM');
    return code;
  }
}

/** An Xvfb server on a display number it picks itself (`-displayfd`: none taken by another test). */
export async function startXvfb(): Promise<{ server: ChildProcess; display: string }> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1080x1920x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    const output = server.stdio[3] as NodeJS.ReadableStream;
    output.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.trim());
    });
    server.once('exit', () => reject(new Error('Xvfb exited before naming its display')));
    server.once('error', reject);
  });
  return { server, display: `:${number}` };
}

/** Whether a process runs (not a zombie). */
export async function processRuns(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return status !== '' && !/^State:\s+Z/mu.test(status);
}
