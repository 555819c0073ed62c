import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';

/**
 * build/linux/okno-kiosk's back-off (systemd 252 restarts at a fixed pace). On this machine neither
 * /opt/Okno/okno nor /opt/okno/node exists, so the launcher's final exec fails at once: only the
 * back-off before it runs.
 */
const launcher = path.join(findAppRoot().dir, 'build/linux/okno-kiosk');

describe('okno-kiosk: the launcher backs off a crash loop', () => {
  let runtime: string;
  const state = () => path.join(runtime, 'starts');
  const launch = () =>
    spawnSync('sh', [launcher], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', RUNTIME_DIRECTORY: runtime } });
  const now = () => Math.floor(Date.now() / 1000);

  beforeEach(() => {
    expect(existsSync('/opt/okno/node/bin/node') || existsSync('/opt/Okno/okno'), 'a kiosk is installed here').toBe(
      false,
    );
    runtime = mkdtempSync(path.join(os.tmpdir(), 'okno-runtime-'));
  });
  afterEach(() => rmSync(runtime, { recursive: true, force: true }));

  it('starts at once the first time, and counts the start', () => {
    const result = launch();
    expect(result.stderr).not.toContain('waiting');
    expect(readFileSync(state(), 'utf8')).toMatch(/^0 \d+\n$/);
  });

  it('starts at once after a start long ago, counting afresh', () => {
    writeFileSync(state(), `7 ${now() - 600}\n`);
    expect(launch().stderr).not.toContain('waiting');
    expect(readFileSync(state(), 'utf8').split(' ')[0]).toBe('0');
  });

  it('lets two quick restarts through, then waits before the third', () => {
    writeFileSync(state(), `1 ${now()}\n`);
    expect(launch().stderr).not.toContain('waiting');
    expect(readFileSync(state(), 'utf8').split(' ')[0]).toBe('2');
    const third = launch();
    expect(third.stderr).toContain('start 3 within a minute of the last; waiting 2 s');
    expect(readFileSync(state(), 'utf8').split(' ')[0]).toBe('3');
  });

  it('ignores a garbled counter', () => {
    writeFileSync(state(), 'x y\n');
    expect(launch().stderr).not.toContain('waiting');
    expect(readFileSync(state(), 'utf8')).toMatch(/^0 \d+\n$/);
  });
});
