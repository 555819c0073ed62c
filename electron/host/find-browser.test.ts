import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayServer, findBrowser, kioskBrowserArgs, parseScreenSize } from './find-browser';

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
    const args = kioskBrowserArgs('file:///data/browser-boot.html', '/data/profile', {
      kiosk: true,
      runAsRoot: false,
      display: 'x11',
    });
    expect(args).toContain('--kiosk');
    expect(args).toContain('--app=file:///data/browser-boot.html');
    expect(args).toContain('--user-data-dir=/data/profile');
    expect(args).toContain('--disable-background-networking');
    expect(args).not.toContain('--no-sandbox');
    const asRoot = kioskBrowserArgs('http://x/', '/p', { kiosk: false, runAsRoot: true, display: 'x11' });
    expect(asRoot).toContain('--no-sandbox');
    expect(asRoot).not.toContain('--kiosk');
  });

  it('starts a warm spare with the same flags and no window (under cage a second window would cover the page)', () => {
    for (const display of ['wayland', 'x11'] as const) {
      const options = { kiosk: true, runAsRoot: false, display };
      const shown = kioskBrowserArgs('http://x/', '/p', options);
      const spare = kioskBrowserArgs(undefined, '/p', options);
      expect(spare).toContain('--no-startup-window');
      expect(spare.filter((arg) => arg.startsWith('--app='))).toEqual([]);
      expect(spare.slice(0, -1)).toEqual(shown.slice(0, -1));
    }
  });
});

describe('kioskBrowserArgs: what a visitor could be stranded in', () => {
  it('turns off pinch, swipe navigation, error dialogs, crash bubbles, prompts, updates and the first run', () => {
    const args = kioskBrowserArgs('http://x/', '/p', { kiosk: true, runAsRoot: false, display: 'x11' });
    for (const flag of [
      '--disable-pinch',
      '--overscroll-history-navigation=0',
      '--noerrdialogs',
      '--hide-crash-restore-bubble',
      '--deny-permission-prompts',
      '--disable-component-update',
      '--no-first-run',
    ]) {
      expect(args).toContain(flag);
    }
    // Printing is blocked by policy: no silent printing either.
    expect(args).not.toContain('--kiosk-printing');
  });

  it('draws on Wayland where a Wayland display is named, without asking cage for full screen', () => {
    expect(displayServer({ WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' })).toBe('wayland');
    expect(displayServer({ DISPLAY: ':0' })).toBe('x11');
    const wayland = kioskBrowserArgs('http://x/', '/p', { kiosk: true, runAsRoot: false, display: 'wayland' });
    expect(wayland).toContain('--ozone-platform=wayland');
    expect(wayland).not.toContain('--kiosk');
    expect(wayland).not.toContain('--start-fullscreen');
    expect(wayland.at(-1)).toBe('--app=http://x/');
    const x11 = kioskBrowserArgs('http://x/', '/p', { kiosk: true, runAsRoot: false, display: 'x11' });
    expect(x11.some((arg) => arg.startsWith('--ozone-platform'))).toBe(false);
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
      display: 'x11',
    });
    expect(args).toContain('--window-size=1080,1920');
    expect(args).toContain('--window-position=0,0');
  });
});
