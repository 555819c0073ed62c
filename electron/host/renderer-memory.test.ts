import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parentOfStat, rendererResidentBytes, residentBytesOfStatus } from './renderer-memory';

let procDir: string | undefined;
afterEach(async () => {
  if (procDir) await rm(procDir, { recursive: true, force: true });
  procDir = undefined;
});

/** A made-up /proc: each process with its parent, command line and resident kB. */
async function fakeProc(processes: { pid: number; ppid: number; comm: string; args: string[]; rssKb: number }[]) {
  procDir = await mkdtemp(path.join(os.tmpdir(), 'okno-proc-'));
  for (const { pid, ppid, comm, args, rssKb } of processes) {
    const dir = path.join(procDir, String(pid));
    await mkdir(dir);
    await writeFile(path.join(dir, 'stat'), `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560`);
    await writeFile(path.join(dir, 'cmdline'), `${args.join('\0')}\0`);
    await writeFile(path.join(dir, 'status'), `Name:\t${comm}\nVmPeak:\t  999999 kB\nVmRSS:\t  ${rssKb} kB\n`);
  }
  await mkdir(path.join(procDir, 'self'));
  return procDir;
}

describe('rendererResidentBytes', () => {
  it("reads the largest renderer under the kiosk's browser, not another browser's nor its GPU process", async () => {
    const dir = await fakeProc([
      { pid: 100, ppid: 1, comm: 'chromium', args: ['/usr/lib/chromium/chromium', '--kiosk'], rssKb: 200_000 },
      { pid: 101, ppid: 100, comm: 'chromium', args: ['/usr/lib/chromium/chromium', '--type=zygote'], rssKb: 50_000 },
      { pid: 102, ppid: 101, comm: 'chromium', args: ['chromium', '--type=renderer', '--lang=ru'], rssKb: 310_000 },
      { pid: 103, ppid: 101, comm: 'chromium', args: ['chromium', '--type=renderer'], rssKb: 40_000 },
      { pid: 104, ppid: 100, comm: 'chromium', args: ['chromium', '--type=gpu-process'], rssKb: 900_000 },
      // Another Chromium on the machine (a test's, a technician's): not ours.
      { pid: 200, ppid: 1, comm: 'chromium', args: ['chromium'], rssKb: 1 },
      { pid: 201, ppid: 200, comm: 'chromium) S 100 (x', args: ['chromium', '--type=renderer'], rssKb: 800_000 },
    ]);
    expect(await rendererResidentBytes(100, dir)).toBe(310_000 * 1024);
  });

  it('throws when the browser has no renderer (starting, or gone)', async () => {
    const dir = await fakeProc([{ pid: 100, ppid: 1, comm: 'chromium', args: ['chromium'], rssKb: 1 }]);
    await expect(rendererResidentBytes(100, dir)).rejects.toThrow(/no renderer/);
  });

  it('reads the real /proc: this process has no renderer under it', async () => {
    await expect(rendererResidentBytes(process.pid)).rejects.toThrow(/no renderer/);
  });
});

describe('the /proc parsers', () => {
  it('find the parent after a command name holding spaces and parentheses', () => {
    expect(parentOfStat('42 (a) b (c)) R 7 42 42 0')).toBe(7);
    expect(residentBytesOfStatus('Name:\tx\nVmRSS:\t  12 kB\n')).toBe(12 * 1024);
    expect(residentBytesOfStatus('Name:\tkthreadd\n')).toBeUndefined();
  });

  it('never throw on any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parent = parentOfStat(text);
        expect(parent === undefined || (Number.isInteger(parent) && parent > 0)).toBe(true);
        const rss = residentBytesOfStatus(text);
        expect(rss === undefined || rss >= 0).toBe(true);
      }),
    );
  });
});
