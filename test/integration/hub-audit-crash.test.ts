import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCrashChild, runCrashChild } from '../support/crash-child';

/**
 * The lookup log's background writer through kill -9 of the hub process: a round of lookup-log
 * entries the store said was written, and every outbox item it acknowledged, are in the database
 * after the crash; only entries still in the buffer (the documented window) may be missing.
 */
describe('lookup log and outbox through kill -9 of the hub process', () => {
  let entry: string;
  let dir: string;

  beforeAll(async () => {
    entry = await bundleCrashChild('hub-audit-crash-child');
    dir = await mkdtemp(path.join(tmpdir(), 'okno-audit-crash-'));
  });

  afterAll(async () => {
    if (entry) await rm(entry, { force: true });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every flushed round of the log and every acknowledged outbox item', async () => {
    const file = path.join(dir, 'hub.sqlite');
    const { stdout, signal } = await runCrashChild(entry, [file], {
      watch: (child) => {
        let lines = 0;
        child.stdout?.on('data', (chunk) => {
          lines += String(chunk).split('\n').length - 1;
          // Killed in the middle of its work, some rounds in.
          if (lines >= 40) child.kill('SIGKILL');
        });
        return () => undefined;
      },
    });
    expect(signal).toBe('SIGKILL');
    const lines = stdout.split('\n').slice(0, -1);
    const rounds = lines.filter((line) => line.startsWith('audit ')).map((line) => Number(line.slice(6)));
    const items = lines.filter((line) => line.startsWith('outbox ')).map((line) => line.slice(7));
    expect(rounds.length).toBeGreaterThanOrEqual(20);

    const db = new Database(file, { readonly: true });
    try {
      const logged = new Set(
        (db.prepare('SELECT masked_number FROM lookup_log').all() as { masked_number: string }[]).map(
          (row) => row.masked_number,
        ),
      );
      for (const round of rounds) {
        for (let n = 0; n < 20; n++) expect(logged.has(`r${round}-${n}`)).toBe(true);
      }
      const stored = new Set(
        (db.prepare('SELECT item_id FROM outbox_items').all() as { item_id: string }[]).map((row) => row.item_id),
      );
      for (const item of items) expect(stored.has(item)).toBe(true);
    } finally {
      db.close();
    }
  });
});
