import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRepository, type TestRepository } from './content-test-support';
import { createOnlineResigner } from './online-resigner';
import { RepositoryBusyError, repositoryFileLock } from './repository-lock';
import { currentVersions } from './tuf-roles';

describe('the repository lock file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'okno-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the write holding the lock and releases it, also when the write throws', async () => {
    const lock = repositoryFileLock(dir);
    expect(await lock.run(async () => existsSync(join(dir, '.lock')))).toBe(true);
    expect(existsSync(join(dir, '.lock'))).toBe(false);
    await expect(
      lock.run(async () => {
        throw new Error('signing failed');
      }),
    ).rejects.toThrow('signing failed');
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('refuses while a live process holds it, and takes over one left by a dead process', async () => {
    const lock = repositoryFileLock(dir);
    writeFileSync(join(dir, '.lock'), String(process.pid));
    await expect(lock.run(async () => 1)).rejects.toThrow(RepositoryBusyError);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, '.lock'), dead);
    expect(await lock.run(async () => 'taken over')).toBe('taken over');
  });

  it('makes the hub’s timer skip a tick while a publish holds the lock', async () => {
    const start = Date.UTC(2027, 0, 10);
    const t: TestRepository = createTestRepository(start);
    try {
      const tick = createOnlineResigner(t, { info: () => {}, warn: () => {} });
      writeFileSync(join(t.repo.dir, '.lock'), String(process.pid));
      await tick(start + 13 * 3_600_000);
      expect(currentVersions(t.repo).timestamp).toBe(1);
      rmSync(join(t.repo.dir, '.lock'));
      await tick(start + 13 * 3_600_000);
      expect(currentVersions(t.repo).timestamp).toBe(2);
    } finally {
      t.remove();
    }
  });
});
