import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatOfflineNumber, offlineSeries, parseOfflineNumber, TicketCounter } from './ticket-counter';

async function counterFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'okno-counter-')), 'counter.json');
}

describe('TicketCounter', () => {
  it('counts per series and survives a restart', async () => {
    const file = await counterFile();
    const first = new TicketCounter(file);
    expect(await first.next('А-К1', '2026-11-23', 99)).toBe(1);
    expect(await first.next('А-К1', '2026-11-23', 99)).toBe(2);
    expect(await first.next('Б-К1', '2026-11-23', 99)).toBe(1);
    const restarted = new TicketCounter(file);
    expect(await restarted.next('А-К1', '2026-11-23', 99)).toBe(3);
  });

  it('starts again at 1 on a new office day', async () => {
    const file = await counterFile();
    const counter = new TicketCounter(file);
    await counter.next('А-К1', '2026-11-23', 99);
    expect(await counter.next('А-К1', '2026-11-24', 99)).toBe(1);
    // The kiosk's sequence of the day restarts with it.
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ date: '2026-11-24', last: { 'А-К1': 1 }, sequence: 1 });
  });

  it('counts the kiosk sequence across series in the same write, and moves it past a journaled one', async () => {
    const file = await counterFile();
    const counter = new TicketCounter(file);
    expect(await counter.reserve('А-К1', '2026-11-23', 99)).toEqual({ value: 1, sequence: 1 });
    expect(await counter.reserve('Б-К1', '2026-11-23', 99)).toEqual({ value: 1, sequence: 2 });
    await counter.ensureSequencePast('2026-11-23', 7);
    await counter.ensureSequencePast('2026-11-23', 3);
    const restarted = new TicketCounter(file);
    expect(await restarted.reserve('А-К1', '2026-11-23', 99)).toEqual({ value: 2, sequence: 8 });
  });

  it('stops at the limit without writing, and keeps refusing', async () => {
    const file = await counterFile();
    const counter = new TicketCounter(file);
    expect(await counter.next('Б-К2', '2026-11-23', 2)).toBe(1);
    expect(await counter.next('Б-К2', '2026-11-23', 2)).toBe(2);
    expect(await counter.next('Б-К2', '2026-11-23', 2)).toBeUndefined();
    expect(await new TicketCounter(file).next('Б-К2', '2026-11-23', 2)).toBeUndefined();
    expect(JSON.parse(await readFile(file, 'utf8')).last['Б-К2']).toBe(2);
  });

  it('moves past a number found in a journal, never back, and never turns today back to yesterday', async () => {
    const file = await counterFile();
    const counter = new TicketCounter(file);
    await counter.next('Б-К1', '2026-11-23', 99);
    await counter.ensurePast('Б-К1', '2026-11-23', 7);
    expect(await counter.next('Б-К1', '2026-11-23', 99)).toBe(8);
    await counter.ensurePast('Б-К1', '2026-11-23', 3);
    expect(await counter.next('Б-К1', '2026-11-23', 99)).toBe(9);
    await counter.ensurePast('Б-К1', '2026-11-22', 50);
    const restarted = new TicketCounter(file);
    await restarted.ensurePast('Б-К1', '2026-11-22', 50);
    expect(await restarted.next('Б-К1', '2026-11-23', 99)).toBe(10);
  });

  it('refuses to guess when the file is corrupt', async () => {
    const file = await counterFile();
    await writeFile(file, '{"date": "2026-11-23", "last": {"А": "x"');
    await expect(new TicketCounter(file).next('А-К1', '2026-11-23', 99)).rejects.toThrow(/unreadable/);
  });

  it('formats and parses offline numbers', () => {
    expect(formatOfflineNumber('Б', 'К1', 1)).toBe('Б-К1-01');
    expect(formatOfflineNumber('В', 'К12', 99)).toBe('В-К12-99');
    expect(offlineSeries('Б', 'К1')).toBe('Б-К1');
    expect(parseOfflineNumber('Б-К1-07')).toEqual({ series: 'Б-К1', value: 7 });
    expect(parseOfflineNumber('Б-007')).toBeUndefined();
  });
});
