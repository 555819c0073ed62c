import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';

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

describe('the browser host as a process', () => {
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
