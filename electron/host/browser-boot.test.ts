import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test/support/chromium';
import { createCallDispatcher } from '../services/api/call-dispatcher';
import { fixedHandlers, TEST_KIOSK_INFO } from '../services/api/fixed-handlers';
import type { KioskCore } from '../services/kiosk-core';
import { memoryLogger } from '../services/test-support';
import { writeBootPage } from './browser-boot';
import { kioskBrowserArgs } from './find-browser';
import { type BrowserHost, startBrowserHost } from './host-server';

let host: BrowserHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

function fakeCore(): KioskCore {
  const { log } = memoryLogger();
  return {
    info: TEST_KIOSK_INFO,
    dispatch: createCallDispatcher(fixedHandlers(), log),
    acceptScan: () => {},
    onEvent: () => () => {},
    close: async () => {},
  };
}

describe('handing the session to the kiosk browser', () => {
  it('puts no secret on the browser command line: only a 0600 file that forwards to the one-time address', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-boot-'));
    const rendererDir = path.join(dir, 'renderer');
    await mkdir(rendererDir);
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Окно</title><p id="home">home</p>');
    host = await startBrowserHost({ core: fakeCore(), rendererDir, port: 0, log: memoryLogger().log });
    const nonce = host.url.split('/boot/')[1] ?? '';
    expect(nonce.length).toBeGreaterThanOrEqual(32);

    const boot = await writeBootPage(dir, host.url);
    const args = kioskBrowserArgs(boot.fileUrl, path.join(dir, 'profile'), { kiosk: true, runAsRoot: false });
    expect(args.join(' ')).not.toContain(nonce);
    expect(args).toContain(`--app=${boot.fileUrl}`);
    const file = fileURLToPath(boot.fileUrl);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain(host.url);

    // Real Chromium follows the file to the bootstrap address, gets the cookie and lands on the page.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(boot.fileUrl);
      await page.waitForURL(`${host.origin}/`);
      await expect(host.claimed).resolves.toBeUndefined();
      const cookies = await page.context().cookies(host.origin);
      expect(cookies).toEqual([expect.objectContaining({ name: 'okno_session', httpOnly: true, sameSite: 'Strict' })]);
      // The page's scripts cannot read the secret.
      expect(
        await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie),
      ).toBe('');
    } finally {
      await browser.close();
    }
    // Whoever comes next with the address is refused.
    expect((await fetch(host.url, { redirect: 'manual' })).status).toBe(410);
    await boot.remove();
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });
});
