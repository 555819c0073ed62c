import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonLinesJournal, type ReadJsonLinesOptions } from './json-lines-journal';

const Entry = z.object({ a: z.number() }).strict();
const journal = new JsonLinesJournal(Entry);

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'okno-journal-'));
  return path.join(dir, 'journal.jsonl');
}

async function journalWith(content: string): Promise<string> {
  const file = await tempFile();
  await writeFile(file, content);
  return file;
}

/** Read options that record what the reader reported. */
function recording(repair: boolean) {
  const torn: number[] = [];
  const unreadable: number[] = [];
  const options: ReadJsonLinesOptions = {
    repair,
    onTorn: (bytes) => torn.push(bytes),
    onUnreadable: (line) => unreadable.push(line),
  };
  return { options, torn, unreadable };
}

describe('JsonLinesJournal', () => {
  it('appends one JSON line per record and reads them back in order, with their line indexes', async () => {
    const file = await tempFile();
    await journal.append(file, { a: 1 });
    await journal.appendAll(file, [{ a: 2 }, { a: 3 }]);
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
    const { options, torn, unreadable } = recording(true);
    expect(await journal.read(file, options)).toEqual({
      records: [
        { line: 0, record: { a: 1 } },
        { line: 1, record: { a: 2 } },
        { line: 2, record: { a: 3 } },
      ],
      lineCount: 3,
    });
    expect(torn).toEqual([]);
    expect(unreadable).toEqual([]);
  });

  it('leaves out a torn last line, and cuts it off the file only when asked to repair', async () => {
    const file = await journalWith('{"a":1}\n{"a":');
    const { options: look, torn } = recording(false);
    expect((await journal.read(file, look)).records).toEqual([{ line: 0, record: { a: 1 } }]);
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"a":');
    expect(torn).toEqual([5]);

    const { options: repair } = recording(true);
    expect(await journal.read(file, repair)).toEqual({ records: [{ line: 0, record: { a: 1 } }], lineCount: 1 });
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    await journal.append(file, { a: 2 });
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  });

  it('skips and reports lines that are not JSON or not of the schema, and counts them as lines', async () => {
    const file = await journalWith('{"a":1}\nnot json\n{"a":"two"}\n{"a":4}\n');
    const { options, unreadable } = recording(true);
    expect(await journal.read(file, options)).toEqual({
      records: [
        { line: 0, record: { a: 1 } },
        { line: 3, record: { a: 4 } },
      ],
      lineCount: 4,
    });
    expect(unreadable).toEqual([1, 2]);
  });

  it('reads a missing file as empty', async () => {
    const { options } = recording(true);
    expect(await journal.read(path.join(await tempFile(), '..', 'absent.jsonl'), options)).toEqual({
      records: [],
      lineCount: 0,
    });
  });
});
