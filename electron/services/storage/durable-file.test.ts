import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
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

  it('never leaves half a line behind when the disk fills up mid-append', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'okno-durable-'));
    const file = path.join(dir, 'journal.jsonl');
    const before = `${'{"a":1}'.padEnd(999, ' ')}\n`;
    await writeFile(file, before);
    // The real module in a child whose file-size limit (1 KiB: `ulimit -f 1`) stands for a full
    // disk: the kernel writes part of the line, then refuses the rest (Node ignores SIGXFSZ).
    const script = path.join(dir, 'append.mjs');
    await build({
      stdin: {
        contents: `import { appendLineDurably } from './durable-file';
          appendLineDurably(process.argv[2], '{"b":"${'x'.repeat(200)}"}').then(
            () => console.log('appended'),
            (error) => console.log('refused', error.code),
          );`,
        resolveDir: import.meta.dirname,
        loader: 'ts',
      },
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
    });
    const { stdout } = await promisify(execFile)('bash', [
      '-c',
      'ulimit -f 1; exec "$0" "$1" "$2"',
      process.execPath,
      script,
      file,
    ]);
    expect(stdout.trim()).toBe('refused EFBIG');
    // The journal is as it was: whole lines only, and the next append starts on a clean line.
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});
