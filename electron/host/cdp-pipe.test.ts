import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../../test/support/chromium';
import { CdpPipe, captureKioskPage } from './cdp-pipe';

/**
 * The browser host's screen capture: real Chromium started as the host starts it, with
 * `--remote-debugging-pipe`, captured over the pipe (no debugging port opened).
 */
describe('CdpPipe', () => {
  it('captures the page Chromium shows as a JPEG, over the pipe only', async () => {
    const profile = await mkdtemp(path.join(tmpdir(), 'okno-cdp-'));
    const page =
      'data:text/html;charset=utf-8,<body style="background:%230b4aa2;color:white;font-size:80px">Терминал</body>';
    const browser = spawn(
      CHROMIUM_PATH,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        '--window-size=540,960',
        page,
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    try {
      const cdp = new CdpPipe(browser.stdio[3] as Writable, browser.stdio[4] as Readable);
      // The page may still be loading when the browser first answers: ask until it shows.
      let jpeg: Buffer = Buffer.alloc(0);
      for (let attempt = 0; attempt < 20 && jpeg.length === 0; attempt += 1) {
        jpeg = await captureKioskPage(cdp).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 250));
          return Buffer.alloc(0);
        });
      }
      expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      expect(jpeg.length).toBeGreaterThan(1000);
      await expect(cdp.send('No.suchMethod')).rejects.toThrow(/wasn't found/);
    } finally {
      browser.kill();
      await new Promise((resolve) => browser.once('exit', resolve));
      await rm(profile, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('CdpPipe events', () => {
  it("hands each event to its method's listeners until they unsubscribe, and answers to their calls", async () => {
    const toBrowser = new PassThrough();
    const fromBrowser = new PassThrough();
    const cdp = new CdpPipe(toBrowser, fromBrowser);
    const destroyed: unknown[] = [];
    const stop = cdp.on('Target.targetDestroyed', (params) => destroyed.push(params.targetId));
    const answer = cdp.send('Target.setDiscoverTargets', { discover: true });
    fromBrowser.write(
      '{"method":"Target.targetDestroyed","params":{"targetId":"A"}}\0{"method":"Target.targetCreated","params":{}}\0{"id":1,"result":{}}\0',
    );
    await expect(answer).resolves.toEqual({});
    stop();
    fromBrowser.write('{"method":"Target.targetDestroyed","params":{"targetId":"B"}}\0');
    await new Promise((resolve) => setImmediate(resolve));
    expect(destroyed).toEqual(['A']);
  });
});
