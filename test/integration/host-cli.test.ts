import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { writeDefaultConfig } from '../support/core-under-test';
import { freePort } from '../support/free-port';

const entry = path.join(findAppRoot().dir, 'dist', 'host', 'main.js');

/** Runs the built browser host as `npm start` does; resolves on exit or on its first line. */
function runHost(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (!existsSync(entry)) {
      reject(new Error('the browser host is not built: run `npm run build` (npm test does it first)'));
      return;
    }
    const child = spawn(process.execPath, [entry, '--no-browser'], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // Started: one line printed; stop it like a technician's Ctrl+C would.
      if (stdout.includes('\n')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A default config in a temp folder with the given `host.port` and no devices (quicker to start). */
async function configWithPort(port: number): Promise<{ config: string; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-cli-'));
  const config = await writeDefaultConfig(dataDir, (c) => {
    c.host = { port };
    c.devices = { printer: null, scanner: null, documentReader: null, paymentTerminal: null };
  });
  return { config, dataDir };
}

/** The port of the URL the host printed. */
function printedPort(stdout: string): number {
  const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
  if (!match) throw new Error(`no URL in ${JSON.stringify(stdout)}`);
  return Number(match[1]);
}

describe('the browser host as a process', () => {
  it("listens on the config's host.port", async () => {
    const port = await freePort();
    const { config, dataDir } = await configWithPort(port);
    const { code, stdout } = await runHost({ OKNO_CONFIG: config, OKNO_DATA_DIR: dataDir, OKNO_PORT: '' });
    expect(printedPort(stdout)).toBe(port);
    expect(code).toBe(0);
  });

  it("lets OKNO_PORT override the config's host.port", async () => {
    const configPort = await freePort();
    let envPort = await freePort();
    while (envPort === configPort) envPort = await freePort();
    const { config, dataDir } = await configWithPort(configPort);
    const { code, stdout } = await runHost({ OKNO_CONFIG: config, OKNO_DATA_DIR: dataDir, OKNO_PORT: String(envPort) });
    expect(printedPort(stdout)).toBe(envPort);
    expect(code).toBe(0);
  });

  it('refuses an OKNO_PORT that is not a port, naming it', async () => {
    const { config, dataDir } = await configWithPort(0);
    const { code, stderr } = await runHost({ OKNO_CONFIG: config, OKNO_DATA_DIR: dataDir, OKNO_PORT: '80a' });
    expect(code).toBe(1);
    expect(stderr).toContain('OKNO_PORT="80a" is not a port number');
  });

  it('starts with the default config, prints one line with the mode and the URL, stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-cli-'));
    const { code, stdout } = await runHost({ OKNO_DATA_DIR: dataDir, DISPLAY: '', WAYLAND_DISPLAY: '' });
    expect(stdout).toMatch(
      /^Okno: browser host \(no Electron binary\), open http:\/\/127\.0\.0\.1:\d+\/boot\/[\w-]+ \(once\)/,
    );
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(code).toBe(0);
  });

  it('refuses a bad config with a message naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-cli-'));
    const config = path.join(dir, 'kiosk.json');
    await writeFile(
      config,
      JSON.stringify({ kiosk: { id: 'k' }, office: { id: 'o', name: 'МФЦ' }, devices: { printer: 7 } }),
    );
    const { code, stderr } = await runHost({ OKNO_CONFIG: config, OKNO_DATA_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toContain('the configuration cannot be used');
    expect(stderr).toContain(config);
    expect(stderr).toContain('devices.printer');
  });
});

describe('the browser host launching its browser', () => {
  it('puts no secret on the browser command line: a 0600 boot file forwards to the one-time address', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-cli-browser-'));
    const argsFile = path.join(dir, 'browser-args.txt');
    const fakeBrowser = path.join(dir, 'fake-chromium');
    // Records its arguments like /proc/<pid>/cmdline would show them, then stays up as a browser does.
    await writeFile(
      fakeBrowser,
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${argsFile}.tmp" && mv "${argsFile}.tmp" "${argsFile}"\nexec sleep 30\n`,
      {
        mode: 0o755,
      },
    );
    const dataDir = path.join(dir, 'data');
    const child = spawn(process.execPath, [entry], {
      env: { ...process.env, OKNO_DATA_DIR: dataDir, OKNO_BROWSER: fakeBrowser, DISPLAY: ':97', WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      const deadline = Date.now() + 30_000;
      while (!existsSync(argsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const args = (await readFile(argsFile, 'utf8')).trim().split('\n');
      const app = args.find((arg) => arg.startsWith('--app='))?.slice('--app='.length) ?? '';
      expect(app).toMatch(/^file:\/\/.*\/browser-boot\.html$/);
      const bootFile = fileURLToPath(app);
      expect((await stat(bootFile)).mode & 0o777).toBe(0o600);
      const bootstrap =
        /url=(http:\/\/127\.0\.0\.1:\d+\/boot\/[\w-]+)/.exec(await readFile(bootFile, 'utf8'))?.[1] ?? '';
      const nonce = bootstrap.split('/boot/')[1] ?? '';
      expect(nonce.length).toBeGreaterThanOrEqual(32);
      expect(args.join(' ')).not.toContain(nonce);
      expect(args.join(' ')).not.toMatch(/token/i);
      // Nor on stdout, which ends up in the journal.
      expect(stdout).not.toContain(nonce);
      // The address in the file is live once: the (fake) browser did not use it, so we can.
      expect((await fetch(bootstrap, { redirect: 'manual' })).status).toBe(303);
      expect((await fetch(bootstrap, { redirect: 'manual' })).status).toBe(410);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 45_000);
});
