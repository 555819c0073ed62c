import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLogger } from '../../electron/services/logging/logger';
import { writeDefaultConfig } from '../support/core-under-test';
import { bundleCrashChild } from '../support/crash-child';
import { type HubUnderTest, startHubUnderTest } from '../support/kiosk-under-test';

/** How long the child may take to fail and end once nothing keeps it alive. */
const EXIT_WITHIN_MS = 12_000;

/** How the child ended, or that it was still running (and was killed) after `EXIT_WITHIN_MS`. */
interface ChildEnd {
  stdout: string;
  stderr: string;
  endedByItself: boolean;
  code: number | null;
}

function runUntilExit(entry: string, args: string[]): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    // Still alive: something it started holds its event loop (its socat dies with it: pdeathsig).
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, EXIT_WITHIN_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, endedByItself: !killed, code });
    });
  });
}

describe('a start-up that fails midway', () => {
  let entry: string;
  let dataDir: string;
  let hub: HubUnderTest;

  beforeAll(async () => {
    entry = await bundleCrashChild('startup-failure-child');
    dataDir = await mkdtemp(path.join(tmpdir(), 'okno-startup-'));
    hub = await startHubUnderTest(dataDir, await openLogger({ dataDir }));
  });

  afterAll(async () => {
    await hub?.stop();
    if (entry) await rm(entry, { force: true });
  });

  it('stops what it had started (devices and their socat, hub link, timers) and rethrows', async () => {
    const configPath = await writeDefaultConfig(dataDir, (config) => {
      config.hub = { kind: 'embedded' };
    });
    // The payment journal's folder is taken by a file: the payment service, started after the
    // hub link, the four simulated devices and the setup store, cannot open.
    await writeFile(path.join(dataDir, 'payments'), 'not a folder\n');

    const end = await runUntilExit(entry, [configPath, hub.url, hub.provisioningToken]);

    expect(end.stdout, end.stderr).toMatch(/^failed .*payments/mu);
    expect(end.stdout).toContain('children []');
    expect(end.endedByItself, 'the process was still running: something it started was not stopped').toBe(true);
    expect(end.code).toBe(0);
    const logs = path.join(dataDir, 'logs');
    const log = (await Promise.all((await readdir(logs)).map((file) => readFile(path.join(logs, file), 'utf8')))).join(
      '',
    );
    expect(log).toContain('kiosk start failed');
  });
});
