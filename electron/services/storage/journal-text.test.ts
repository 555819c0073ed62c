import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournalText } from './journal-text';

describe('readJournalText', () => {
  async function journalWith(content: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-journal-'));
    const file = path.join(dir, 'journal.jsonl');
    await writeFile(file, content);
    return file;
  }

  it('reads whole lines and says nothing torn when the last line is whole', async () => {
    const file = await journalWith('{"a":1}\n{"a":2}\n');
    const torn: number[] = [];
    expect(await readJournalText(file, { repair: true, onTorn: (bytes) => torn.push(bytes) })).toBe(
      '{"a":1}\n{"a":2}\n',
    );
    expect(torn).toEqual([]);
  });

  it('leaves out a torn last line, and cuts it off the file only when asked to repair', async () => {
    const file = await journalWith('{"a":1}\n{"a":');
    const torn: number[] = [];
    const onTorn = (bytes: number) => torn.push(bytes);
    expect(await readJournalText(file, { repair: false, onTorn })).toBe('{"a":1}\n');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"a":');
    expect(await readJournalText(file, { repair: true, onTorn })).toBe('{"a":1}\n');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(torn).toEqual([5, 5]);
  });

  it('rejects a missing file as readFile does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-journal-'));
    await expect(
      readJournalText(path.join(dir, 'absent.jsonl'), { repair: true, onTorn: () => undefined }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
