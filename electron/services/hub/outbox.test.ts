import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../test-support';
import { Outbox } from './outbox';

async function dir() {
  return mkdtemp(path.join(tmpdir(), 'okno-outbox-'));
}

function open(folder: string, segmentMaxItems?: number) {
  return Outbox.open({
    dir: folder,
    log: memoryLogger().log,
    ...(segmentMaxItems === undefined ? {} : { segmentMaxItems }),
  });
}

const seqs = (outbox: Outbox) => outbox.peek(1000).map((i) => i.payload.seq);

describe('Outbox', () => {
  it('keeps items across a reopen, in order, with ids and timestamps', async () => {
    const folder = await dir();
    const first = await open(folder);
    const items = [];
    for (let seq = 0; seq < 5; seq++) items.push(await first.enqueue('test.item', { seq }));
    const reopened = await open(folder);
    expect(reopened.peek(10)).toEqual(items);
    expect(new Set(items.map((i) => i.id)).size).toBe(5);
  });

  it('moves the cursor durably: acknowledged items are not pending after a reopen', async () => {
    const folder = await dir();
    const outbox = await open(folder);
    for (let seq = 0; seq < 5; seq++) await outbox.enqueue('test.item', { seq });
    await outbox.acknowledge(3);
    expect(seqs(outbox)).toEqual([3, 4]);
    expect(seqs(await open(folder))).toEqual([3, 4]);
    await outbox.acknowledge(2);
    const reopened = await open(folder);
    expect(reopened.pendingCount).toBe(0);
    await reopened.enqueue('test.item', { seq: 5 });
    expect(seqs(await open(folder))).toEqual([5]);
  });

  it('cuts off a tail torn by a power cut, so the next item starts on a clean line', async () => {
    const folder = await dir();
    const outbox = await open(folder);
    await outbox.enqueue('test.item', { seq: 0 });
    const [segment] = (await readdir(folder)).filter((f) => f.startsWith('journal-'));
    await appendFile(path.join(folder, segment ?? ''), '{"id":"0b7f2c36-7d1e-4d7a-9a52-0b9a2f5e1c11","kind":"te');
    const reopened = await open(folder);
    expect(seqs(reopened)).toEqual([0]);
    await reopened.enqueue('test.item', { seq: 1 });
    expect(seqs(await open(folder))).toEqual([0, 1]);
    const text = await readFile(path.join(folder, segment ?? ''), 'utf8');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).payload.seq),
    ).toEqual([0, 1]);
  });

  it('skips an unreadable line without losing those after it', async () => {
    const folder = await dir();
    const outbox = await open(folder);
    await outbox.enqueue('test.item', { seq: 0 });
    const [segment] = (await readdir(folder)).filter((f) => f.startsWith('journal-'));
    await appendFile(path.join(folder, segment ?? ''), 'garbage\n');
    const again = await open(folder);
    await again.enqueue('test.item', { seq: 2 });
    const reopened = await open(folder);
    expect(seqs(reopened)).toEqual([0, 2]);
    // The cursor counts lines, the garbage one included: acknowledging keeps positions right.
    await reopened.acknowledge(1);
    expect(seqs(await open(folder))).toEqual([2]);
  });

  it('rolls over to new segments and deletes those fully delivered', async () => {
    const folder = await dir();
    const outbox = await open(folder, 3);
    for (let seq = 0; seq < 8; seq++) await outbox.enqueue('test.item', { seq });
    const journals = async () => (await readdir(folder)).filter((f) => f.startsWith('journal-')).sort();
    expect(await journals()).toEqual(['journal-00000001.jsonl', 'journal-00000002.jsonl', 'journal-00000003.jsonl']);
    await outbox.acknowledge(4);
    expect(await journals()).toEqual(['journal-00000002.jsonl', 'journal-00000003.jsonl']);
    expect(seqs(await open(folder, 3))).toEqual([4, 5, 6, 7]);
    await outbox.acknowledge(4);
    const reopened = await open(folder, 3);
    expect(reopened.pendingCount).toBe(0);
    await reopened.enqueue('test.item', { seq: 8 });
    expect(seqs(await open(folder, 3))).toEqual([8]);
  });

  it('re-sends everything rather than lose anything when the cursor is unreadable', async () => {
    const folder = await dir();
    const outbox = await open(folder);
    for (let seq = 0; seq < 3; seq++) await outbox.enqueue('test.item', { seq });
    await outbox.acknowledge(2);
    await writeFile(path.join(folder, 'cursor.json'), 'not json');
    expect(seqs(await open(folder))).toEqual([0, 1, 2]);
  });

  it('refuses items outside the contract or too large (a producer bug)', async () => {
    const outbox = await open(await dir());
    await expect(outbox.enqueue('', {})).rejects.toThrow();
    await expect(outbox.enqueue('big', { blob: 'x'.repeat(10_000) })).rejects.toThrow(/larger than/);
    expect(outbox.pendingCount).toBe(0);
  });
});
