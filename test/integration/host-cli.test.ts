import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { writeDefaultConfig } from '../support/core-under-test';

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

/** A port free on 127.0.0.1 a moment ago (the OS picks it; nothing else asks for it meanwhile). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
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
    expect(stdout).toMatch(/^Okno: browser host \(no Electron binary\), open http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
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
