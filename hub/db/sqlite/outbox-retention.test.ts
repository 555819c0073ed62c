import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../kiosk-config/src/hub/hub-api';
import { SqliteHubRepository } from './sqlite-hub-repository';

function item(kind = 'ticket.print_outcome'): OutboxItem {
  return { id: randomUUID(), kind, at: '2026-01-01T08:00:00.000Z', payload: { printed: 'yes' } };
}

describe('the stored outbox’s retention', () => {
  let repository: SqliteHubRepository;
  afterEach(async () => {
    await repository.close();
  });

  it('deletes items received before the cut-off, keeps each kiosk’s newest so arrival numbers go on, and still recognises a replay within the window', async () => {
    repository = SqliteHubRepository.open(':memory:');
    const [a, b, c, lone] = [item(), item(), item(), item()];
    await repository.appendOutbox('kiosk-1', [a, b], '2026-01-01T08:00:00.000Z');
    await repository.appendOutbox('kiosk-1', [c], '2026-02-20T08:00:00.000Z');
    // This kiosk's only item is old: kept, as its newest.
    await repository.appendOutbox('kiosk-2', [lone], '2026-01-01T08:00:00.000Z');

    expect(await repository.pruneOutbox('2026-02-01T00:00:00.000Z')).toBe(2);
    expect((await repository.listOutbox('kiosk-1')).map((stored) => [stored.id, stored.seq])).toEqual([[c.id, 3]]);
    expect((await repository.listOutbox('kiosk-2')).map((stored) => stored.id)).toEqual([lone.id]);

    // A replay of a kept item is still a duplicate; a new item gets the next number.
    const next = item();
    const answer = await repository.appendOutbox('kiosk-1', [c, next], '2026-02-21T08:00:00.000Z');
    expect(answer.duplicates).toEqual([c.id]);
    expect(answer.accepted).toEqual([next.id]);
    expect((await repository.listOutbox('kiosk-1')).map((stored) => stored.seq)).toEqual([3, 4]);

    // Everything older than the newest goes once it is past the window.
    expect(await repository.pruneOutbox('2026-12-31T00:00:00.000Z')).toBe(1);
    expect((await repository.listOutbox('kiosk-1')).map((stored) => stored.seq)).toEqual([4]);
  });
});
