import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentStore } from '../services/content/content-store';
import { screensRelease, showRelease, tempDataDir } from '../services/content/content-test-support';
import { currentContentFile } from '../services/content/content-view';
import { APP_SCHEME_PRIVILEGES, APP_URL, handleAppRequest } from './app-scheme';
import { isAllowedNavigation, isAllowedRequest, KIOSK_CONTENT_SECURITY_POLICY } from './lockdown';
import type { ShellLogger } from './shell-logger';

const silent: ShellLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** A built renderer's folder, a store with a current release, and the handler over both. */
async function scheme() {
  const rendererDir = await mkdtemp(path.join(tmpdir(), 'okno-app-scheme-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Окно</title>');
  await mkdir(path.join(rendererDir, 'assets'));
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {}');
  await writeFile(path.join(tmpdir(), 'okno-outside.js'), 'secret()');
  const store = await ContentStore.open({ dataDir: await tempDataDir() });
  const release = screensRelease('rel-1', 1);
  await showRelease(store, release);
  const webm = release.manifest.files.find((f) => f.path === 'attract/2.webm');
  const webmBytes = webm === undefined ? undefined : release.blobs.get(webm.sha256);
  if (webm === undefined || webmBytes === undefined) throw new Error('the release lacks its video');
  const fetchApp = (url: string, init?: RequestInit) =>
    handleAppRequest(new Request(url, init), {
      rendererDir,
      contentFile: (sha256) => currentContentFile(store, sha256),
      logger: silent,
    });
  return { fetchApp, store, webm, webmBytes };
}

describe('the app: scheme', () => {
  it('is a standard, secure, streaming scheme that bypasses nothing', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    });
  });

  it("serves the renderer's files under the kiosk's policy, / as index.html, and nothing outside its folder", async () => {
    const { fetchApp } = await scheme();
    const page = await fetchApp(APP_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(KIOSK_CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('Окно');
    expect(await (await fetchApp('app://kiosk/')).text()).toContain('Окно');
    const script = await fetchApp('app://kiosk/assets/app.js');
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await fetchApp('app://kiosk/assets/app.js', { method: 'HEAD' })).body).toBeNull();

    for (const [url, status] of [
      ['app://kiosk/missing.js', 404],
      // The URL parser folds dot segments first: /okno-outside.js inside the folder, missing there.
      ['app://kiosk/%2e%2e/okno-outside.js', 404],
      ['app://kiosk/..%2fokno-outside.js', 400],
      ['app://other/index.html', 404],
      [`app://kiosk/content/${'f'.repeat(64)}`, 404],
    ] as const) {
      expect((await fetchApp(url)).status, url).toBe(status);
    }
    expect((await fetchApp(APP_URL, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it("serves the current release's files at /content/<sha256>, with Range as a <video> asks", async () => {
    const { fetchApp, webm, webmBytes } = await scheme();
    const url = `app://kiosk/content/${webm.sha256}`;
    const whole = await fetchApp(url);
    expect([whole.status, whole.headers.get('content-type'), whole.headers.get('accept-ranges')]).toEqual([
      200,
      'video/webm',
      'bytes',
    ]);
    expect(Buffer.from(await whole.arrayBuffer()).equals(webmBytes)).toBe(true);

    const size = webmBytes.length;
    const part = await fetchApp(url, { headers: { range: 'bytes=4-11' } });
    expect([part.status, part.headers.get('content-range'), part.headers.get('content-length')]).toEqual([
      206,
      `bytes 4-11/${size}`,
      '8',
    ]);
    expect(part.headers.get('content-security-policy')).toBe(KIOSK_CONTENT_SECURITY_POLICY);
    expect(Buffer.from(await part.arrayBuffer()).equals(webmBytes.subarray(4, 12))).toBe(true);
    const tail = await fetchApp(url, { headers: { range: 'bytes=-3' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(webmBytes.subarray(size - 3))).toBe(true);
    const past = await fetchApp(url, { headers: { range: `bytes=${size}-` } });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${size}`]);
  });

  it('lets the kiosk window request and show only its own origin', () => {
    expect(isAllowedRequest(`app://kiosk/content/${'a'.repeat(64)}`, APP_URL, false)).toBe(true);
    expect(isAllowedNavigation('app://kiosk/index.html#/status', APP_URL)).toBe(true);
    for (const url of ['app://other/index.html', 'app://user@kiosk/x', 'file:///etc/passwd', 'https://kiosk/']) {
      expect(isAllowedRequest(url, APP_URL, false), url).toBe(false);
    }
    expect(isAllowedNavigation(`app://kiosk/content/${'a'.repeat(64)}`, APP_URL)).toBe(false);
  });
});
