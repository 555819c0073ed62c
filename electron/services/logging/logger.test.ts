import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../test-support';
import { openLogger } from './logger';

describe('logger', () => {
  it('redacts what a visitor typed or scanned wherever a service passes it by mistake', () => {
    const memory = memoryLogger();
    memory.log.info({ input: { number: 'КУВД-001/2021-3670443' }, call: 'x' }, 'a call');
    memory.log.warn({ scan: { text: '18810177200001234567' } }, 'a scan');
    memory.log.info({ pin: '1234', token: 'tok-7f3a9' }, 'secrets');
    const text = memory.text();
    expect(text).not.toContain('3670443');
    expect(text).not.toContain('18810177200001234567');
    expect(text).not.toContain('1234');
    expect(text).not.toContain('tok-7f3a9');
    expect(memory.lines()[0]).toMatchObject({ call: 'x', input: '[redacted]' });
  });

  it('rotates the log file by size and keeps at most the configured number of files', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'okno-log-'));
    const logs = path.join(dataDir, 'logs');
    // A log from before rotation: it must be counted (and removed) with the numbered files.
    await mkdir(logs, { recursive: true });
    await writeFile(path.join(logs, 'okno.log'), `${'x'.repeat(100)}\n`);
    const maxBytes = 4096;
    const log = await openLogger({ dataDir, rotation: { maxBytes, files: 3 } });
    const filler = 'a'.repeat(150);
    for (let i = 0; i < 400; i += 1) {
      log.info({ i, filler }, 'a line');
      // Lines come one by one on a kiosk: the rotation happens between them.
      await nextTurn();
    }
    await vi.waitFor(async () => expect((await readdir(logs)).length).toBeLessThanOrEqual(3));
    const files = (await readdir(logs)).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(files.every((name) => /^okno\.\d+\.log$/.test(name))).toBe(true);
    expect(files).not.toContain('okno.0.log');
    // About 60 KB were written: far more than 3 files of 4 KB hold, so it did rotate.
    expect(Number(files.at(-1)?.split('.')[1])).toBeGreaterThan(10);
    for (const name of files) expect((await stat(path.join(logs, name))).size).toBeLessThanOrEqual(maxBytes + 300);
    // Written synchronously: the last line is in the newest file at once, whole.
    const newest = (await readFile(path.join(logs, files.at(-1) as string), 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(newest.at(-1) as string)).toMatchObject({ i: 399, msg: 'a line' });
  });
});
