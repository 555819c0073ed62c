import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';
import { startEmbeddedHubProcess } from '../../electron/services/hub/embedded-hub';
import { bundleCrashChild } from '../support/crash-child';

describe('the embedded hub as a child process (as the Electron shell runs it)', () => {
  it('announces its URL and token, serves, and stops when closed', async () => {
    expect(existsSync(path.join(findAppRoot().dir, 'dist', 'hub', 'embedded-hub-child.js'))).toBe(true);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-child-'));
    const hub = await startEmbeddedHubProcess({ dataDir, nodeBinary: process.execPath });
    try {
      expect(hub.override.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      expect(hub.override.provisioningToken.length).toBeGreaterThanOrEqual(16);
      const health = await fetch(`${hub.override.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await hub.close();
    }
    await expect(fetch(`${hub.override.url}/healthz`)).rejects.toThrow();
  });

  it('reports a Node binary that cannot run instead of hanging', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-child-'));
    await expect(startEmbeddedHubProcess({ dataDir, nodeBinary: '/nonexistent/node' })).rejects.toThrow(/cannot run/);
  });
});

/** GET /healthz on a connection of its own, closed after the answer. */
function healthStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(`${url}/healthz`, { agent: false, headers: { connection: 'close' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

/** Whether a process is still running (a zombie waiting for its reaper counts as gone). */
function isRunning(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .startsWith('Z');
  } catch {
    return false;
  }
}

describe('the embedded hub process when its parent dies', () => {
  it('exits when the process that started it is SIGKILLed', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'okno-hub-orphan-'));
    const script = await bundleCrashChild('embedded-hub-parent');
    const parent = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let hubPid: number | undefined;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let output = '';
        parent.stdout.on('data', (chunk) => {
          output += String(chunk);
          if (output.includes('\n')) resolve(output.split('\n')[0] ?? '');
        });
        parent.once('exit', (code) => reject(new Error(`the parent exited early (${code})`)));
      });
      const announced = JSON.parse(line) as { pid: number; url: string };
      hubPid = announced.pid;
      expect(isRunning(hubPid)).toBe(true);
      // No keep-alive: a connection left open by this test would hold the hub's shutdown grace.
      expect(await healthStatus(announced.url)).toBe(200);

      const parentGone = new Promise((resolve) => parent.once('exit', resolve));
      parent.kill('SIGKILL');
      await parentGone;
      const deadline = Date.now() + 15_000;
      while (isRunning(hubPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(isRunning(hubPid)).toBe(false);
      await expect(fetch(`${announced.url}/healthz`)).rejects.toThrow();
    } finally {
      parent.kill('SIGKILL');
      if (hubPid !== undefined && isRunning(hubPid)) process.kill(hubPid, 'SIGKILL');
      await rm(script, { force: true });
    }
  }, 30_000);
});
