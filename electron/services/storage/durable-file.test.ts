import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLineDurably, writeFileDurably } from './durable-file';

describe('durable files', () => {
  it('replaces content and leaves no temp files behind', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-durable-'));
    const file = path.join(dir, 'state.json');
    await writeFileDurably(file, 'one');
    await writeFileDurably(file, 'two');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('writes files 0600 by default, replacing a world-readable one, or exactly the mode asked', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-durable-'));
    const file = path.join(dir, 'secret.json');
    await writeFile(file, 'old');
    await chmod(file, 0o644);
    await writeFileDurably(file, 'new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const shared = path.join(dir, 'shared.txt');
    await writeFileDurably(shared, 'x', { mode: 0o640 });
    expect((await stat(shared)).mode & 0o777).toBe(0o640);
  });

  it('appends whole lines and refuses embedded newlines', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-durable-'));
    const file = path.join(dir, 'journal.jsonl');
    await appendLineDurably(file, '{"a":1}');
    await appendLineDurably(file, '{"a":2}');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    await expect(appendLineDurably(file, 'x\ny')).rejects.toThrow(/newline/);
  });
});
