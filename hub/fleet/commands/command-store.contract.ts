import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { CommandKind } from '../../../kiosk-config/src/hub/remote-commands';
import { onFreshStore, type StoreUnderContract } from '../../db/store-contract';
import type { CommandStore, NewCommand } from './command-store';

const T0 = '2026-12-07T08:00:00.000Z';
const T1 = '2026-12-07T08:05:00.000Z';
const T1_LATER = '2026-12-07T08:06:00.000Z';
const T2 = '2026-12-07T08:20:00.000Z';
const EXPIRES = '2026-12-07T08:10:00.000Z';

function command(kioskId: string, kind: CommandKind = 'printer.testPage', createdAt = T0): NewCommand {
  return {
    id: randomUUID(),
    kioskId,
    kind,
    params: kind === 'logs.upload' ? { hours: 12 } : {},
    issuer: 'Петров',
    createdAt,
    expiresAt: EXPIRES,
  };
}

/**
 * The tests every `CommandStore` passes, one body for both stores: call inside a `describe` of
 * the store's test file, with how to open a fresh store.
 */
export function commandStoreContract(open: () => Promise<StoreUnderContract<CommandStore>>): void {
  const withStore = onFreshStore(open);

  it(
    'stores a command with its audit line, lists a kiosk’s newest first, and hands out the open ones oldest first',
    withStore(async ({ store }) => {
      const first = command('k1', 'logs.upload');
      const second = command('k1', 'service.in');
      const foreign = command('k2');
      for (const c of [first, second, foreign]) await store.insert(c);
      expect(await store.find(first.id)).toEqual({
        id: first.id,
        kioskId: 'k1',
        kind: 'logs.upload',
        params: { hours: 12 },
        issuer: 'Петров',
        createdAt: T0,
        expiresAt: EXPIRES,
        state: 'pending',
      });
      expect(await store.find(randomUUID())).toBeUndefined();
      // The same creation time: the order they were stored in decides.
      expect((await store.listForKiosk('k1')).map((c) => c.id)).toEqual([second.id, first.id]);
      expect(await store.listForKiosk('k1', 1)).toHaveLength(1);

      const taken = await store.takeOpen('k1', T1, 10);
      expect(taken.map((c) => [c.id, c.state, c.deliveredAt])).toEqual([
        [first.id, 'delivered', T1],
        [second.id, 'delivered', T1],
      ]);
      // Handed out again until acknowledged, delivered once.
      expect((await store.takeOpen('k1', T1_LATER, 1)).map((c) => [c.id, c.deliveredAt])).toEqual([[first.id, T1]]);
      expect((await store.listAudit('k1')).map((entry) => [entry.event, entry.commandId, entry.detail])).toEqual([
        ['delivered', second.id, undefined],
        ['delivered', first.id, undefined],
        ['issued', second.id, 'service.in'],
        ['issued', first.id, 'logs.upload'],
      ]);
      expect(await store.listAudit('k1', 1)).toEqual([
        { commandId: second.id, kioskId: 'k1', at: T1, event: 'delivered', actor: 'hub' },
      ]);
    }),
  );

  it(
    'expires what waited past its time-to-live, and takes only the kiosk’s own acknowledgement, once',
    withStore(async ({ store }) => {
      const late = command('k1');
      const acked = command('k1', 'service.in');
      await store.insert(late);
      await store.insert(acked);
      const ack = {
        commandId: acked.id,
        kind: 'service.in',
        result: 'failed' as const,
        reason: 'no paper',
        finishedAt: T1,
      };
      expect(await store.acknowledge('k2', ack, T1)).toBe(false);
      expect(await store.acknowledge('k1', ack, T1)).toBe(true);
      expect(await store.acknowledge('k1', { ...ack, result: 'done' }, T1)).toBe(false);
      expect(await store.find(acked.id)).toMatchObject({ state: 'failed', finishedAt: T1, reason: 'no paper' });

      expect(await store.takeOpen('k1', T2, 10)).toEqual([]);
      expect(await store.find(late.id)).toMatchObject({ state: 'expired', finishedAt: T2 });
      expect(await store.acknowledge('k1', { ...ack, commandId: late.id, result: 'done' }, T2)).toBe(false);
      expect((await store.listAudit('k1')).map((entry) => [entry.event, entry.actor, entry.detail])).toEqual([
        ['expired', 'hub', 'the hub: not acknowledged within its time-to-live'],
        ['acknowledged', 'k1', 'failed: no paper'],
        ['issued', 'Петров', 'service.in'],
        ['issued', 'Петров', 'printer.testPage'],
      ]);
    }),
  );

  it(
    'keeps one attachment per command, its bytes whole, and audits it',
    withStore(async ({ store }) => {
      const logs = command('k1', 'logs.upload');
      await store.insert(logs);
      const data = Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0x10]);
      const attachment = {
        commandId: logs.id,
        mediaType: 'application/gzip' as const,
        sha256: 'ab'.repeat(32),
        data,
        receivedAt: T1,
      };
      expect(await store.putAttachment('k1', attachment)).toBe(true);
      expect(await store.putAttachment('k1', { ...attachment, data: Buffer.from('other') })).toBe(false);
      expect(await store.findAttachment(logs.id)).toEqual(attachment);
      expect(await store.findAttachment(randomUUID())).toBeUndefined();
      expect((await store.listAudit('k1'))[0]).toMatchObject({
        event: 'attachment',
        detail: 'application/gzip, 5 bytes',
      });
    }),
  );

  it(
    'names the kiosks with commands waiting, and a row number that grows with each command, seen by every instance',
    withStore(async ({ store, another }) => {
      const second = await another();
      expect(await store.pendingKiosks()).toEqual({ kioskIds: [], newestRowId: 0 });
      await store.insert(command('k1'));
      const after = await second.pendingKiosks();
      expect(after.kioskIds).toEqual(['k1']);
      expect(after.newestRowId).toBeGreaterThan(0);
      await second.insert(command('k2'));
      const later = await store.pendingKiosks();
      expect(later.kioskIds.sort()).toEqual(['k1', 'k2']);
      expect(later.newestRowId).toBeGreaterThan(after.newestRowId);
      await store.takeOpen('k1', T1, 10);
      // Handed out is no longer waiting; the row number stays.
      expect(await second.pendingKiosks()).toEqual({ kioskIds: ['k2'], newestRowId: later.newestRowId });
    }),
  );

  it(
    'delivers each command once when a kiosk polls two hub instances at the same moment',
    withStore(async ({ store, another }) => {
      const second = await another();
      const live = [command('k1'), command('k1', 'service.in'), command('k1', 'logs.upload')];
      for (const c of live) await store.insert(c);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : second).takeOpen('k1', T1, 10)),
      );
      // Every poll hands out what is open: a command goes out again until acknowledged.
      for (const answer of answers) {
        expect(answer.map((c) => c.id).sort()).toEqual(live.map((c) => c.id).sort());
        expect(answer.every((c) => c.state === 'delivered' && c.deliveredAt === T1)).toBe(true);
      }
      const events = (await store.listAudit('k1')).map((entry) => `${entry.event} ${entry.commandId}`);
      for (const c of live) expect(events.filter((event) => event === `delivered ${c.id}`)).toHaveLength(1);
      expect(events).toHaveLength(2 * live.length);
    }),
  );

  it(
    'expires a stale command once when a kiosk polls two hub instances at the same moment',
    withStore(async ({ store, another }) => {
      const second = await another();
      const stale = [command('k1'), command('k1', 'service.in')];
      for (const c of stale) await store.insert(c);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : second).takeOpen('k1', T2, 10)),
      );
      expect(answers.flat()).toEqual([]);
      const events = (await store.listAudit('k1')).map((entry) => `${entry.event} ${entry.commandId}`);
      for (const c of stale) expect(events.filter((event) => event === `expired ${c.id}`)).toHaveLength(1);
      expect(events).toHaveLength(2 * stale.length);
    }),
  );

  it(
    'takes an acknowledgement once when it reaches two hub instances at the same moment, amid hand-outs',
    withStore(async ({ store, another }) => {
      const second = await another();
      const issued = command('k1', 'service.in');
      await store.insert(issued);
      const ack = { commandId: issued.id, kind: 'service.in', result: 'done' as const, finishedAt: T1 };
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const instance = i % 2 === 0 ? store : second;
          return i % 4 < 2
            ? instance.acknowledge('k1', ack, T1).then(String)
            : instance.takeOpen('k1', T1, 10).then(() => 'taken');
        }),
      );
      expect(answers.filter((answer) => answer === 'true')).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'false')).toHaveLength(9);
      expect(await second.find(issued.id)).toMatchObject({ state: 'done', finishedAt: T1 });
      const events = (await store.listAudit('k1')).map((entry) => entry.event);
      expect(events.filter((event) => event === 'acknowledged')).toHaveLength(1);
      expect(events.filter((event) => event === 'delivered').length).toBeLessThanOrEqual(1);
    }),
  );
}
