import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findAppRoot } from '../../electron/services/app-root';

const run = promisify(execFile);
const root = findAppRoot().dir;

describe('package-lock.json', () => {
  // `npm start` and `npm test` run `npm install` first (scripts/setup.mjs): a lock file that npm
  // would complete (other platforms' optional packages) is rewritten, and a fresh clone shows
  // `git status` dirty. Resolving it again here, offline and without touching node_modules, must
  // give the committed bytes.
  it('is written back byte for byte by npm install, so a fresh clone stays clean', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-lock-'));
    try {
      await copyFile(path.join(root, 'package.json'), path.join(dir, 'package.json'));
      await copyFile(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'));
      await run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
        cwd: dir,
        timeout: 60_000,
      });
      const committed = await readFile(path.join(root, 'package-lock.json'), 'utf8');
      const rewritten = await readFile(path.join(dir, 'package-lock.json'), 'utf8');
      const lines = (text: string) => text.split('\n').length;
      expect(
        rewritten === committed,
        `npm install rewrites package-lock.json (${lines(committed)} → ${lines(rewritten)} lines): commit the lock it writes`,
      ).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
