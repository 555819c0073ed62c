import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTicketNumber, TicketCounter } from './ticket-counter';

async function counterFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'okno-counter-')), 'counter.json');
}

describe('TicketCounter', () => {
  it('counts per prefix and survives a restart', async () => {
    const file = await counterFile();
    const first = new TicketCounter(file);
    expect(await first.next('А', '2026-11-23')).toBe('А-001');
    expect(await first.next('А', '2026-11-23')).toBe('А-002');
    expect(await first.next('Б', '2026-11-23')).toBe('Б-001');
    const restarted = new TicketCounter(file);
    expect(await restarted.next('А', '2026-11-23')).toBe('А-003');
  });

  it('starts again at 001 on a new office day', async () => {
    const file = await counterFile();
    const counter = new TicketCounter(file);
    await counter.next('А', '2026-11-23');
    expect(await counter.next('А', '2026-11-24')).toBe('А-001');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ date: '2026-11-24', last: { А: 1 } });
  });

  it('refuses to guess when the file is corrupt', async () => {
    const file = await counterFile();
    await writeFile(file, '{"date": "2026-11-23", "last": {"А": "x"');
    await expect(new TicketCounter(file).next('А', '2026-11-23')).rejects.toThrow(/unreadable/);
  });

  it('never repeats past 999', () => {
    expect(formatTicketNumber('В', 7)).toBe('В-007');
    expect(formatTicketNumber('В', 1000)).toBe('В-1000');
  });
});
