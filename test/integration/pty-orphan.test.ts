import { spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bundleCrashChild } from '../support/crash-child';

/** The live (not zombie) socat processes whose command line names this path. */
async function socatsFor(devicePath: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    if (commandLine.startsWith('socat\0') && commandLine.includes(devicePath) && !/^State:\s+Z/mu.test(status)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

const Announced = z.object({ devicePath: z.string() });

describe('socat behind a simulated device', () => {
  let entry: string;

  beforeAll(async () => {
    entry = await bundleCrashChild('pty-orphan-child');
  });

  afterAll(async () => {
    if (entry) await rm(entry, { force: true });
  });

  it('dies with the process that started it, even one killed with SIGKILL', async () => {
    const child = spawn(process.execPath, [entry], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before its PTY pair was up`)));
    });
    const { devicePath } = Announced.parse(JSON.parse(line));
    const before = await socatsFor(devicePath);
    expect(before).toHaveLength(1);

    child.kill('SIGKILL');
    await exited;
    const deadline = Date.now() + 5000;
    let left = before;
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = await socatsFor(devicePath);
    }
    // Whatever the outcome, nothing of this test outlives it.
    for (const pid of left) process.kill(pid, 'SIGTERM');
    await rm(path.dirname(devicePath), { recursive: true, force: true });
    expect(left, 'socat outlived the process that started it').toEqual([]);
  });
});
