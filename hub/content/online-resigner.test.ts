import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentRepository } from './content-repository';
import { createOnlineResigner } from './online-resigner';
import { repositoryFileLock } from './repository-lock';
import { generateSigningKey } from './signing-keys';
import { currentVersions, initRepository } from './tuf-roles';

const HOUR = 3_600_000;

describe('the hub’s content re-signing timer', () => {
  it('does nothing before init, re-signs the timestamp past half its life, and warns at most once an hour', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okno-resigner-'));
    try {
      const repo = new ContentRepository(join(dir, 'repo'));
      const online = { snapshot: generateSigningKey(), timestamp: generateSigningKey() };
      const entries: string[] = [];
      const log = {
        info: (_: object, m: string) => entries.push(`info ${m}`),
        warn: (f: object, m: string) => entries.push(`warn ${m} ${JSON.stringify(f)}`),
      };
      const tick = createOnlineResigner({ repo, online, writeLock: repositoryFileLock(repo.dir) }, log);
      const start = Date.UTC(2027, 0, 10);
      await tick(start);
      expect(entries).toEqual([]);

      initRepository(repo, {
        rootKeys: [generateSigningKey()],
        rootThreshold: 1,
        publisherKey: generateSigningKey(),
        online,
        now: start,
      });
      await tick(start + HOUR);
      expect(currentVersions(repo).timestamp).toBe(1);
      await tick(start + 13 * HOUR);
      expect(currentVersions(repo).timestamp).toBe(2);
      expect(entries).toEqual(['info content metadata re-signed']);

      // Late in the year, the root and targets (offline keys) need someone: warned, then quiet for an hour.
      entries.length = 0;
      const late = start + 340 * 24 * HOUR;
      await tick(late);
      await tick(late + 60_000);
      expect(entries.filter((e) => e.startsWith('warn')).map((e) => e.split(' ')[3])).toEqual(['root', 'targets']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
