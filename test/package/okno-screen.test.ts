import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';

/** build/linux/okno-screen (the after-hours timers' program) against a made-up sysfs. */
const script = path.join(findAppRoot().dir, 'build/linux/okno-screen');

describe('okno-screen: the screen off after hours, on before opening', () => {
  let sysfs: string;
  const panel = () => path.join(sysfs, 'class/backlight/intel_backlight/bl_power');
  // No ddcutil on PATH: the backlight is the only way here.
  const screen = (...args: string[]) =>
    spawnSync('sh', [script, ...args], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', OKNO_SYSFS: sysfs } });

  beforeEach(() => {
    sysfs = mkdtempSync(path.join(os.tmpdir(), 'okno-sysfs-'));
    mkdirSync(path.dirname(panel()), { recursive: true });
    writeFileSync(panel(), '0\n');
  });
  afterEach(() => rmSync(sysfs, { recursive: true, force: true }));

  it('powers the backlight down, then up again', () => {
    expect(screen('off').status).toBe(0);
    expect(readFileSync(panel(), 'utf8').trim()).toBe('4');
    expect(screen('on').status).toBe(0);
    expect(readFileSync(panel(), 'utf8').trim()).toBe('0');
  });

  it('says so, and fails nothing, where there is nothing to switch', () => {
    rmSync(path.join(sysfs, 'class'), { recursive: true });
    const result = screen('off');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('no backlight');
  });

  it('refuses an unknown word', () => {
    const result = screen('dim');
    expect(result.status).toBe(2);
    expect(readFileSync(panel(), 'utf8').trim()).toBe('0');
  });
});
