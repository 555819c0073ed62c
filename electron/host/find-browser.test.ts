import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, kioskBrowserArgs, parseScreenSize } from './find-browser';

describe('findBrowser', () => {
  it('finds an executable chromium on PATH, else nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-path-'));
    expect(findBrowser({ PATH: dir })).toBeUndefined();
    const binary = path.join(dir, 'google-chrome');
    await writeFile(binary, '#!/bin/sh\n');
    expect(findBrowser({ PATH: dir })).toBeUndefined();
    await chmod(binary, 0o755);
    expect(findBrowser({ PATH: dir })).toBe(binary);
    expect(findBrowser({ PATH: dir, OKNO_BROWSER: '/opt/x/chrome' })).toBe('/opt/x/chrome');
  });
});

describe('kioskBrowserArgs', () => {
  it('opens the page full screen as an app with its own profile and no calls home', () => {
    const args = kioskBrowserArgs('file:///data/browser-boot.html', '/data/profile', { kiosk: true, runAsRoot: false });
    expect(args).toContain('--kiosk');
    expect(args).toContain('--app=file:///data/browser-boot.html');
    expect(args).toContain('--user-data-dir=/data/profile');
    expect(args).toContain('--disable-background-networking');
    expect(args).not.toContain('--no-sandbox');
    const asRoot = kioskBrowserArgs('http://x/', '/p', { kiosk: false, runAsRoot: true });
    expect(asRoot).toContain('--no-sandbox');
    expect(asRoot).not.toContain('--kiosk');
  });
});

describe('parseScreenSize', () => {
  it('reads the screen size from xdpyinfo, and nothing from other text', () => {
    expect(parseScreenSize('screen #0:\n  dimensions:    1080x1920 pixels (286x508 millimeters)\n')).toEqual({
      width: 1080,
      height: 1920,
    });
    expect(parseScreenSize('xdpyinfo:  unable to open display ":5".')).toBeUndefined();
  });

  it('sizes the kiosk window to the screen when known', () => {
    const args = kioskBrowserArgs('http://x/', '/p', {
      kiosk: true,
      runAsRoot: false,
      screenSize: { width: 1080, height: 1920 },
    });
    expect(args).toContain('--window-size=1080,1920');
    expect(args).toContain('--window-position=0,0');
  });
});
